/**
 * What every part of judging shares: its error codes and Result, a round's closing, the publication lock, a
 * contest's judges.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Handle } from '../result';
import { essayRounds, essaySettings, roleGrants, units, users } from '../db/schema';
import { type JudgeRef } from './assignment';

export type { Handle, Tx } from '../result';

export type JudgingError =
	| 'not_found'
	| 'not_first_round'
	| 'bad_rounds'
	| 'not_in_round'
	| 'not_judge'
	| 'conflict'
	| 'already_assigned'
	| 'has_submitted_score'
	| 'not_assigned'
	| 'calibration_pending'
	| 'closed'
	| 'withdrawn'
	| 'invalid'
	| 'results_published'
	| 'reason_required'
	| 'already_submitted'
	| 'not_submitted'
	| 'submissions_open'
	| 'stage';

export type Result<T> = ({ ok: true } & T) | { ok: false; error: JudgingError };

/** Closed once the organizer closes it, or from its closing time on. */
export function roundClosed(round: { closesAt: Date | null; closedAt: Date | null }, now: Date): boolean {
	if (round.closedAt && round.closedAt.getTime() <= now.getTime()) return true;
	return round.closesAt !== null && now.getTime() >= round.closesAt.getTime();
}

/**
 * True once the contest's results are published. Takes the essay_settings row FOR SHARE: publishResults and
 * unpublishResults take it FOR UPDATE, so a change to judging (opening, assigning, reopening, advancing) and a
 * publication run one after the other and published results never change underneath. Call it first in the
 * transaction, before any round lock (publish locks essay_settings first too).
 */
export async function resultsPublishedLocked(tx: Handle, contestId: number): Promise<boolean> {
	const [row] = await tx
		.select({ at: essaySettings.resultsPublishedAt })
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId))
		.for('share');
	return row?.at != null;
}

/** The contest of a round, read without a lock (a round never moves to another contest). */
export async function contestOfRound(db: Handle, roundId: number): Promise<number | null> {
	const [row] = await db
		.select({ contestId: essayRounds.contestId })
		.from(essayRounds)
		.where(eq(essayRounds.id, roundId));
	return row?.contestId ?? null;
}

export async function roundById(db: Handle, roundId: number) {
	const [round] = await db.select().from(essayRounds).where(eq(essayRounds.id, roundId));
	return round;
}

/**
 * The judges of a contest (contest-scoped grant), with their unit paths and the contest's conflict level (so every
 * conflict check, automatic, manual or third judge, applies it); disabled accounts are left out.
 */
export async function contestJudges(db: Handle, contestId: number): Promise<(JudgeRef & { name: string })[]> {
	return db
		.select({
			id: users.id,
			unitPath: units.path,
			name: users.fullName,
			conflictDepth: essaySettings.conflictDepth
		})
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.innerJoin(units, eq(units.id, users.unitId))
		.leftJoin(essaySettings, eq(essaySettings.contestId, roleGrants.contestId))
		.where(
			and(eq(roleGrants.role, 'judge'), eq(roleGrants.contestId, contestId), sql`${users.disabledAt} is null`)
		)
		.orderBy(asc(users.id));
}
