import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { uniqueViolation } from '../db/errors';
import {
	type Attempt,
	attemptQuestions,
	attempts,
	contests,
	questionOptions,
	questions,
	roundTopics,
	rounds,
	units,
	users
} from '../db/schema';
import type { SharedRateLimiter } from '../auth/rate-limit';
import { publishActivity } from '../live/hub';
import { type DrawableQuestion, drawQuestions, type Random } from './draw';
import { acceptsSaveAt, attemptDeadline } from './deadlines';
import { recordResult } from './counted-result';

class RoundChanged extends Error {}

export type StartError =
	'not_found' | 'not_open' | 'not_eligible' | 'no_attempts_left' | 'not_enough_questions' | 'busy';

/** A round as seen by the attempt engine: with its contest's eligibility. */
export async function roundForAttempt(db: Db, roundId: number) {
	const [row] = await db
		.select({ round: rounds, published: contests.published, eligibleUnitId: contests.eligibleUnitId })
		.from(rounds)
		.innerJoin(contests, eq(contests.id, rounds.contestId))
		.where(and(eq(rounds.id, roundId), eq(contests.kind, 'quiz')));
	return row;
}

/** Whether the user's unit lies in the subtree of `eligibleUnitId` (null: everyone may take part). */
async function isEligible(db: Db, userId: number, eligibleUnitId: number | null): Promise<boolean> {
	if (eligibleUnitId === null) return true;
	const rows = rowsOf<{ ok: boolean }>(
		await db.execute(sql`
			select exists (
				select 1 from ${users} u
				join ${units} mine on mine.id = u.unit_id
				join ${units} root on root.id = ${eligibleUnitId}
				where u.id = ${userId} and mine.path like root.path || '%'
			) as ok`)
	);
	return rows[0]?.ok === true;
}

/** The round's topics (how many questions of each) and the drawable questions of each topic. */
interface RoundPools {
	topics: Array<{ topicId: number; questionCount: number }>;
	pools: Map<number, DrawableQuestion[]>;
}

/**
 * The round's topics and the drawable questions of each, cached per process for a short while: when a round opens,
 * thousands of starts draw from the same few hundred questions, and the bank changes rarely. A start inserts only
 * if the round's topics are still the ones drawn from (checked in its insert), so a stale cache costs a retry.
 */
const poolCache = new Map<number, { expires: number; pools: Promise<RoundPools> }>();
const POOL_TTL_MS = 30_000;

/** The promise is cached, so the starts arriving together when a round opens share one query. */
function drawablePools(db: Db, roundId: number, now: number): Promise<RoundPools> {
	const cached = poolCache.get(roundId);
	if (cached && cached.expires > now) return cached.pools;
	const pools = loadPools(db, roundId);
	poolCache.set(roundId, { expires: now + POOL_TTL_MS, pools });
	pools.catch(() => poolCache.delete(roundId));
	return pools;
}

async function loadPools(db: Db, roundId: number): Promise<RoundPools> {
	const topics = await db
		.select({ topicId: roundTopics.topicId, questionCount: roundTopics.questionCount })
		.from(roundTopics)
		.where(eq(roundTopics.roundId, roundId))
		.orderBy(asc(roundTopics.topicId));
	const rows = await db
		.select({ topicId: questions.topicId, id: questions.id, position: questionOptions.position })
		.from(roundTopics)
		.innerJoin(questions, eq(questions.topicId, roundTopics.topicId))
		.innerJoin(questionOptions, eq(questionOptions.questionId, questions.id))
		.where(
			and(
				eq(roundTopics.roundId, roundId),
				eq(questions.active, true),
				sql`${questions.supersededAt} is null`
			)
		)
		.orderBy(asc(questions.id), asc(questionOptions.position));
	const pools = new Map<number, DrawableQuestion[]>();
	let last: DrawableQuestion | undefined;
	for (const row of rows) {
		if (last?.id !== row.id) {
			last = { id: row.id, optionPositions: [] };
			const pool = pools.get(row.topicId) ?? [];
			pool.push(last);
			pools.set(row.topicId, pool);
		}
		last.optionPositions.push(row.position);
	}
	return { topics, pools };
}

/** The topics of a round as one comparable string, the same as the insert's check computes in SQL. */
const topicsKey = (topics: RoundPools['topics']) =>
	topics.map((t) => `${t.topicId}:${t.questionCount}`).join(',');

export function clearPoolCache() {
	poolCache.clear();
}

/**
 * Starts an attempt, or returns the one in progress (a second tab, a refresh, a double tap). The database holds the
 * invariants: one attempt in progress per person and round (partial unique index), and attempt numbers unique per
 * person and round, so 50 simultaneous starts by one person make one attempt and never exceed the limit.
 */
