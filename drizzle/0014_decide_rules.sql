CREATE TYPE "public"."deciding_score" AS ENUM('raw', 'normalized');--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "deciding_score" "deciding_score" DEFAULT 'raw' NOT NULL;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "normalize_min_scores" smallint DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "awards_any_round" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "conflict_depth" smallint;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD CONSTRAINT "essay_settings_normalize_min" CHECK ("essay_settings"."normalize_min_scores" between 2 and 1000);--> statement-breakpoint
ALTER TABLE "essay_settings" ADD CONSTRAINT "essay_settings_conflict_depth" CHECK ("essay_settings"."conflict_depth" is null or "essay_settings"."conflict_depth" between 0 and 20);
--> statement-breakpoint
-- hand-written (decide)
-- The rules that decide results (deciding score, normalization minimum, awards from any round, conflict level)
-- are frozen while results are published: a change then would silently re-rank published winners.
CREATE OR REPLACE FUNCTION essay_settings_rules_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.results_published_at IS NOT NULL AND NEW.results_published_at IS NOT NULL AND (
		NEW.deciding_score IS DISTINCT FROM OLD.deciding_score OR
		NEW.normalize_min_scores IS DISTINCT FROM OLD.normalize_min_scores OR
		NEW.awards_any_round IS DISTINCT FROM OLD.awards_any_round OR
		NEW.conflict_depth IS DISTINCT FROM OLD.conflict_depth
	) THEN
		RAISE EXCEPTION 'essay_settings: the deciding rules of contest % are frozen while its results are published', OLD.contest_id
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER essay_settings_rules_frozen BEFORE UPDATE ON essay_settings
	FOR EACH ROW EXECUTE FUNCTION essay_settings_rules_frozen();
