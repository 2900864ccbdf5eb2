CREATE TABLE "file_blobs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "file_blobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"sha256" text,
	"size" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_blobs_sha256_unique" UNIQUE("sha256"),
	CONSTRAINT "file_blobs_sha256" CHECK ("file_blobs"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "file_blobs_size" CHECK ("file_blobs"."size" >= 0)
);
--> statement-breakpoint
CREATE TABLE "file_chunks" (
	"blob_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "file_chunks_blob_id_seq_pk" PRIMARY KEY("blob_id","seq"),
	CONSTRAINT "file_chunks_seq" CHECK ("file_chunks"."seq" >= 0)
);
--> statement-breakpoint
ALTER TABLE "file_chunks" ADD CONSTRAINT "file_chunks_blob_id_file_blobs_id_fk" FOREIGN KEY ("blob_id") REFERENCES "public"."file_blobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_blobs_pending" ON "file_blobs" USING btree ("created_at") WHERE "file_blobs"."sha256" is null;--> statement-breakpoint
-- Essays arrive as .docx and PDF, already compressed: storing chunks out of line without compression spares the
-- server a pglz attempt on every megabyte written.
ALTER TABLE "file_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL;--> statement-breakpoint
-- A stored file never changes: once its hash is set, its row keeps its hash and size and no chunk of it is
-- added or rewritten (a pending row may still be completed or deleted, and deleting a blob deletes its chunks).
CREATE FUNCTION "file_blob_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'file_blobs' THEN
		IF OLD."sha256" IS NOT NULL THEN
			RAISE EXCEPTION 'file % is complete and cannot change', OLD."sha256" USING ERRCODE = 'integrity_constraint_violation';
		END IF;
		RETURN NEW;
	END IF;
	IF EXISTS (SELECT 1 FROM "file_blobs" b WHERE b."id" = NEW."blob_id" AND b."sha256" IS NOT NULL)
		OR (TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM "file_blobs" b WHERE b."id" = OLD."blob_id" AND b."sha256" IS NOT NULL)) THEN
		RAISE EXCEPTION 'the chunks of a complete file cannot change' USING ERRCODE = 'integrity_constraint_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "file_blobs_immutable" BEFORE UPDATE ON "file_blobs"
	FOR EACH ROW EXECUTE FUNCTION "file_blob_immutable"();--> statement-breakpoint
CREATE TRIGGER "file_chunks_immutable" BEFORE INSERT OR UPDATE ON "file_chunks"
	FOR EACH ROW EXECUTE FUNCTION "file_blob_immutable"();