export async function startAttempt(
	db: Db,
	input: { roundId: number; userId: number; unitId: number; now?: Date; random?: Random }
): Promise<{ ok: true; attemptId: number; resumed: boolean } | { ok: false; error: StartError }> {
	const now = input.now ?? new Date();
	const found = await roundForAttempt(db, input.roundId);
	if (!found || !found.published) return { ok: false, error: 'not_found' };
	let round = found.round;
	if (now < round.opensAt || now >= round.closesAt) return { ok: false, error: 'not_open' };
	if (!(await isEligible(db, input.userId, found.eligibleUnitId)))
		return { ok: false, error: 'not_eligible' };

	for (let tries = 0; tries < 4; tries++) {
		if (now < round.opensAt || now >= round.closesAt) return { ok: false, error: 'not_open' };
		// one query: the attempts used so far and the one in progress, if any
		const [mine] = rowsOf<{
			used: number;
			current_id: string | number | null;
			current_deadline: Date | string | null;
		}>(
			await db.execute(sql`
				select count(*)::int as used,
					max(id) filter (where status = 'in_progress') as current_id,
					max(deadline) filter (where status = 'in_progress') as current_deadline
				from ${attempts} where round_id = ${round.id} and user_id = ${input.userId}`)
		);
		if (mine.current_id !== null && mine.current_deadline !== null) {
			const currentId = Number(mine.current_id);
			if (acceptsSaveAt(now, new Date(mine.current_deadline), round.graceSeconds)) {
				return { ok: true, attemptId: currentId, resumed: true };
			}
			// its time (and grace) is over: finish it from its saved answers; it still counts as used
			await finishAttempt(db, { attemptId: currentId, endedBy: 'abandoned', now });
		}
		const attemptNo = Number(mine.used) + 1;
		if (round.attemptsAllowed !== null && attemptNo > round.attemptsAllowed) {
			return { ok: false, error: 'no_attempts_left' };
		}

		const { topics: wanted, pools } = await drawablePools(db, round.id, now.getTime());
		if (wanted.length === 0 || wanted.some((t) => (pools.get(t.topicId)?.length ?? 0) < t.questionCount)) {
			return { ok: false, error: 'not_enough_questions' };
		}
		const drawn = drawQuestions(
			wanted.map((t) => ({ topicId: t.topicId, count: t.questionCount, questions: pools.get(t.topicId)! })),
			{ shuffleQuestions: round.shuffleQuestions, shuffleOptions: round.shuffleOptions },
			input.random
		);

		try {
			const drawnFrom = round;
			const attemptId = await db.transaction(async (tx) => {
				// An organizer's edit of the round locks it FOR UPDATE; holding KEY SHARE here, the insert below (a new
				// statement, so it sees what such an edit committed) goes ahead only if the settings and topics we drew
				// with are still the round's: no attempt is made from settings just replaced.
				await tx.execute(sql`select id from ${rounds} where id = ${drawnFrom.id} for key share`);
				const values = sql.join(
					drawn.map(
						(q, position) =>
							sql`(${position}::smallint, ${q.questionId}::int, ${`{${q.optionOrder.join(',')}}`}::smallint[])`
					),
					sql`, `
				);
				const inserted = rowsOf<{ attempt_id: string | number }>(
					await tx.execute(sql`
						with attempt as (
							insert into ${attempts} (round_id, user_id, unit_id, attempt_no, started_at, deadline, question_count)
							select r.id, ${input.userId}, ${input.unitId}, ${attemptNo}, ${now.toISOString()}::timestamptz,
								${attemptDeadline(now, drawnFrom.timeLimitSeconds, drawnFrom.closesAt).toISOString()}::timestamptz,
								${drawn.length}
							from ${rounds} r
							where r.id = ${drawnFrom.id} and r.time_limit_seconds = ${drawnFrom.timeLimitSeconds}
								and (r.attempts_allowed is null or ${attemptNo} <= r.attempts_allowed)
								and date_trunc('milliseconds', r.closes_at) = ${drawnFrom.closesAt.toISOString()}::timestamptz
								and (select coalesce(string_agg(t.topic_id || ':' || t.question_count, ',' order by t.topic_id), '')
									from ${roundTopics} t where t.round_id = r.id) = ${topicsKey(wanted)}
							returning id
						)
						insert into ${attemptQuestions} (attempt_id, position, question_id, option_order)
						select attempt.id, v.position, v.question_id, v.option_order
						from attempt cross join (values ${values}) as v(position, question_id, option_order)
						returning attempt_id`)
				);
				if (inserted.length !== drawn.length) throw new RoundChanged();
				return Number(inserted[0].attempt_id);
			});
			return { ok: true, attemptId, resumed: false };
		} catch (err) {
			// Another start of the same person won the race: loop to return theirs, or to take the next number.
			if (uniqueViolation(err)) continue;
			if (err instanceof RoundChanged) {
				poolCache.delete(round.id);
				const fresh = await roundForAttempt(db, input.roundId);
				if (!fresh) return { ok: false, error: 'not_found' };
				round = fresh.round;
				continue;
			}
			throw err;
		}
	}
	return { ok: false, error: 'busy' };
}

