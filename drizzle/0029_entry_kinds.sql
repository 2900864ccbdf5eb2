CREATE TYPE "public"."entry_kind" AS ENUM('essay', 'video', 'file', 'performance');--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "registered_by" integer;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "team_name" text;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "video_url" text;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "appearance_no" smallint;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "entry_kind" "entry_kind" DEFAULT 'essay' NOT NULL;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "blind" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_appearance_unique" UNIQUE("contest_id","appearance_no");--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_appearance_no" CHECK ("entries"."appearance_no" is null or "entries"."appearance_no" between 1 and 999);--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_video_url" CHECK ("entries"."video_url" is null or ("entries"."video_url" like 'https://%' and char_length("entries"."video_url") <= 500));--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_team_name" CHECK ("entries"."team_name" is null or char_length(trim("entries"."team_name")) between 1 and 200);--> statement-breakpoint
ALTER TABLE "essay_settings" ADD CONSTRAINT "essay_settings_performance_open" CHECK ("essay_settings"."entry_kind" <> 'performance' or not "essay_settings"."blind");