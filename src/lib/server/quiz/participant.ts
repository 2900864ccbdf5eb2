import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { units } from '../db/schema';
import { listContestsForParticipant, type ParticipantRound } from './contests';

/** The contests a person sees, found from their unit. */
export async function contestsFor(db: Db, unitId: number, now = new Date()) {
	const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
	if (!unit) return [];
	return listContestsForParticipant(db, unit.path, now);
}

/**
 * A round the person may see (published contest, eligible unit), with its contest's title, and the contest's
 * eligible unit (null: everyone) for pages that start from it.
 */
export async function visibleRound(db: Db, unitId: number, roundId: number, now = new Date()) {
	for (const contest of await contestsFor(db, unitId, now)) {
		const round = contest.rounds.find((r: ParticipantRound) => r.id === roundId);
		if (round)
			return {
				contest: { id: contest.id, title: contest.title, rules: contest.rules },
				round,
				eligibleUnitId: contest.eligibleUnitId
			};
	}
	return undefined;
}
