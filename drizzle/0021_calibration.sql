CREATE TABLE "calibration_entries" (
	"round_id" integer NOT NULL,
	"entry_id" integer NOT NULL,
	"added_by" integer,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calibration_entries_round_id_entry_id_pk" PRIMARY KEY("round_id","entry_id")
);
--> statement-breakpoint
ALTER TABLE "calibration_entries" ADD CONSTRAINT "calibration_entries_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_entries" ADD CONSTRAINT "calibration_entries_round_entry" FOREIGN KEY ("round_id","entry_id") REFERENCES "public"."round_entries"("round_id","entry_id") ON DELETE cascade ON UPDATE no action;