CREATE TYPE "public"."certificate_award_title" AS ENUM('certificate', 'commendation');--> statement-breakpoint
CREATE TYPE "public"."certificate_heading" AS ENUM('party', 'national');--> statement-breakpoint
ALTER TYPE "public"."certificate_kind" ADD VALUE 'unit_award';--> statement-breakpoint
CREATE TABLE "certificate_settings" (
	"contest_id" integer PRIMARY KEY NOT NULL,
	"heading" "certificate_heading" DEFAULT 'party' NOT NULL,
	"award_title" "certificate_award_title" DEFAULT 'certificate' NOT NULL,
	"issuer_lines" text DEFAULT '' NOT NULL,
	"decision_number" text DEFAULT '' NOT NULL,
	"place" text DEFAULT '' NOT NULL,
	"signer_capacity" text DEFAULT '' NOT NULL,
	"signer_title" text DEFAULT '' NOT NULL,
	"signer_name" text DEFAULT '' NOT NULL,
	"logo_sha256" text,
	"logo_type" text,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_settings_logo" CHECK (("certificate_settings"."logo_sha256" is null and "certificate_settings"."logo_type" is null)
				or ("certificate_settings"."logo_sha256" ~ '^[0-9a-f]{64}$' and "certificate_settings"."logo_type" in ('png', 'jpeg'))),
	CONSTRAINT "certificate_settings_lengths" CHECK (length("certificate_settings"."issuer_lines") <= 400 and length("certificate_settings"."decision_number") <= 60 and length("certificate_settings"."place") <= 60
				and length("certificate_settings"."signer_capacity") <= 80 and length("certificate_settings"."signer_title") <= 80 and length("certificate_settings"."signer_name") <= 80)
);
--> statement-breakpoint
ALTER TABLE "certificates" DROP CONSTRAINT "certificates_subject_unique";--> statement-breakpoint
ALTER TABLE "certificates" ALTER COLUMN "user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "unit_id" integer;--> statement-breakpoint
ALTER TABLE "certificates" ADD COLUMN "award_rank" smallint;--> statement-breakpoint
ALTER TABLE "certificate_settings" ADD CONSTRAINT "certificate_settings_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_settings" ADD CONSTRAINT "certificate_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_subject_unique" UNIQUE NULLS NOT DISTINCT("kind","contest_id","round_id","entry_id","user_id","unit_id");--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_recipient" CHECK (case when "certificates"."kind"::text = 'unit_award' then "certificates"."unit_id" is not null and "certificates"."user_id" is null
				else "certificates"."user_id" is not null and "certificates"."unit_id" is null end);--> statement-breakpoint
UPDATE "certificates" c SET "award_rank" = t."position"
	FROM "entry_awards" a JOIN "award_tiers" t ON t."contest_id" = a."contest_id" AND t."name" = a."tier"
	WHERE c."kind"::text = 'essay_award' AND c."entry_id" = a."entry_id";--> statement-breakpoint
UPDATE "certificates" SET "award_rank" = least(substring("award_text" FROM '(\d+)$')::int, 32767)
	WHERE "kind"::text = 'quiz_award' AND "award_text" ~ '\d+$';
