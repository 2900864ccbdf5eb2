ALTER TABLE "assignments" DROP CONSTRAINT "assignments_unique";--> statement-breakpoint
ALTER TABLE "score_audit" DROP CONSTRAINT "score_audit_assignment_id_assignments_id_fk";
--> statement-breakpoint
ALTER TABLE "score_audit" DROP CONSTRAINT "score_audit_actor_id_users_id_fk";
--> statement-breakpoint
DROP INDEX "assignments_one_third";--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "removed_by" integer;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "removal_reason" text;--> statement-breakpoint
ALTER TABLE "scores" ADD COLUMN "reopened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_removed_by_users_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_audit" ADD CONSTRAINT "score_audit_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_audit" ADD CONSTRAINT "score_audit_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_unique" ON "assignments" USING btree ("round_id","entry_id","judge_id") WHERE "assignments"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_one_third" ON "assignments" USING btree ("round_id","entry_id") WHERE "assignments"."source" = 'third' and "assignments"."removed_at" is null;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_removal_reason" CHECK ("assignments"."removed_at" is null or length(trim("assignments"."removal_reason")) > 0);
--> statement-breakpoint
-- hand-written (judging)
-- score_audit is append-only like audit_log (0009): no UPDATE, DELETE or TRUNCATE, whoever connects.
CREATE TRIGGER "score_audit_append_only" BEFORE UPDATE OR DELETE ON "score_audit"
	FOR EACH ROW EXECUTE FUNCTION "audit_append_only"();--> statement-breakpoint
CREATE TRIGGER "score_audit_no_truncate" BEFORE TRUNCATE ON "score_audit"
	FOR EACH STATEMENT EXECUTE FUNCTION "audit_append_only"();--> statement-breakpoint
-- A submitted score is final: the only change allowed is an organizer's reopening, which returns it to draft with
-- its numbers untouched and stamps reopened_at. No score is written on a removed assignment.
CREATE FUNCTION "scores_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM "assignments" a WHERE a."id" = NEW."assignment_id" AND a."removed_at" IS NOT NULL) THEN
		RAISE EXCEPTION 'score of removed assignment % refused', NEW."assignment_id"
			USING ERRCODE = 'check_violation';
	END IF;
	IF TG_OP = 'UPDATE' AND OLD."status" = 'submitted' AND NOT (
		NEW."status" = 'draft'
		AND NEW."points" = OLD."points"
		AND NEW."total" = OLD."total"
		AND NEW."comment" = OLD."comment"
		AND NEW."assignment_id" = OLD."assignment_id"
		AND NEW."reopened_at" IS NOT NULL
		AND NEW."reopened_at" IS DISTINCT FROM OLD."reopened_at"
	) THEN
		RAISE EXCEPTION 'submitted score of assignment % is final until an organizer reopens it', OLD."assignment_id"
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "scores_guard" BEFORE INSERT OR UPDATE ON "scores"
	FOR EACH ROW EXECUTE FUNCTION "scores_guard"();--> statement-breakpoint
-- An assignment never changes whom it puts on what, and a removal is never undone or rewritten.
CREATE FUNCTION "assignments_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NEW."round_id" <> OLD."round_id" OR NEW."entry_id" <> OLD."entry_id" OR NEW."judge_id" <> OLD."judge_id"
		OR NEW."source" <> OLD."source"
		OR (OLD."removed_at" IS NOT NULL AND (NEW."removed_at" IS DISTINCT FROM OLD."removed_at"
			OR NEW."removed_by" IS DISTINCT FROM OLD."removed_by"
			OR NEW."removal_reason" IS DISTINCT FROM OLD."removal_reason")) THEN
		RAISE EXCEPTION 'assignment % may only be removed, once', OLD."id"
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "assignments_guard" BEFORE UPDATE ON "assignments"
	FOR EACH ROW EXECUTE FUNCTION "assignments_guard"();
