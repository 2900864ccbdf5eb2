ALTER TABLE "role_grants" DROP CONSTRAINT "role_grants_unique";--> statement-breakpoint
ALTER TABLE "role_grants" ADD COLUMN "unit_id" integer;--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "role_grants_unit_idx" ON "role_grants" USING btree ("unit_id");--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_unique" UNIQUE NULLS NOT DISTINCT("user_id","role","contest_id","unit_id");--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_one_scope" CHECK ("role_grants"."contest_id" is null or "role_grants"."unit_id" is null);--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_unit_organizer" CHECK ("role_grants"."unit_id" is null or "role_grants"."role" = 'organizer');