import { z } from 'zod';
import type { Db } from '../db/client';
import { countedRounds } from '../insights/scope';
import { chosenRoot, type LeaderContest } from './contests';
import { openRound } from './missing';

/** `unit`: where the list starts (inside the leader's subtree); `round`: a counted round, else the open one. */
export const missingQuery = z.object({
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	round: z.coerce.number().int().positive().optional().catch(undefined)
});

/** The round and the subtree a missing list (page or export) is about; round null: the contest has none. */
export async function missingView(db: Db, contest: LeaderContest, params: z.infer<typeof missingQuery>) {
	const rounds = await countedRounds(db, contest.id);
	const round = rounds.find((r) => r.id === params.round) ?? openRound(rounds);
	const root = await chosenRoot(db, contest, params.unit);
	return { rounds, round, root };
}
