CREATE TYPE "public"."attempt_end" AS ENUM('submitted', 'deadline', 'abandoned');--> statement-breakpoint
CREATE TYPE "public"."attempt_status" AS ENUM('in_progress', 'finished');--> statement-breakpoint
CREATE TYPE "public"."contest_kind" AS ENUM('quiz', 'essay');--> statement-breakpoint
CREATE TYPE "public"."results_state" AS ENUM('hidden', 'frozen', 'published');--> statement-breakpoint
CREATE TYPE "public"."review_policy" AS ENUM('score_only', 'after_close', 'immediate');--> statement-breakpoint
CREATE TABLE "attempt_questions" (
	"attempt_id" bigint NOT NULL,
	"position" smallint NOT NULL,
	"question_id" integer NOT NULL,
	"option_order" smallint[] NOT NULL,
	"selected" smallint[],
	"save_seq" integer DEFAULT 0 NOT NULL,
	"answered_at" timestamp with time zone,
	"correct" boolean,
	CONSTRAINT "attempt_questions_attempt_id_position_pk" PRIMARY KEY("attempt_id","position")
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attempts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"attempt_no" smallint NOT NULL,
	"status" "attempt_status" DEFAULT 'in_progress' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"ended_by" "attempt_end",
	"question_count" smallint NOT NULL,
	"correct_count" smallint,
	"duration_ms" integer,
	"prediction" integer,
	CONSTRAINT "attempts_number_unique" UNIQUE("round_id","user_id","attempt_no"),
	CONSTRAINT "attempts_finished_fields" CHECK ("attempts"."status" = 'in_progress' or ("attempts"."finished_at" is not null and "attempts"."correct_count" is not null)),
	CONSTRAINT "attempts_prediction" CHECK ("attempts"."prediction" is null or "attempts"."prediction" >= 0)
);
--> statement-breakpoint
CREATE TABLE "contests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" "contest_kind" NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"rules" text DEFAULT '' NOT NULL,
	"eligible_unit_id" integer,
	"published" boolean DEFAULT false NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "question_options" (
	"question_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"text" text NOT NULL,
	"is_correct" boolean NOT NULL,
	CONSTRAINT "question_options_question_id_position_pk" PRIMARY KEY("question_id","position"),
	CONSTRAINT "question_options_position_range" CHECK ("question_options"."position" between 0 and 5)
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "questions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"topic_id" integer NOT NULL,
	"text" text NOT NULL,
	"explanation" text DEFAULT '' NOT NULL,
	"difficulty" smallint DEFAULT 2 NOT NULL,
	"multi" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"replaces_id" integer,
	"superseded_at" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "questions_difficulty_range" CHECK ("questions"."difficulty" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "round_results" (
	"round_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"attempt_id" bigint NOT NULL,
	"unit_id" integer NOT NULL,
	"correct_count" smallint NOT NULL,
	"duration_ms" integer NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"prediction" integer,
	"prediction_distance" integer,
	"rank" integer,
	CONSTRAINT "round_results_round_id_user_id_pk" PRIMARY KEY("round_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "round_topics" (
	"round_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"question_count" smallint NOT NULL,
	CONSTRAINT "round_topics_round_id_topic_id_pk" PRIMARY KEY("round_id","topic_id"),
	CONSTRAINT "round_topics_count" CHECK ("round_topics"."question_count" between 1 and 100)
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"contest_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"name" text NOT NULL,
	"practice" boolean DEFAULT false NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"time_limit_seconds" integer NOT NULL,
	"attempts_allowed" smallint,
	"shuffle_questions" boolean DEFAULT true NOT NULL,
	"shuffle_options" boolean DEFAULT true NOT NULL,
	"prediction_enabled" boolean DEFAULT false NOT NULL,
	"review_policy" "review_policy" DEFAULT 'after_close' NOT NULL,
	"grace_seconds" smallint DEFAULT 30 NOT NULL,
	"results_state" "results_state" DEFAULT 'hidden' NOT NULL,
	"results_at" timestamp with time zone,
	"prediction_answer" integer,
	"finalized_at" timestamp with time zone,
	CONSTRAINT "rounds_position_unique" UNIQUE("contest_id","position"),
	CONSTRAINT "rounds_window" CHECK ("rounds"."closes_at" > "rounds"."opens_at"),
	CONSTRAINT "rounds_time_limit" CHECK ("rounds"."time_limit_seconds" between 30 and 14400),
	CONSTRAINT "rounds_attempts" CHECK ("rounds"."attempts_allowed" is null or "rounds"."attempts_allowed" between 1 and 100),
	CONSTRAINT "rounds_grace" CHECK ("rounds"."grace_seconds" between 0 and 600)
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "topics_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topics_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "attempt_questions" ADD CONSTRAINT "attempt_questions_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_questions" ADD CONSTRAINT "attempt_questions_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_eligible_unit_id_units_id_fk" FOREIGN KEY ("eligible_unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contests" ADD CONSTRAINT "contests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_options" ADD CONSTRAINT "question_options_question_id_questions_id_fk" FOREIGN KEY ("question_id") REFERENCES "public"."questions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_replaces_id_questions_id_fk" FOREIGN KEY ("replaces_id") REFERENCES "public"."questions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_results" ADD CONSTRAINT "round_results_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_results" ADD CONSTRAINT "round_results_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_results" ADD CONSTRAINT "round_results_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_results" ADD CONSTRAINT "round_results_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_topics" ADD CONSTRAINT "round_topics_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_topics" ADD CONSTRAINT "round_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topics" ADD CONSTRAINT "topics_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempt_questions_question_idx" ON "attempt_questions" USING btree ("question_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_one_in_progress" ON "attempts" USING btree ("round_id","user_id") WHERE "attempts"."status" = 'in_progress';--> statement-breakpoint
CREATE INDEX "attempts_open_deadline_idx" ON "attempts" USING btree ("deadline") WHERE "attempts"."status" = 'in_progress';--> statement-breakpoint
CREATE INDEX "attempts_user_idx" ON "attempts" USING btree ("user_id","round_id");--> statement-breakpoint
CREATE INDEX "attempts_round_finished_idx" ON "attempts" USING btree ("round_id","finished_at");--> statement-breakpoint
CREATE INDEX "questions_drawable_idx" ON "questions" USING btree ("topic_id","id") WHERE "questions"."active" and "questions"."superseded_at" is null;--> statement-breakpoint
CREATE INDEX "round_results_rank_idx" ON "round_results" USING btree ("round_id","rank","user_id");--> statement-breakpoint
CREATE INDEX "round_results_order_idx" ON "round_results" USING btree ("round_id","correct_count" DESC NULLS LAST,"prediction_distance","duration_ms","finished_at","user_id");--> statement-breakpoint
CREATE INDEX "round_results_unit_idx" ON "round_results" USING btree ("round_id","unit_id");--> statement-breakpoint
CREATE INDEX "rounds_open_idx" ON "rounds" USING btree ("opens_at","closes_at");