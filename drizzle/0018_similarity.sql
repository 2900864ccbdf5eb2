CREATE TYPE "public"."job_status" AS ENUM('running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."similarity_pair_status" AS ENUM('open', 'reviewed_acceptable', 'disqualified');--> statement-breakpoint
ALTER TYPE "public"."entry_status" ADD VALUE 'disqualified';--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"contest_id" integer,
	"status" "job_status" DEFAULT 'running' NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"error" text,
	"started_by" integer,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_progress" CHECK ("jobs"."done" >= 0 and "jobs"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "similarity_pairs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "similarity_pairs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"contest_id" integer NOT NULL,
	"entry_id" integer NOT NULL,
	"version_no" integer NOT NULL,
	"other_entry_id" integer,
	"other_version_no" integer,
	"reference_id" integer,
	"a_in_b" numeric(5, 2) NOT NULL,
	"b_in_a" numeric(5, 2) NOT NULL,
	"status" "similarity_pair_status" DEFAULT 'open' NOT NULL,
	"reviewed_by" integer,
	"reason" text,
	"reviewed_at" timestamp with time zone,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "similarity_pairs_one_other" CHECK (num_nonnulls("similarity_pairs"."other_entry_id", "similarity_pairs"."reference_id") = 1),
	CONSTRAINT "similarity_pairs_not_self" CHECK ("similarity_pairs"."entry_id" <> "similarity_pairs"."other_entry_id"),
	CONSTRAINT "similarity_pairs_range" CHECK ("similarity_pairs"."a_in_b" between 0 and 100 and "similarity_pairs"."b_in_a" between 0 and 100),
	CONSTRAINT "similarity_pairs_review" CHECK (("similarity_pairs"."status" = 'open') = ("similarity_pairs"."reviewed_at" is null)
				and ("similarity_pairs"."status" = 'open' or length(trim(coalesce("similarity_pairs"."reason", ''))) >= 10))
);
--> statement-breakpoint
CREATE TABLE "similarity_references" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "similarity_references_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"contest_id" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"word_count" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "similarity_references_title" CHECK (length(trim("similarity_references"."title")) between 1 and 300)
);
--> statement-breakpoint
CREATE TABLE "similarity_signatures" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "similarity_signatures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"entry_id" integer,
	"version_no" integer,
	"reference_id" integer,
	"chunk_no" smallint DEFAULT 0 NOT NULL,
	"signature" integer[] NOT NULL,
	"shingles" integer NOT NULL,
	"checked_at" timestamp with time zone,
	CONSTRAINT "similarity_signatures_one_source" CHECK (("similarity_signatures"."entry_id" is not null and "similarity_signatures"."version_no" is not null and "similarity_signatures"."reference_id" is null)
				or ("similarity_signatures"."entry_id" is null and "similarity_signatures"."version_no" is null and "similarity_signatures"."reference_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "essay_settings" ADD COLUMN "similarity_threshold" smallint DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_started_by_users_id_fk" FOREIGN KEY ("started_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_pairs" ADD CONSTRAINT "similarity_pairs_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_pairs" ADD CONSTRAINT "similarity_pairs_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_pairs" ADD CONSTRAINT "similarity_pairs_other_entry_id_entries_id_fk" FOREIGN KEY ("other_entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_pairs" ADD CONSTRAINT "similarity_pairs_reference_id_similarity_references_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."similarity_references"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_pairs" ADD CONSTRAINT "similarity_pairs_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_references" ADD CONSTRAINT "similarity_references_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_references" ADD CONSTRAINT "similarity_references_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_signatures" ADD CONSTRAINT "similarity_signatures_reference_id_similarity_references_id_fk" FOREIGN KEY ("reference_id") REFERENCES "public"."similarity_references"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "similarity_signatures" ADD CONSTRAINT "similarity_signatures_version_fk" FOREIGN KEY ("entry_id","version_no") REFERENCES "public"."entry_versions"("entry_id","version_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_one_running" ON "jobs" USING btree ("kind","contest_id") WHERE "jobs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "jobs_contest_idx" ON "jobs" USING btree ("contest_id","kind","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "similarity_pairs_entries_unique" ON "similarity_pairs" USING btree ("contest_id","entry_id","other_entry_id") WHERE "similarity_pairs"."other_entry_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "similarity_pairs_reference_unique" ON "similarity_pairs" USING btree ("contest_id","entry_id","reference_id") WHERE "similarity_pairs"."reference_id" is not null;--> statement-breakpoint
CREATE INDEX "similarity_pairs_contest_idx" ON "similarity_pairs" USING btree ("contest_id","status");--> statement-breakpoint
CREATE INDEX "similarity_references_contest_idx" ON "similarity_references" USING btree ("contest_id");--> statement-breakpoint
CREATE UNIQUE INDEX "similarity_signatures_version_unique" ON "similarity_signatures" USING btree ("entry_id","version_no","chunk_no") WHERE "similarity_signatures"."entry_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "similarity_signatures_reference_unique" ON "similarity_signatures" USING btree ("reference_id","chunk_no") WHERE "similarity_signatures"."reference_id" is not null;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD CONSTRAINT "essay_settings_similarity" CHECK ("essay_settings"."similarity_threshold" between 1 and 100);--> statement-breakpoint
-- hand-written (similarity): the one change an entry takes past submissions besides a correction is its
-- disqualification (essays/similarity/review.ts), which sets app.essay_disqualify = 'on' for its own transaction and
-- may only move a submitted entry to disqualified, nothing else of it.
CREATE OR REPLACE FUNCTION "entries_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE st "essay_stage" := "essay_stage_of"(NEW."contest_id");
BEGIN
	IF st IS NULL OR st IN ('draft', 'submissions') OR "essay_correcting"() THEN RETURN NEW; END IF;
	IF TG_OP = 'UPDATE' AND coalesce(current_setting('app.essay_disqualify', true), '') = 'on'
		AND OLD."status"::text = 'submitted' AND NEW."status"::text = 'disqualified'
		AND (OLD."title", OLD."body", OLD."word_count", OLD."file_sha256", OLD."file_name")
			IS NOT DISTINCT FROM (NEW."title", NEW."body", NEW."word_count", NEW."file_sha256", NEW."file_name") THEN
		RETURN NEW;
	END IF;
	IF TG_OP = 'INSERT' OR (OLD."title", OLD."body", OLD."word_count", OLD."file_sha256", OLD."file_name", OLD."status")
		IS DISTINCT FROM (NEW."title", NEW."body", NEW."word_count", NEW."file_sha256", NEW."file_name", NEW."status") THEN
		RAISE EXCEPTION 'entry_frozen: entries of contest % are frozen at stage %', NEW."contest_id", st
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;
