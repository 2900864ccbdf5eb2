ALTER TABLE "round_results" ADD COLUMN "ranked_attempt_id" bigint;--> statement-breakpoint
-- rounds ranked before this column existed: their counted attempt is the one that was ranked
UPDATE "round_results" SET "ranked_attempt_id" = "attempt_id" WHERE "rank" IS NOT NULL;
