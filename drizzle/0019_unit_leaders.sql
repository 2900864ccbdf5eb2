ALTER TYPE "public"."role_name" ADD VALUE 'leader';--> statement-breakpoint
ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_unit_organizer";--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_leader_unit" CHECK ("role_grants"."role"::text <> 'leader' or ("role_grants"."unit_id" is not null and "role_grants"."contest_id" is null));--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_unit_organizer" CHECK ("role_grants"."unit_id" is null or "role_grants"."role"::text in ('organizer', 'leader'));