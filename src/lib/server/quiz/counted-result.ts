import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { type Attempt, roundResults, rounds } from '../db/schema';

/**
 * Keeps the attempt that counts for the person in the round: the best (most correct, then the earliest). Called in
 * the transaction that grades the attempt; practice rounds never count. The rank is left as it was: a frozen
 * leaderboard keeps the order it had when frozen (a newcomer has no rank until the next freeze or publication).
 */
export async function recordResult(db: Db, attempt: Attempt) {
	if (attempt.status !== 'finished' || attempt.correctCount === null || !attempt.finishedAt) return;
	// Every finished attempt counts as an entry; the rest of the row changes only for a better attempt.
	const better = sql`(excluded.correct_count > ${roundResults}.correct_count
		or (excluded.correct_count = ${roundResults}.correct_count and excluded.finished_at < ${roundResults}.finished_at))`;
	const keep = (column: string) =>
		sql
			.raw(`case when `)
			.append(better)
			.append(sql.raw(` then excluded.${column} else round_results.${column} end`));
	await db.execute(sql`
		insert into ${roundResults} (round_id, user_id, attempt_id, unit_id, correct_count, duration_ms, finished_at, prediction)
		select ${attempt.roundId}, ${attempt.userId}, ${attempt.id}, ${attempt.unitId}, ${attempt.correctCount},
			${attempt.durationMs ?? 0}, ${attempt.finishedAt.toISOString()}::timestamptz, ${attempt.prediction}
		from ${rounds} r where r.id = ${attempt.roundId} and not r.practice
		on conflict (round_id, user_id) do update set
			entries = ${roundResults}.entries + 1,
			prediction_distance = case when ${better} then null else ${roundResults}.prediction_distance end,
			attempt_id = ${keep('attempt_id')}, unit_id = ${keep('unit_id')}, correct_count = ${keep('correct_count')},
			duration_ms = ${keep('duration_ms')}, prediction = ${keep('prediction')}, finished_at = ${keep('finished_at')}`);
}
