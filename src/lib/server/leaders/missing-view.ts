import { z } from 'zod';
import type { Db } from '../db/client';
import { countedRounds } from '../insights/scope';
import { chosenRoot, type LeaderContest } from './contests';
import { type MissingKey, type MissingMember, openRound } from './missing';

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

/** The cursor of the next page of a missing list: the last row's key, as one opaque query parameter. */
export const missingCursor = z
	.string()
	.transform((text, ctx): MissingKey => {
		try {
			const [unitPath, fullName, userId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
			if (typeof unitPath === 'string' && typeof fullName === 'string' && Number.isInteger(userId))
				return { unitPath, fullName, userId };
		} catch {
			// unreadable: the first page
		}
		ctx.addIssue({ code: 'custom', message: 'cursor' });
		return z.NEVER;
	})
	.optional()
	.catch(undefined);

export const encodeMissingCursor = (key: MissingKey) =>
	Buffer.from(JSON.stringify([key.unitPath, key.fullName, key.userId])).toString('base64url');

export interface MissingGroup {
	unitId: number;
	unitName: string;
	people: { id: number; fullName: string; phone: string }[];
}

/** One group per unit, in list order: the printed list puts each on its own A4 page. */
export function groupByUnit(rows: MissingMember[]): MissingGroup[] {
	const groups: MissingGroup[] = [];
	for (const row of rows) {
		const last = groups.at(-1);
		const person = { id: row.userId, fullName: row.fullName, phone: row.phone };
		if (last?.unitId === row.unitId) last.people.push(person);
		else groups.push({ unitId: row.unitId, unitName: row.unitName, people: [person] });
	}
	return groups;
}