export type SaveError = 'not_found' | 'finished' | 'too_late' | 'stale' | 'invalid';

/** The person's save limit, counted with the save (auth/rate-limit.ts). */
export interface SaveLimit {
	limiter: SharedRateLimiter;
	key: string;
}
export type RateLimited = { ok: false; error: 'rate_limited'; retryAfter: number };

/**
 * Saves one answer, given as indexes into the options in the order shown. One statement: it writes only when the
 * attempt is the caller's, in progress, within deadline + grace, and the save is newer than the stored one.
 */
export async function saveAnswer(
	db: Db,
	input: { attemptId: number; userId: number; position: number; choices: number[]; seq: number; now?: Date },
	limit?: SaveLimit
): Promise<{ ok: true } | { ok: false; error: SaveError } | RateLimited> {
	const now = input.now ?? new Date();
	const choices = [...new Set(input.choices)].sort((a, b) => a - b);
	if (choices.some((c) => !Number.isInteger(c) || c < 0 || c > 5)) return { ok: false, error: 'invalid' };
	if (limit && !limit.limiter.shared) {
		const hit = await limit.limiter.hit(db, limit.key);
		if (!hit.ok) return { ok: false, error: 'rate_limited', retryAfter: hit.retryAfter };
	}
	// a shared limit is counted by the same statement: one round trip per save; over the limit, nothing is written
	const counted = limit?.limiter.shared ? limit : undefined;
	const choiceArray = sql.raw(`array[${choices.join(',')}]::smallint[]`);
	// The attempt row is read FOR SHARE: a save that races the finish waits for it and then sees it finished,
	// instead of changing an answer after grading.
	const [row] = rowsOf<{ saved: number; count: number | null; retry: number | null }>(
		await db.execute(sql`
			with ${counted ? sql`hit as (${counted.limiter.upsert(counted.key)}),` : sql``}
			open_attempt as (
				select a.id, a.deadline + make_interval(secs => r.grace_seconds) as accept_until
				from ${attempts} a join ${rounds} r on r.id = a.round_id
				where a.id = ${input.attemptId} and a.user_id = ${input.userId} and a.status = 'in_progress'
					${counted ? sql`and (select count from hit) <= ${counted.limiter.limit}` : sql``}
				for share of a
			),
			saved as (
				update ${attemptQuestions} aq
				set selected = case when cardinality(${choiceArray}) = 0 then null
					else (select array_agg(aq.option_order[c + 1] order by aq.option_order[c + 1]) from unnest(${choiceArray}) c) end,
					save_seq = ${input.seq},
					answered_at = ${now.toISOString()}::timestamptz
				from open_attempt oa
				where aq.attempt_id = oa.id and aq.position = ${input.position}
					and ${now.toISOString()}::timestamptz <= oa.accept_until
					and aq.save_seq < ${input.seq}
					and ${choices.length === 0 ? 0 : Math.max(...choices)} < cardinality(aq.option_order)
				returning aq.position
			)
			select (select count(*) from saved)::int as saved,
				${counted ? sql`(select count from hit) as count, (select retry from hit) as retry` : sql`null::int as count, null::int as retry`}`)
	);
	// the statement always returns one row; none means the connection broke under it (a pool being replaced): an
	// error, which the request's 503 handling answers as retryable, never an answer about the attempt
	if (!row) throw new Error('saveAnswer: no result row (connection fault)');
	if (row.saved === 1) return { ok: true };
	if (counted && row.count !== null && row.retry !== null) {
		const hit = counted.limiter.verdict({ count: row.count, retry: row.retry });
		if (!hit.ok) return { ok: false, error: 'rate_limited', retryAfter: hit.retryAfter };
	}
	return { ok: false, error: await whySaveFailed(db, input, now) };
}

async function whySaveFailed(
	db: Db,
	input: { attemptId: number; userId: number; position: number; seq: number; choices: number[] },
	now: Date
): Promise<SaveError> {
	const [row] = await db
		.select({ status: attempts.status, deadline: attempts.deadline, grace: rounds.graceSeconds })
		.from(attempts)
		.innerJoin(rounds, eq(rounds.id, attempts.roundId))
		.where(and(eq(attempts.id, input.attemptId), eq(attempts.userId, input.userId)));
	if (!row) return 'not_found';
	if (row.status === 'finished') return 'finished';
	if (!acceptsSaveAt(now, row.deadline, row.grace)) return 'too_late';
	const [question] = await db
		.select({
			seq: attemptQuestions.saveSeq,
			options: sql<number>`cardinality(${attemptQuestions.optionOrder})`
		})
		.from(attemptQuestions)
		.where(
			and(eq(attemptQuestions.attemptId, input.attemptId), eq(attemptQuestions.position, input.position))
		);
	if (!question) return 'invalid';
	if (input.choices.some((c) => c >= question.options)) return 'invalid';
	return 'stale';
}

