CREATE TYPE "public"."advance_rule" AS ENUM('top_k', 'min_score');--> statement-breakpoint
CREATE TYPE "public"."assignment_source" AS ENUM('auto', 'manual', 'third');--> statement-breakpoint
CREATE TYPE "public"."entry_requirement" AS ENUM('text', 'file', 'text_or_file', 'text_and_file');--> statement-breakpoint
CREATE TYPE "public"."entry_status" AS ENUM('draft', 'submitted', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."score_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."settle_rule" AS ENUM('mean', 'third_settles', 'closest_two');--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "assignments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"entry_id" integer NOT NULL,
	"judge_id" integer NOT NULL,
	"source" "assignment_source" NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignments_unique" UNIQUE("round_id","entry_id","judge_id")
);
--> statement-breakpoint
CREATE TABLE "award_tiers" (
	"contest_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"count" smallint NOT NULL,
	CONSTRAINT "award_tiers_contest_id_position_pk" PRIMARY KEY("contest_id","position"),
	CONSTRAINT "award_tiers_count" CHECK ("award_tiers"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"contest_id" integer NOT NULL,
	"entry_no" integer NOT NULL,
	"code" text NOT NULL,
	"author_id" integer NOT NULL,
	"author_unit_id" integer NOT NULL,
	"slot" smallint,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"word_count" integer DEFAULT 0 NOT NULL,
	"file_sha256" text,
	"file_name" text,
	"status" "entry_status" DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entries_code_unique" UNIQUE("code"),
	CONSTRAINT "entries_number_unique" UNIQUE("contest_id","entry_no"),
	CONSTRAINT "entries_author_slot_unique" UNIQUE("contest_id","author_id","slot"),
	CONSTRAINT "entries_slot_withdrawn" CHECK (("entries"."status" = 'withdrawn') = ("entries"."slot" is null))
);
--> statement-breakpoint
CREATE TABLE "entry_awards" (
	"entry_id" integer PRIMARY KEY NOT NULL,
	"contest_id" integer NOT NULL,
	"tier" text NOT NULL,
	"awarded_by" integer,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entry_files" (
	"sha256" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"stripped_sha256" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "essay_rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "essay_rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"contest_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"scale" numeric(6, 1) DEFAULT 100 NOT NULL,
	"judges_per_entry" smallint DEFAULT 2 NOT NULL,
	"disagreement_threshold" numeric(6, 1) DEFAULT 20 NOT NULL,
	"settle_rule" "settle_rule" DEFAULT 'mean' NOT NULL,
	"advance_rule" "advance_rule",
	"advance_value" numeric(8, 2),
	"closes_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "essay_rounds_position_unique" UNIQUE("contest_id","position"),
	CONSTRAINT "essay_rounds_judges" CHECK ("essay_rounds"."judges_per_entry" between 1 and 10),
	CONSTRAINT "essay_rounds_scale" CHECK ("essay_rounds"."scale" > 0),
	CONSTRAINT "essay_rounds_threshold" CHECK ("essay_rounds"."disagreement_threshold" > 0)
);
--> statement-breakpoint
CREATE TABLE "essay_settings" (
	"contest_id" integer PRIMARY KEY NOT NULL,
	"code_prefix" text NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"entries_per_author" smallint DEFAULT 1 NOT NULL,
	"min_words" integer,
	"max_words" integer,
	"requirement" "entry_requirement" DEFAULT 'text_or_file' NOT NULL,
	"max_file_bytes" integer DEFAULT 10485760 NOT NULL,
	"results_published_at" timestamp with time zone,
	CONSTRAINT "essay_settings_window" CHECK ("essay_settings"."closes_at" > "essay_settings"."opens_at"),
	CONSTRAINT "essay_settings_entries" CHECK ("essay_settings"."entries_per_author" between 1 and 20),
	CONSTRAINT "essay_settings_words" CHECK (("essay_settings"."min_words" is null or "essay_settings"."min_words" >= 0) and ("essay_settings"."max_words" is null or "essay_settings"."max_words" >= coalesce("essay_settings"."min_words", 0))),
	CONSTRAINT "essay_settings_file_size" CHECK ("essay_settings"."max_file_bytes" between 1024 and 52428800)
);
--> statement-breakpoint
CREATE TABLE "round_entries" (
	"round_id" integer NOT NULL,
	"entry_id" integer NOT NULL,
	"disagreement" boolean DEFAULT false NOT NULL,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "round_entries_round_id_entry_id_pk" PRIMARY KEY("round_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "rubric_criteria" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rubric_criteria_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"max_points" numeric(6, 1) NOT NULL,
	CONSTRAINT "rubric_criteria_position_unique" UNIQUE("round_id","position"),
	CONSTRAINT "rubric_criteria_max" CHECK ("rubric_criteria"."max_points" > 0)
);
--> statement-breakpoint
CREATE TABLE "score_audit" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "score_audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"assignment_id" integer NOT NULL,
	"actor_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scores" (
	"assignment_id" integer PRIMARY KEY NOT NULL,
	"points" jsonb NOT NULL,
	"total" numeric(7, 2) NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"status" "score_status" DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "unit_awards" (
	"contest_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"title" text NOT NULL,
	"awarded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unit_awards_contest_id_unit_id_pk" PRIMARY KEY("contest_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_round_id_essay_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."essay_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_judge_id_users_id_fk" FOREIGN KEY ("judge_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "award_tiers" ADD CONSTRAINT "award_tiers_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_author_unit_id_units_id_fk" FOREIGN KEY ("author_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_file_sha256_entry_files_sha256_fk" FOREIGN KEY ("file_sha256") REFERENCES "public"."entry_files"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_awards" ADD CONSTRAINT "entry_awards_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_awards" ADD CONSTRAINT "entry_awards_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_awards" ADD CONSTRAINT "entry_awards_awarded_by_users_id_fk" FOREIGN KEY ("awarded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "essay_rounds" ADD CONSTRAINT "essay_rounds_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "essay_settings" ADD CONSTRAINT "essay_settings_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_entries" ADD CONSTRAINT "round_entries_round_id_essay_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."essay_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_entries" ADD CONSTRAINT "round_entries_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rubric_criteria" ADD CONSTRAINT "rubric_criteria_round_id_essay_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."essay_rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_audit" ADD CONSTRAINT "score_audit_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_audit" ADD CONSTRAINT "score_audit_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scores" ADD CONSTRAINT "scores_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_awards" ADD CONSTRAINT "unit_awards_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unit_awards" ADD CONSTRAINT "unit_awards_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignments_judge_idx" ON "assignments" USING btree ("judge_id","round_id");--> statement-breakpoint
CREATE INDEX "assignments_entry_idx" ON "assignments" USING btree ("round_id","entry_id");--> statement-breakpoint
CREATE INDEX "entries_contest_status_idx" ON "entries" USING btree ("contest_id","status");--> statement-breakpoint
CREATE INDEX "entries_author_idx" ON "entries" USING btree ("author_id","contest_id");--> statement-breakpoint
CREATE INDEX "entry_awards_contest_idx" ON "entry_awards" USING btree ("contest_id");--> statement-breakpoint
CREATE INDEX "score_audit_assignment_idx" ON "score_audit" USING btree ("assignment_id","at");