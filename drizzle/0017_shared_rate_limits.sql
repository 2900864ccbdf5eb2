CREATE TABLE "rate_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"count" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- hand-written: counters need no WAL (a crash only forgives the current window)
ALTER TABLE "rate_counters" SET UNLOGGED;
