CREATE TYPE "public"."deciding_score" AS ENUM('raw', 'normalized');--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "deciding_score" "deciding_score" DEFAULT 'raw' NOT NULL;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "normalize_min_scores" smallint DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "awards_any_round" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "conflict_depth" smallint;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD CONSTRAINT "essay_settings_normalize_min" CHECK ("essay_settings"."normalize_min_scores" between 2 and 1000);--> statement-breakpoint
ALTER TABLE "essay_settings" ADD CONSTRAINT "essay_settings_conflict_depth" CHECK ("essay_settings"."conflict_depth" is null or "essay_settings"."conflict_depth" between 0 and 20);