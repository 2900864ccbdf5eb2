DROP INDEX "jobs_one_running";--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "subject" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "params" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "checkpoint" jsonb;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "result_sha256" text;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "result_name" text;--> statement-breakpoint
CREATE INDEX "jobs_starter_idx" ON "jobs" USING btree ("started_by","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_one_running" ON "jobs" USING btree ("kind",coalesce("contest_id", 0),coalesce("subject", '')) WHERE "jobs"."status" = 'running';--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_result" CHECK (("jobs"."result_sha256" is null) = ("jobs"."result_name" is null));