import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client';
import { attempts, rounds } from '../db/schema';
import { recordResult } from '../quiz/results';

/**
 * A finished attempt written as the quiz code writes it (the attempt row, then recordResult at finish), without
 * going through questions and answers: the insights read only these two tables.
 */
export async function finishedAttempt(
	db: Db,
	a: {
		roundId: number;
		userId: number;
		unitId: number;
		correct: number;
		finishedAt: Date;
		questions?: number;
	}
) {
	const [{ n }] = rowsOf<{ n: number }>(
		await db.execute(
			sql`select count(*)::int as n from ${attempts} where round_id = ${a.roundId} and user_id = ${a.userId}`
		)
	);
	const [row] = await db
		.insert(attempts)
		.values({
			roundId: a.roundId,
			userId: a.userId,
			unitId: a.unitId,
			attemptNo: n + 1,
			status: 'finished',
			startedAt: new Date(a.finishedAt.getTime() - 300_000),
			deadline: new Date(a.finishedAt.getTime() + 600_000),
			finishedAt: a.finishedAt,
			endedBy: 'submitted',
			questionCount: a.questions ?? 10,
			correctCount: a.correct,
			durationMs: 300_000
		})
		.returning();
	await recordResult(db, row);
	return row;
}

/** Another round in the same contest (a counted one, or practice). */
export async function extraRound(
	db: Db,
	contestId: number,
	position: number,
	options: { practice?: boolean; opensAt?: Date; closesAt?: Date } = {}
) {
	const now = Date.now();
	const [round] = await db
		.insert(rounds)
		.values({
			contestId,
			position,
			name: options.practice ? 'Thi thử' : `Tuần ${position}`,
			practice: options.practice ?? false,
			opensAt: options.opensAt ?? new Date(now - 3_600_000),
			closesAt: options.closesAt ?? new Date(now + 86_400_000),
			timeLimitSeconds: 600,
			attemptsAllowed: options.practice ? null : 3
		})
		.returning();
	return round;
}
