import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import { attempts, rounds, units, users } from '../db/schema';
import { fail, ok, type Result } from '../result';

// Implausibly fast attempts: the database flags them when they finish (trigger attempts_flag_fast: a right answer and
// less than the round's min_seconds_per_question per question); they do not rank until an organizer keeps them.

export interface FlaggedAttempt {
	attemptId: number;
	userId: number;
	fullName: string;
	unitName: string;
	correctCount: number;
	questionCount: number;
	durationMs: number;
	finishedAt: Date;
}

/** The round's attempts waiting for review, oldest first. */
export async function flaggedAttempts(db: Db, roundId: number): Promise<FlaggedAttempt[]> {
	return db
		.select({
			attemptId: attempts.id,
			userId: attempts.userId,
			fullName: users.fullName,
			unitName: units.name,
			correctCount: sql<number>`${attempts.correctCount}`,
			questionCount: attempts.questionCount,
			durationMs: sql<number>`${attempts.durationMs}`,
			finishedAt: sql<Date>`${attempts.finishedAt}`.mapWith(attempts.finishedAt)
		})
		.from(attempts)
		.innerJoin(users, eq(users.id, attempts.userId))
		.innerJoin(units, eq(units.id, attempts.unitId))
		.where(and(eq(attempts.roundId, roundId), eq(attempts.reviewState, 'flagged')))
		.orderBy(asc(attempts.finishedAt), asc(attempts.id));
}

export type ReviewError = 'not_found' | 'not_flagged' | 'reason_required';

/**
 * An organizer's decision on a flagged attempt: keep (it ranks at the next ranking) or disqualify (it never ranks).
 * Final (the database refuses a second decision), and recorded in the contest's audit trail in the same transaction.
 */
export async function reviewFlaggedAttempt(
	db: Db,
	input: {
		attemptId: number;
		decision: 'keep' | 'disqualify';
		actorId: number;
		reason: string;
		roundId?: number;
	}
): Promise<Result<object, ReviewError>> {
	const reason = input.reason.normalize('NFC').trim();
	if (reason === '') return fail('reason_required');
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ state: attempts.reviewState, contestId: rounds.contestId, roundId: attempts.roundId })
			.from(attempts)
			.innerJoin(rounds, eq(rounds.id, attempts.roundId))
			.where(eq(attempts.id, input.attemptId))
			.for('update', { of: attempts });
		if (!row || (input.roundId !== undefined && row.roundId !== input.roundId)) return fail('not_found');
		if (row.state !== 'flagged') return fail('not_flagged');
		const after = input.decision === 'keep' ? 'kept' : 'disqualified';
		await tx.update(attempts).set({ reviewState: after }).where(eq(attempts.id, input.attemptId));
		await recordAudit(tx, {
			actorId: input.actorId,
			contestId: row.contestId,
			entity: 'attempt',
			entityId: input.attemptId,
			action: input.decision === 'keep' ? 'attempt.review_keep' : 'attempt.review_disqualify',
			reason,
			before: { reviewState: 'flagged' },
			after: { reviewState: after }
		});
		return ok();
	});
}
