CREATE TABLE "pictures" (
	"sha256" text PRIMARY KEY NOT NULL,
	"media_type" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"size" integer NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pictures_sha256" CHECK ("pictures"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "pictures_media_type" CHECK ("pictures"."media_type" in ('image/png', 'image/jpeg', 'image/webp')),
	CONSTRAINT "pictures_dimensions" CHECK ("pictures"."width" between 1 and 20000 and "pictures"."height" between 1 and 20000),
	CONSTRAINT "pictures_size" CHECK ("pictures"."size" > 0)
);
--> statement-breakpoint
ALTER TABLE "question_options" ADD COLUMN "picture_sha256" text;--> statement-breakpoint
ALTER TABLE "question_options" ADD COLUMN "picture_alt" text;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "picture_sha256" text;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "picture_alt" text;--> statement-breakpoint
ALTER TABLE "pictures" ADD CONSTRAINT "pictures_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_options" ADD CONSTRAINT "question_options_picture_sha256_pictures_sha256_fk" FOREIGN KEY ("picture_sha256") REFERENCES "public"."pictures"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_picture_sha256_pictures_sha256_fk" FOREIGN KEY ("picture_sha256") REFERENCES "public"."pictures"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "question_options" ADD CONSTRAINT "question_options_picture_alt" CHECK (("question_options"."picture_sha256" is null and "question_options"."picture_alt" is null) or ("question_options"."picture_sha256" is not null and length(btrim("question_options"."picture_alt")) > 0));--> statement-breakpoint
ALTER TABLE "question_options" ADD CONSTRAINT "question_options_text_or_picture" CHECK ("question_options"."text" <> '' or "question_options"."picture_sha256" is not null);--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_picture_alt" CHECK (("questions"."picture_sha256" is null and "questions"."picture_alt" is null) or ("questions"."picture_sha256" is not null and length(btrim("questions"."picture_alt")) > 0));--> statement-breakpoint
-- A version's pictures never change: an attempt shows the picture of the version it drew (editing makes a new version).
CREATE FUNCTION question_pictures_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.picture_sha256 IS DISTINCT FROM OLD.picture_sha256 OR NEW.picture_alt IS DISTINCT FROM OLD.picture_alt THEN
		RAISE EXCEPTION 'a question version''s pictures cannot change: edit it into a new version'
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER questions_pictures_immutable BEFORE UPDATE OF picture_sha256, picture_alt ON questions
	FOR EACH ROW EXECUTE FUNCTION question_pictures_immutable();
--> statement-breakpoint
CREATE TRIGGER question_options_pictures_immutable BEFORE UPDATE OF picture_sha256, picture_alt ON question_options
	FOR EACH ROW EXECUTE FUNCTION question_pictures_immutable();
