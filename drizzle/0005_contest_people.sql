CREATE TABLE "contest_people" (
	"contest_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"unit_id" integer NOT NULL,
	"results" smallint NOT NULL,
	"entries" integer NOT NULL,
	"correct_count" integer NOT NULL,
	"first_finished_at" timestamp with time zone NOT NULL,
	"last_finished_at" timestamp with time zone NOT NULL,
	"duration_ms" bigint NOT NULL,
	CONSTRAINT "contest_people_contest_id_user_id_pk" PRIMARY KEY("contest_id","user_id")
);
--> statement-breakpoint
DROP INDEX "round_results_unit_idx";--> statement-breakpoint
ALTER TABLE "contest_people" ADD CONSTRAINT "contest_people_contest_id_contests_id_fk" FOREIGN KEY ("contest_id") REFERENCES "public"."contests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_people" ADD CONSTRAINT "contest_people_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contest_people" ADD CONSTRAINT "contest_people_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contest_people_unit_idx" ON "contest_people" USING btree ("contest_id","unit_id","results","entries","correct_count");--> statement-breakpoint
CREATE INDEX "contest_people_first_idx" ON "contest_people" USING btree ("contest_id","first_finished_at");--> statement-breakpoint
CREATE INDEX "attempts_round_first_idx" ON "attempts" USING btree ("round_id","finished_at") WHERE "attempts"."attempt_no" = 1;--> statement-breakpoint
CREATE INDEX "round_results_unit_idx" ON "round_results" USING btree ("round_id","unit_id","correct_count","entries");--> statement-breakpoint
-- contest_people is derived from round_results: a finish adds to the person's row (concurrency-safe increments under
-- the upsert's row lock); a deletion recomputes the person's rows from what is left.
CREATE FUNCTION "contest_people_recompute"(c integer, u integer) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM contest_people WHERE contest_id = c AND user_id = u;
	INSERT INTO contest_people (contest_id, user_id, unit_id, results, entries, correct_count, first_finished_at,
		last_finished_at, duration_ms)
	SELECT c, u, (array_agg(rr.unit_id ORDER BY rr.finished_at DESC))[1], count(*), sum(rr.entries), sum(rr.correct_count),
		coalesce((
			SELECT min(a.finished_at) FROM attempts a JOIN rounds ar ON ar.id = a.round_id
			WHERE ar.contest_id = c AND NOT ar.practice AND a.user_id = u AND a.attempt_no = 1 AND a.finished_at IS NOT NULL
		), min(rr.finished_at)),
		max(rr.finished_at), sum(rr.duration_ms)
	FROM round_results rr JOIN rounds r ON r.id = rr.round_id
	WHERE r.contest_id = c AND NOT r.practice AND rr.user_id = u
	HAVING count(*) > 0;
END $$;
--> statement-breakpoint
CREATE FUNCTION "contest_people_track"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	c integer;
BEGIN
	IF TG_OP = 'DELETE' THEN
		SELECT contest_id INTO c FROM rounds WHERE id = OLD.round_id;
		IF c IS NULL THEN
			-- the round itself is being deleted: recompute every contest of the person
			PERFORM contest_people_recompute(cp.contest_id, OLD.user_id) FROM contest_people cp WHERE cp.user_id = OLD.user_id;
		ELSE
			PERFORM contest_people_recompute(c, OLD.user_id);
		END IF;
		RETURN NULL;
	END IF;
	SELECT contest_id INTO c FROM rounds WHERE id = NEW.round_id AND NOT practice;
	IF c IS NULL THEN
		RETURN NULL;
	END IF;
	-- a result is inserted at the person's first finish in the round: its time is then that first finish
	INSERT INTO contest_people AS cp (contest_id, user_id, unit_id, results, entries, correct_count, first_finished_at,
		last_finished_at, duration_ms)
	VALUES (c, NEW.user_id, NEW.unit_id, 1, NEW.entries, NEW.correct_count, NEW.finished_at, NEW.finished_at, NEW.duration_ms)
	ON CONFLICT (contest_id, user_id) DO UPDATE SET
		results = cp.results + CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE 0 END,
		entries = cp.entries + NEW.entries - CASE WHEN TG_OP = 'INSERT' THEN 0 ELSE OLD.entries END,
		correct_count = cp.correct_count + NEW.correct_count - CASE WHEN TG_OP = 'INSERT' THEN 0 ELSE OLD.correct_count END,
		duration_ms = cp.duration_ms + NEW.duration_ms - CASE WHEN TG_OP = 'INSERT' THEN 0 ELSE OLD.duration_ms END,
		unit_id = CASE WHEN NEW.finished_at >= cp.last_finished_at THEN NEW.unit_id ELSE cp.unit_id END,
		first_finished_at = CASE WHEN TG_OP = 'INSERT' THEN least(cp.first_finished_at, NEW.finished_at) ELSE cp.first_finished_at END,
		last_finished_at = greatest(cp.last_finished_at, NEW.finished_at);
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "round_results_contest_people"
	AFTER INSERT OR DELETE OR UPDATE OF unit_id, correct_count, entries, finished_at, duration_ms ON "round_results"
	FOR EACH ROW EXECUTE FUNCTION contest_people_track();
--> statement-breakpoint
INSERT INTO contest_people (contest_id, user_id, unit_id, results, entries, correct_count, first_finished_at, last_finished_at,
	duration_ms)
SELECT r.contest_id, rr.user_id, (array_agg(rr.unit_id ORDER BY rr.finished_at DESC))[1], count(*), sum(rr.entries),
	sum(rr.correct_count), min(rr.finished_at), max(rr.finished_at), sum(rr.duration_ms)
FROM round_results rr JOIN rounds r ON r.id = rr.round_id
WHERE NOT r.practice
GROUP BY r.contest_id, rr.user_id;
--> statement-breakpoint
-- the backfill above took the earliest counted result; the first finish is the earliest first attempt
UPDATE contest_people cp SET first_finished_at = f.first_at
FROM (
	SELECT r.contest_id, a.user_id, min(a.finished_at) AS first_at
	FROM attempts a JOIN rounds r ON r.id = a.round_id
	WHERE NOT r.practice AND a.attempt_no = 1 AND a.finished_at IS NOT NULL
	GROUP BY r.contest_id, a.user_id
) f
WHERE f.contest_id = cp.contest_id AND f.user_id = cp.user_id AND f.first_at < cp.first_finished_at;
