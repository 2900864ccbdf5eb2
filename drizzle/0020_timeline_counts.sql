CREATE TABLE "contest_first_hours" (
	"contest_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"slot" smallint NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "contest_first_hours_contest_id_hour_slot_pk" PRIMARY KEY("contest_id","hour","slot")
);
--> statement-breakpoint
CREATE TABLE "round_finish_hours" (
	"round_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"slot" smallint NOT NULL,
	"attempts" integer NOT NULL,
	"first_attempts" integer NOT NULL,
	CONSTRAINT "round_finish_hours_round_id_hour_slot_pk" PRIMARY KEY("round_id","hour","slot")
);
--> statement-breakpoint
ALTER TABLE "contest_first_hours" ADD CONSTRAINT "contest_first_hours_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_finish_hours" ADD CONSTRAINT "round_finish_hours_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The hour that holds an instant, in UTC whatever the session's time zone (Vietnam's offset is whole hours, so an
-- hour here is also a Vietnamese hour and nests in a Vietnamese day).
CREATE FUNCTION "finish_hour"(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT date_trunc('hour', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
$$;
--> statement-breakpoint
-- round_finish_hours follows attempts: a finish adds one (an upsert that increments: concurrent finishes of the same
-- hour wait for each other's row lock instead of overwriting each other), a deletion or a changed finish takes one
-- back. The slot (id modulo 8) spreads one busy hour over 8 rows, so that finishing transactions rarely wait.
CREATE FUNCTION "round_finish_hours_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.finished_at IS NOT NULL THEN
		UPDATE round_finish_hours SET attempts = attempts - 1,
			first_attempts = first_attempts - CASE WHEN OLD.attempt_no = 1 THEN 1 ELSE 0 END
		WHERE round_id = OLD.round_id AND hour = finish_hour(OLD.finished_at) AND slot = OLD.id % 8;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.finished_at IS NOT NULL THEN
		INSERT INTO round_finish_hours AS h (round_id, hour, slot, attempts, first_attempts)
		VALUES (NEW.round_id, finish_hour(NEW.finished_at), NEW.id % 8, 1, CASE WHEN NEW.attempt_no = 1 THEN 1 ELSE 0 END)
		ON CONFLICT (round_id, hour, slot) DO UPDATE SET attempts = h.attempts + 1,
			first_attempts = h.first_attempts + excluded.first_attempts;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "attempts_round_finish_hours" AFTER INSERT OR DELETE ON "attempts"
	FOR EACH ROW EXECUTE FUNCTION round_finish_hours_track();
--> statement-breakpoint
CREATE TRIGGER "attempts_round_finish_hours_update" AFTER UPDATE OF finished_at, attempt_no, round_id ON "attempts"
	FOR EACH ROW
	WHEN (OLD.finished_at IS DISTINCT FROM NEW.finished_at OR OLD.attempt_no <> NEW.attempt_no OR OLD.round_id <> NEW.round_id)
	EXECUTE FUNCTION round_finish_hours_track();
--> statement-breakpoint
-- contest_first_hours follows contest_people.first_finished_at the same way.
CREATE FUNCTION "contest_first_hours_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		UPDATE contest_first_hours SET people = people - 1
		WHERE contest_id = OLD.contest_id AND hour = finish_hour(OLD.first_finished_at) AND slot = OLD.user_id % 8;
	END IF;
	IF TG_OP IN ('UPDATE', 'INSERT') THEN
		INSERT INTO contest_first_hours AS h (contest_id, hour, slot, people)
		VALUES (NEW.contest_id, finish_hour(NEW.first_finished_at), NEW.user_id % 8, 1)
		ON CONFLICT (contest_id, hour, slot) DO UPDATE SET people = h.people + 1;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "contest_people_first_hours" AFTER INSERT OR DELETE ON "contest_people"
	FOR EACH ROW EXECUTE FUNCTION contest_first_hours_track();
--> statement-breakpoint
CREATE TRIGGER "contest_people_first_hours_update" AFTER UPDATE OF first_finished_at ON "contest_people"
	FOR EACH ROW WHEN (OLD.first_finished_at IS DISTINCT FROM NEW.first_finished_at)
	EXECUTE FUNCTION contest_first_hours_track();
--> statement-breakpoint
-- Both tables recounted from their sources: the backfill below, and bulk loads that skip triggers (the benchmark's
-- seed loads attempts with session_replication_role = replica).
CREATE FUNCTION "timeline_counts_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM round_finish_hours;
	INSERT INTO round_finish_hours (round_id, hour, slot, attempts, first_attempts)
	SELECT round_id, finish_hour(finished_at), id % 8, count(*), count(*) FILTER (WHERE attempt_no = 1)
	FROM attempts WHERE finished_at IS NOT NULL
	GROUP BY 1, 2, 3;
	DELETE FROM contest_first_hours;
	INSERT INTO contest_first_hours (contest_id, hour, slot, people)
	SELECT contest_id, finish_hour(first_finished_at), user_id % 8, count(*)
	FROM contest_people
	GROUP BY 1, 2, 3;
END $$;
--> statement-breakpoint
SELECT timeline_counts_rebuild();
