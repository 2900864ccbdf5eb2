import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { attemptQuestions, attempts, rounds } from '../db/schema';
import type { SharedRateLimiter } from '../auth/rate-limit';
import { acceptsSaveAt } from './deadlines';

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
