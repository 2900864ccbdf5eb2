CREATE TYPE "public"."essay_stage" AS ENUM('draft', 'submissions', 'closed', 'judging', 'settled', 'published');--> statement-breakpoint
CREATE TABLE "entry_versions" (
	"entry_id" integer NOT NULL,
	"version_no" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"word_count" integer NOT NULL,
	"file_sha256" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entry_versions_entry_id_version_no_pk" PRIMARY KEY("entry_id","version_no")
);
--> statement-breakpoint
CREATE TABLE "replaced_certificate_codes" (
	"code" text PRIMARY KEY NOT NULL,
	"certificate_id" integer NOT NULL,
	"full_name" text NOT NULL,
	"award_text" text NOT NULL,
	"detail" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"replaced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "stage" "essay_stage" DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "entry_versions" ADD CONSTRAINT "entry_versions_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_versions" ADD CONSTRAINT "entry_versions_file_sha256_entry_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."entry_files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replaced_certificate_codes" ADD CONSTRAINT "replaced_certificate_codes_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- hand-written (stages)
-- The essay contest's stages in the database: entries freeze once submissions close, awards and certificates once
-- results are published; the only way past is the correction path (stages.ts correctResults), which sets
-- app.essay_correction = 'on' for its own transaction. The code checks first for the message; these are the floor.
UPDATE "essay_settings" s SET "stage" = (CASE
	WHEN s."results_published_at" IS NOT NULL THEN 'published'
	WHEN EXISTS (SELECT 1 FROM "round_entries" re JOIN "essay_rounds" r ON r."id" = re."round_id" WHERE r."contest_id" = s."contest_id") THEN 'judging'
	WHEN EXISTS (SELECT 1 FROM "contests" c WHERE c."id" = s."contest_id" AND c."published") THEN 'submissions'
	ELSE 'draft' END)::"essay_stage";--> statement-breakpoint
INSERT INTO "entry_versions" ("entry_id", "version_no", "title", "body", "word_count", "file_sha256", "submitted_at")
	SELECT "id", 1, "title", "body", "word_count", "file_sha256", coalesce("submitted_at", "updated_at") FROM "entries"
	WHERE "status" <> 'draft' AND "submitted_at" IS NOT NULL;--> statement-breakpoint
CREATE FUNCTION "essay_correcting"() RETURNS boolean LANGUAGE sql STABLE AS $$
	SELECT coalesce(current_setting('app.essay_correction', true), '') = 'on'
$$;--> statement-breakpoint
CREATE FUNCTION "essay_stage_of"(contest integer) RETURNS "essay_stage" LANGUAGE sql STABLE AS $$
	SELECT "stage" FROM "essay_settings" WHERE "contest_id" = contest
$$;--> statement-breakpoint
CREATE FUNCTION "entries_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE st "essay_stage" := "essay_stage_of"(NEW."contest_id");
BEGIN
	IF st IS NULL OR st IN ('draft', 'submissions') OR "essay_correcting"() THEN RETURN NEW; END IF;
	IF TG_OP = 'INSERT' OR (OLD."title", OLD."body", OLD."word_count", OLD."file_sha256", OLD."file_name", OLD."status")
		IS DISTINCT FROM (NEW."title", NEW."body", NEW."word_count", NEW."file_sha256", NEW."file_name", NEW."status") THEN
		RAISE EXCEPTION 'entry_frozen: entries of contest % are frozen at stage %', NEW."contest_id", st
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "entries_frozen" BEFORE INSERT OR UPDATE ON "entries"
	FOR EACH ROW EXECUTE FUNCTION "entries_frozen"();--> statement-breakpoint
CREATE FUNCTION "entries_version"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last "entry_versions"%ROWTYPE;
BEGIN
	IF NEW."status" <> 'submitted' THEN RETURN NULL; END IF;
	SELECT * INTO last FROM "entry_versions" WHERE "entry_id" = NEW."id" ORDER BY "version_no" DESC LIMIT 1;
	IF FOUND AND (last."title", last."body", last."word_count", last."file_sha256")
		IS NOT DISTINCT FROM (NEW."title", NEW."body", NEW."word_count", NEW."file_sha256") THEN RETURN NULL; END IF;
	INSERT INTO "entry_versions" ("entry_id", "version_no", "title", "body", "word_count", "file_sha256", "submitted_at")
		VALUES (NEW."id", coalesce(last."version_no", 0) + 1, NEW."title", NEW."body", NEW."word_count", NEW."file_sha256",
			coalesce(NEW."updated_at", now()));
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "entries_version" AFTER INSERT OR UPDATE ON "entries"
	FOR EACH ROW EXECUTE FUNCTION "entries_version"();--> statement-breakpoint
CREATE FUNCTION "entry_awards_published"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE contest integer := CASE WHEN TG_OP = 'DELETE' THEN OLD."contest_id" ELSE NEW."contest_id" END;
BEGIN
	IF "essay_stage_of"(contest) = 'published' AND NOT "essay_correcting"() THEN
		RAISE EXCEPTION 'results_published: awards of contest % change only through a correction', contest
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;--> statement-breakpoint
CREATE TRIGGER "entry_awards_published" BEFORE INSERT OR UPDATE OR DELETE ON "entry_awards"
	FOR EACH ROW EXECUTE FUNCTION "entry_awards_published"();--> statement-breakpoint
CREATE FUNCTION "certificates_published"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF "essay_stage_of"(OLD."contest_id") = 'published' AND NOT "essay_correcting"() AND (TG_OP = 'DELETE'
		OR (OLD."code", OLD."full_name", OLD."unit_name", OLD."contest_title", OLD."award_text", OLD."detail", OLD."issuer_name")
		IS DISTINCT FROM (NEW."code", NEW."full_name", NEW."unit_name", NEW."contest_title", NEW."award_text", NEW."detail", NEW."issuer_name")) THEN
		RAISE EXCEPTION 'results_published: certificates of contest % change only through a correction', OLD."contest_id"
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;--> statement-breakpoint
CREATE TRIGGER "certificates_published" BEFORE UPDATE OR DELETE ON "certificates"
	FOR EACH ROW EXECUTE FUNCTION "certificates_published"();--> statement-breakpoint
CREATE FUNCTION "certificates_code_replaced"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "replaced_certificate_codes" ("code", "certificate_id", "full_name", "award_text", "detail", "issued_at")
		VALUES (OLD."code", OLD."id", OLD."full_name", OLD."award_text", OLD."detail", OLD."issued_at")
		ON CONFLICT ("code") DO NOTHING;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "certificates_code_replaced" AFTER UPDATE OF "code" ON "certificates"
	FOR EACH ROW WHEN (OLD."code" IS DISTINCT FROM NEW."code") EXECUTE FUNCTION "certificates_code_replaced"();--> statement-breakpoint
CREATE FUNCTION "essay_settings_stage_rules"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD."stage" IN ('judging', 'settled', 'published')
		AND (OLD."opens_at", OLD."closes_at") IS DISTINCT FROM (NEW."opens_at", NEW."closes_at") THEN
		RAISE EXCEPTION 'window_locked: the submission window of contest % is fixed once judging has begun', OLD."contest_id"
			USING ERRCODE = 'check_violation';
	END IF;
	IF OLD."stage" = 'published' AND NOT "essay_correcting"()
		AND (NEW."stage" <> 'published' OR NEW."results_published_at" IS DISTINCT FROM OLD."results_published_at") THEN
		RAISE EXCEPTION 'results_published: the results of contest % are published', OLD."contest_id"
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "essay_settings_stage_rules" BEFORE UPDATE ON "essay_settings"
	FOR EACH ROW EXECUTE FUNCTION "essay_settings_stage_rules"();
