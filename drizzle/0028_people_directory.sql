ALTER TABLE "users" ADD COLUMN "last_sign_in_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "users_name_idx" ON "users" USING btree ("full_name","id");--> statement-breakpoint
CREATE INDEX "users_unit_name_idx" ON "users" USING btree ("unit_id","full_name","id");--> statement-breakpoint
CREATE INDEX "users_last_sign_in_idx" ON "users" USING btree ("last_sign_in_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
-- people who signed in before the column existed: their latest session is the best trace left
UPDATE "users" SET "last_sign_in_at" = s.at FROM (SELECT "user_id", max("created_at") AS at FROM "sessions" GROUP BY "user_id") s WHERE s."user_id" = "users"."id";
