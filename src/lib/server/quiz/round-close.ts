import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { attempts, roundResults, rounds } from '../db/schema';
import { finishAbandonedAttempts } from './attempts';

// Closing a round: the work done once its window and grace are over, by the server's sweep or by publishing.

/**
 * The close of a round: finishes what nobody submitted, computes the prediction question's true number (entries
 * of the round with every question right) and each counted entry's distance from it. Idempotent.
 */
export async function finalizeRound(
	db: Db,
	roundId: number,
	now = new Date()
): Promise<'not_closed' | 'done'> {
	const [round] = await db.select().from(rounds).where(eq(rounds.id, roundId));
	// saves may arrive until the close plus the grace: only then is every attempt of the round settled
	if (!round || now.getTime() < round.closesAt.getTime() + round.graceSeconds * 1000) return 'not_closed';
	while ((await finishAbandonedAttempts(db, now, { roundId })) > 0) {
		// batches of 500 until every attempt of the round is finished
	}
	await db.transaction(async (tx) => {
		const [{ perfect }] = rowsOf<{ perfect: number }>(
			await tx.execute(sql`
				select count(*)::int as perfect from ${attempts}
				where round_id = ${roundId} and status = 'finished' and correct_count = question_count`)
		);
		await tx
			.update(rounds)
			.set({ predictionAnswer: perfect, finalizedAt: now })
			.where(eq(rounds.id, roundId));
		await tx.execute(sql`
			update ${roundResults} set prediction_distance = abs(prediction - ${perfect})
			where round_id = ${roundId} and prediction is not null`);
	});
	return 'done';
}

/**
 * Rounds that closed (past their grace) and were not finalized yet get their close-of-round work done: the server's
 * periodic sweep calls this, so the true number exists even if nobody publishes. Returns how many it finalized.
 */
export async function finalizeDueRounds(db: Db, now = new Date()): Promise<number> {
	const due = rowsOf<{ id: number }>(
		await db.execute(sql`
			select id from ${rounds}
			where finalized_at is null and closes_at + make_interval(secs => grace_seconds) < ${now.toISOString()}::timestamptz
			order by closes_at limit 20`)
	);
	for (const { id } of due) await finalizeRound(db, id, now);
	return due.length;
}