/** The prediction question's answer, saved like an answer (same deadline rule). */
export async function savePrediction(
	db: Db,
	input: { attemptId: number; userId: number; prediction: number | null; now?: Date }
): Promise<{ ok: true } | { ok: false; error: SaveError }> {
	const now = input.now ?? new Date();
	const updated = rowsOf<{ id: number }>(
		await db.execute(sql`
			update ${attempts} a set prediction = ${input.prediction}
			from ${rounds} r
			where a.id = ${input.attemptId} and a.user_id = ${input.userId} and r.id = a.round_id
				and r.prediction_enabled and a.status = 'in_progress'
				and ${now.toISOString()}::timestamptz <= a.deadline + make_interval(secs => r.grace_seconds)
			returning a.id`)
	);
	if (updated.length === 1) return { ok: true };
	return { ok: false, error: await whySaveFailed(db, { ...input, position: -1, seq: 0, choices: [] }, now) };
}

/**
 * Finishes and grades an attempt exactly once: the status change from in_progress is the guard, so a double
 * submit, a retry and the server's sweep cannot grade twice. An attempt finished late keeps its deadline as finish
 * time. Returns the attempt as finished (also when it already was).
 */
export async function finishAttempt(
	db: Db,
	input: { attemptId: number; userId?: number; endedBy: 'submitted' | 'deadline' | 'abandoned'; now?: Date }
): Promise<{ ok: true; attempt: Attempt } | { ok: false; error: 'not_found' }> {
	const now = input.now ?? new Date();
	const finished = await db.transaction(async (tx) => {
		const owner = input.userId === undefined ? sql`true` : sql`a.user_id = ${input.userId}`;
		const claimed = rowsOf<{ id: number }>(
			await tx.execute(sql`
				update ${attempts} a
				set status = 'finished', finished_at = least(${now.toISOString()}::timestamptz, a.deadline), ended_by = ${input.endedBy},
					correct_count = 0, duration_ms = 0
				where a.id = ${input.attemptId} and ${owner} and a.status = 'in_progress'
				returning a.id`)
		);
		if (claimed.length === 1) {
			await tx.execute(sql`
				update ${attemptQuestions} aq
				set correct = coalesce(aq.selected = (
					select array_agg(o.position order by o.position) from ${questionOptions} o
					where o.question_id = aq.question_id and o.is_correct
				), false)
				where aq.attempt_id = ${input.attemptId}`);
			await tx.execute(sql`
				update ${attempts} a
				set correct_count = (select count(*) from ${attemptQuestions} aq where aq.attempt_id = a.id and aq.correct),
					duration_ms = greatest(0, (extract(epoch from (a.finished_at - a.started_at)) * 1000)::int)
				where a.id = ${input.attemptId}`);
		}
		const [attempt] = await tx
			.select()
			.from(attempts)
			.where(
				input.userId === undefined
					? eq(attempts.id, input.attemptId)
					: and(eq(attempts.id, input.attemptId), eq(attempts.userId, input.userId))
			);
		if (!attempt) return { ok: false as const, error: 'not_found' as const };
		if (claimed.length === 1) await recordResult(tx, attempt);
		return { ok: true as const, attempt };
	});
	// after the commit: live dashboards reload (coalesced; a retry of a finished attempt only adds a poke)
	if (finished.ok) publishActivity(finished.attempt.roundId);
	return finished;
}

/**
 * Finishes attempts whose deadline and grace have passed and that nobody submitted, from their saved answers.
 * Safe to run in several processes at once (finishAttempt's guard). Returns how many it finished.
 */
export async function finishAbandonedAttempts(
	db: Db,
	now = new Date(),
	options: { roundId?: number; limit?: number } = {}
): Promise<number> {
	const overdue = rowsOf<{ id: number }>(
		await db.execute(sql`
			select a.id from ${attempts} a join ${rounds} r on r.id = a.round_id
			where a.status = 'in_progress' and a.deadline + make_interval(secs => r.grace_seconds) < ${now.toISOString()}::timestamptz
				${options.roundId === undefined ? sql`` : sql`and a.round_id = ${options.roundId}`}
			order by a.deadline limit ${options.limit ?? 500}`)
	);
	let finished = 0;
	for (const { id } of overdue) {
		try {
			const result = await finishAttempt(db, { attemptId: Number(id), endedBy: 'abandoned', now });
			if (result.ok) finished++;
		} catch (err) {
			console.error(`could not finish attempt ${id}:`, (err as Error).message);
		}
	}
	return finished;
}
