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
ALTER TABLE "essay_settings" ADD CONSTRAINT "essay_settings_performance_open" CHECK ("essay_settings"."entry_kind" <> 'performance' or not "essay_settings"."blind");--> statement-breakpoint
-- hand-written (entry kinds)
-- Entries freeze past submissions with what identifies and shows them to judges: the team, the video, the order on
-- stage join the columns the frozen-stage trigger compares (the disqualification path may change none of them).
CREATE OR REPLACE FUNCTION "entries_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE st "essay_stage" := "essay_stage_of"(NEW."contest_id");
BEGIN
	IF st IS NULL OR st IN ('draft', 'submissions') OR "essay_correcting"() THEN RETURN NEW; END IF;
	IF TG_OP = 'UPDATE' AND coalesce(current_setting('app.essay_disqualify', true), '') = 'on'
		AND OLD."status"::text = 'submitted' AND NEW."status"::text = 'disqualified'
		AND (OLD."title", OLD."body", OLD."word_count", OLD."file_sha256", OLD."file_name",
			OLD."team_name", OLD."video_url", OLD."appearance_no")
			IS NOT DISTINCT FROM (NEW."title", NEW."body", NEW."word_count", NEW."file_sha256", NEW."file_name",
			NEW."team_name", NEW."video_url", NEW."appearance_no") THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'INSERT' OR (OLD."title", OLD."body", OLD."word_count", OLD."file_sha256", OLD."file_name", OLD."status",
			OLD."team_name", OLD."video_url", OLD."appearance_no")
		IS DISTINCT FROM (NEW."title", NEW."body", NEW."word_count", NEW."file_sha256", NEW."file_name", NEW."status",
			NEW."team_name", NEW."video_url", NEW."appearance_no") THEN
		RAISE EXCEPTION 'entry_frozen: entries of contest % are frozen at stage %', NEW."contest_id", st
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
-- An entry carries what its contest's kind needs and nothing of another kind: a video entry its link, a performance
-- its order of appearance; a video link or an order on another kind of contest is refused.
CREATE FUNCTION "entries_kind_rules"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE k "entry_kind";
BEGIN
	SELECT "entry_kind" INTO k FROM "essay_settings" WHERE "contest_id" = NEW."contest_id";
	IF k IS NULL THEN RETURN NEW; END IF;
	IF (k = 'video') <> (NEW."video_url" IS NOT NULL) OR (k = 'performance') <> (NEW."appearance_no" IS NOT NULL)
		OR (k IN ('video', 'performance') AND (NEW."registered_by" IS NULL AND TG_OP = 'INSERT' OR NEW."team_name" IS NULL)) THEN
		RAISE EXCEPTION 'entry_kind: an entry of contest % does not match its kind %', NEW."contest_id", k
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "entries_kind_rules" BEFORE INSERT OR UPDATE OF "contest_id", "video_url", "appearance_no", "team_name" ON "entries"
	FOR EACH ROW EXECUTE FUNCTION "entries_kind_rules"();--> statement-breakpoint
-- The kind of a contest stays once it has entries; its blindness once judging has begun (judges have seen entries).
CREATE FUNCTION "essay_settings_kind_rules"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW."entry_kind" IS DISTINCT FROM OLD."entry_kind"
		AND EXISTS (SELECT 1 FROM "entries" WHERE "contest_id" = OLD."contest_id") THEN
		RAISE EXCEPTION 'kind_locked: contest % has entries', OLD."contest_id" USING ERRCODE = 'check_violation';
	END IF;
	IF NEW."blind" IS DISTINCT FROM OLD."blind" AND OLD."stage" IN ('judging', 'settled', 'published') THEN
		RAISE EXCEPTION 'blind_locked: judging of contest % has begun', OLD."contest_id" USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "essay_settings_kind_rules" BEFORE UPDATE OF "entry_kind", "blind" ON "essay_settings"
	FOR EACH ROW EXECUTE FUNCTION "essay_settings_kind_rules"();
