/** Contest-scoped judge checks: a judge of contest X holds role_grants {role: 'judge', contestId: X}. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { assignments, essayRounds, roleGrants } from '../db/schema';

export async function isJudgeOf(db: Db, userId: number, contestId: number): Promise<boolean> {
	const [row] = await db
		.select({ id: roleGrants.id })
		.from(roleGrants)
		.where(
			and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'judge'), eq(roleGrants.contestId, contestId))
		)
		.limit(1);
	return row !== undefined;
}

/** Whether the user judges any contest at all (the /judge home). */
export async function isAnyJudge(db: Db, userId: number): Promise<boolean> {
	const [row] = await db
		.select({ id: roleGrants.id })
		.from(roleGrants)
		.where(and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'judge')))
		.limit(1);
	return row !== undefined;
}

export async function contestOfRound(db: Db, roundId: number): Promise<number | null> {
	const [row] = await db
		.select({ contestId: essayRounds.contestId })
		.from(essayRounds)
		.where(eq(essayRounds.id, roundId));
	return row?.contestId ?? null;
}

export async function contestOfAssignment(db: Db, assignmentId: number): Promise<number | null> {
	const [row] = await db
		.select({ contestId: essayRounds.contestId })
		.from(assignments)
		.innerJoin(essayRounds, eq(essayRounds.id, assignments.roundId))
		.where(eq(assignments.id, assignmentId));
	return row?.contestId ?? null;
}
