CREATE TYPE "public"."attempt_review" AS ENUM('flagged', 'kept', 'disqualified');--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "review_state" "attempt_review";--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "min_seconds_per_question" smallint DEFAULT 3 NOT NULL;--> statement-breakpoint
CREATE INDEX "attempts_flagged_idx" ON "attempts" USING btree ("round_id") WHERE "attempts"."review_state" = 'flagged';--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_min_seconds" CHECK ("rounds"."min_seconds_per_question" between 0 and 60);
--> statement-breakpoint
-- hand-written (quiz)
-- 1. An attempt with a right answer finished faster than the round's seconds per question is flagged for review;
--    a review decision (kept, disqualified) is final.
CREATE FUNCTION "quiz_flag_fast_attempt"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' THEN
		IF OLD.review_state IN ('kept', 'disqualified') AND NEW.review_state IS DISTINCT FROM OLD.review_state THEN
			RAISE EXCEPTION 'attempt_reviewed: attempt % was already % by an organizer', OLD.id, OLD.review_state
				USING ERRCODE = 'check_violation';
		END IF;
		IF OLD.review_state IS NULL AND NEW.review_state IS NOT NULL AND NEW.review_state <> 'flagged' THEN
			RAISE EXCEPTION 'attempt_not_flagged: attempt % was never flagged', OLD.id USING ERRCODE = 'check_violation';
		END IF;
	END IF;
	IF NEW.status = 'finished' AND NEW.review_state IS NULL AND coalesce(NEW.correct_count, 0) > 0
		AND NEW.duration_ms IS NOT NULL
		AND NEW.duration_ms < NEW.question_count * 1000 * (SELECT r.min_seconds_per_question FROM rounds r WHERE r.id = NEW.round_id)
	THEN
		NEW.review_state := 'flagged';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "attempts_flag_fast" BEFORE INSERT OR UPDATE ON "attempts"
	FOR EACH ROW EXECUTE FUNCTION "quiz_flag_fast_attempt"();--> statement-breakpoint
-- 2. Practice never draws a topic that a ranked round can still draw: a practice round and a ranked round share no
--    topic unless the ranked round closes before the practice round opens (any contest: topics are shared).
CREATE FUNCTION "quiz_refuse_practice_overlap"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	-- the round: round_topics.round_id, or rounds.id (one function for both tables)
	rid integer := coalesce((to_jsonb(NEW) ->> 'round_id')::int, (to_jsonb(NEW) ->> 'id')::int);
	clash integer;
BEGIN
	-- writers of rounds on the same topics take turns, so two transactions cannot each miss the other's round
	PERFORM pg_advisory_xact_lock(1101, t.topic_id) FROM (
		SELECT topic_id FROM round_topics WHERE round_id = rid ORDER BY topic_id
	) t;
	SELECT them.id INTO clash
	FROM round_topics mine
	JOIN rounds me ON me.id = mine.round_id
	JOIN round_topics other ON other.topic_id = mine.topic_id AND other.round_id <> mine.round_id
	JOIN rounds them ON them.id = other.round_id
	WHERE mine.round_id = rid AND me.practice <> them.practice
		AND CASE WHEN me.practice THEN me.opens_at < them.closes_at ELSE them.opens_at < me.closes_at END
	LIMIT 1;
	IF clash IS NOT NULL THEN
		RAISE EXCEPTION 'practice_overlap: rounds % and % share a topic while the ranked one can still draw it', rid, clash
			USING ERRCODE = 'check_violation';
	END IF;
	RETURN NULL;
END
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "round_topics_practice_overlap" AFTER INSERT OR UPDATE ON "round_topics"
	DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION "quiz_refuse_practice_overlap"();--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "rounds_practice_overlap" AFTER UPDATE OF "practice", "opens_at", "closes_at" ON "rounds"
	DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION "quiz_refuse_practice_overlap"();--> statement-breakpoint
-- 3. The stages freeze in order: published results are final (no way back to frozen or hidden), and once a round's
--    close-of-round work is done its window and the settings that shaped its attempts stay as they were.
CREATE FUNCTION "quiz_round_stages"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF OLD.results_state = 'published' AND NEW.results_state <> 'published' THEN
		RAISE EXCEPTION 'results_published: round % has published results', OLD.id USING ERRCODE = 'check_violation';
	END IF;
	IF OLD.finalized_at IS NOT NULL AND (NEW.opens_at <> OLD.opens_at OR NEW.closes_at <> OLD.closes_at
		OR NEW.practice <> OLD.practice OR NEW.time_limit_seconds <> OLD.time_limit_seconds
		OR NEW.attempts_allowed IS DISTINCT FROM OLD.attempts_allowed OR NEW.grace_seconds <> OLD.grace_seconds) THEN
		RAISE EXCEPTION 'finalized: round % is closed and settled', OLD.id USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "rounds_stages" BEFORE UPDATE ON "rounds"
	FOR EACH ROW EXECUTE FUNCTION "quiz_round_stages"();--> statement-breakpoint
-- 4. A published round's results do not change: no counted entry, figure or rank of it is updated.
CREATE FUNCTION "quiz_published_results_final"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM rounds r WHERE r.id = OLD.round_id AND r.results_state = 'published')
		AND (NEW.attempt_id, NEW.correct_count, NEW.duration_ms, NEW.finished_at, NEW.prediction_distance, NEW.rank)
			IS DISTINCT FROM (OLD.attempt_id, OLD.correct_count, OLD.duration_ms, OLD.finished_at, OLD.prediction_distance, OLD.rank)
	THEN
		RAISE EXCEPTION 'results_published: results of round % are published', OLD.round_id USING ERRCODE = 'check_violation';
	END IF;
	RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "round_results_published_final" BEFORE UPDATE ON "round_results"
	FOR EACH ROW EXECUTE FUNCTION "quiz_published_results_final"();
