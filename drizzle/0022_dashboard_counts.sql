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
CREATE TABLE "round_score_counts" (
	"round_id" integer NOT NULL,
	"score" smallint NOT NULL,
	"slot" smallint NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "round_score_counts_round_id_score_slot_pk" PRIMARY KEY("round_id","score","slot")
);
--> statement-breakpoint
CREATE TABLE "round_unit_results" (
	"round_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"people" integer NOT NULL,
	"entries" integer NOT NULL,
	"correct_count" integer NOT NULL,
	CONSTRAINT "round_unit_results_round_id_unit_id_pk" PRIMARY KEY("round_id","unit_id")
);
--> statement-breakpoint
ALTER TABLE "contest_first_hours" ADD CONSTRAINT "contest_first_hours_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_finish_hours" ADD CONSTRAINT "round_finish_hours_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_score_counts" ADD CONSTRAINT "round_score_counts_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_unit_results" ADD CONSTRAINT "round_unit_results_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_unit_results" ADD CONSTRAINT "round_unit_results_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
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
-- round_unit_results and round_score_counts follow round_results (one row per person and round, inserted at the
-- person's first finish and updated at each later one). A change takes the old row's figures back and adds the new
-- one's. Locks are taken in one order (units by id, then scores by value) so that two finishes moving people in
-- opposite directions cannot deadlock; a unit row that falls to 0 people is removed (its unit may then be deleted).
CREATE FUNCTION "round_unit_results_take"(r integer, u integer, e integer, c integer) RETURNS void LANGUAGE sql AS $$
	UPDATE round_unit_results SET people = people - 1, entries = entries - e, correct_count = correct_count - c
	WHERE round_id = r AND unit_id = u;
	DELETE FROM round_unit_results WHERE round_id = r AND unit_id = u AND people = 0;
$$;
--> statement-breakpoint
CREATE FUNCTION "round_unit_results_add"(r integer, u integer, e integer, c integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO round_unit_results AS t (round_id, unit_id, people, entries, correct_count) VALUES (r, u, 1, e, c)
	ON CONFLICT (round_id, unit_id) DO UPDATE SET people = t.people + 1, entries = t.entries + e,
		correct_count = t.correct_count + c;
$$;
--> statement-breakpoint
CREATE FUNCTION "round_score_counts_take"(r integer, sc smallint, sl integer) RETURNS void LANGUAGE sql AS $$
	UPDATE round_score_counts SET people = people - 1 WHERE round_id = r AND score = sc AND slot = sl;
$$;
--> statement-breakpoint
CREATE FUNCTION "round_score_counts_add"(r integer, sc smallint, sl integer) RETURNS void LANGUAGE sql AS $$
	INSERT INTO round_score_counts AS t (round_id, score, slot, people) VALUES (r, sc, sl, 1)
	ON CONFLICT (round_id, score, slot) DO UPDATE SET people = t.people + 1;
$$;
--> statement-breakpoint
CREATE FUNCTION "round_result_counts_track"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	-- an update takes back and adds in the order of the rows' keys (lower unit, lower score first)
	IF TG_OP = 'UPDATE' AND NEW.unit_id < OLD.unit_id THEN
		PERFORM round_unit_results_add(NEW.round_id, NEW.unit_id, NEW.entries, NEW.correct_count);
		PERFORM round_unit_results_take(OLD.round_id, OLD.unit_id, OLD.entries, OLD.correct_count);
	ELSE
		IF TG_OP <> 'INSERT' THEN
			PERFORM round_unit_results_take(OLD.round_id, OLD.unit_id, OLD.entries, OLD.correct_count);
		END IF;
		IF TG_OP <> 'DELETE' THEN
			PERFORM round_unit_results_add(NEW.round_id, NEW.unit_id, NEW.entries, NEW.correct_count);
		END IF;
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.correct_count = NEW.correct_count AND OLD.round_id = NEW.round_id THEN
		RETURN NULL;
	ELSIF TG_OP = 'UPDATE' AND NEW.correct_count < OLD.correct_count THEN
		PERFORM round_score_counts_add(NEW.round_id, NEW.correct_count, NEW.user_id % 8);
		PERFORM round_score_counts_take(OLD.round_id, OLD.correct_count, OLD.user_id % 8);
	ELSE
		IF TG_OP <> 'INSERT' THEN
			PERFORM round_score_counts_take(OLD.round_id, OLD.correct_count, OLD.user_id % 8);
		END IF;
		IF TG_OP <> 'DELETE' THEN
			PERFORM round_score_counts_add(NEW.round_id, NEW.correct_count, NEW.user_id % 8);
		END IF;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "round_results_counts" AFTER INSERT OR DELETE ON "round_results"
	FOR EACH ROW EXECUTE FUNCTION round_result_counts_track();
--> statement-breakpoint
CREATE TRIGGER "round_results_counts_update" AFTER UPDATE OF round_id, unit_id, correct_count, entries ON "round_results"
	FOR EACH ROW
	WHEN (OLD.round_id <> NEW.round_id OR OLD.unit_id <> NEW.unit_id OR OLD.correct_count <> NEW.correct_count
		OR OLD.entries <> NEW.entries)
	EXECUTE FUNCTION round_result_counts_track();
--> statement-breakpoint
-- Every table above recounted from its source: the backfill below, and bulk loads that skip triggers (the
-- benchmark's seed loads attempts with session_replication_role = replica).
CREATE FUNCTION "dashboard_counts_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM round_unit_results;
	INSERT INTO round_unit_results (round_id, unit_id, people, entries, correct_count)
	SELECT round_id, unit_id, count(*), sum(entries), sum(correct_count) FROM round_results GROUP BY 1, 2;
	DELETE FROM round_score_counts;
	INSERT INTO round_score_counts (round_id, score, slot, people)
	SELECT round_id, correct_count, user_id % 8, count(*) FROM round_results GROUP BY 1, 2, 3;
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
SELECT dashboard_counts_rebuild();
