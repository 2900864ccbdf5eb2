CREATE TABLE "contest_results" (
	"contest_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"rounds" smallint NOT NULL,
	"correct_count" integer NOT NULL,
	"duration_ms" bigint NOT NULL,
	"last_finished_at" timestamp with time zone NOT NULL,
	"rank" integer NOT NULL,
	CONSTRAINT "contest_results_contest_id_user_id_pk" PRIMARY KEY("contest_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "round_results" ADD COLUMN "entries" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "contest_results" ADD CONSTRAINT "contest_results_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_results" ADD CONSTRAINT "contest_results_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contest_results_rank_idx" ON "contest_results" USING btree ("contest_id","rank","user_id");--> statement-breakpoint
-- answer saves rewrite only unindexed columns: free space on each page lets them be HOT updates
ALTER TABLE "attempt_questions" SET (fillfactor = 75);
