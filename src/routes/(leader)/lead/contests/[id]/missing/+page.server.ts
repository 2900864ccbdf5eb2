import { z } from 'zod';
import { requireLeaderContest } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { keyOfMissing, type MissingKey, missingMembers } from '$lib/server/leaders/missing';
import { missingQuery, missingView } from '$lib/server/leaders/missing-view';
import { unitNames } from '$lib/server/leaders/units';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 500;

/** The cursor of the next page: the last row's key, as one opaque query parameter. */
const cursor = z
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

const encodeCursor = (key: MissingKey) =>
	Buffer.from(JSON.stringify([key.unitPath, key.fullName, key.userId])).toString('base64url');

/** Who in the leader's subtree has not taken part in the open round: names, units and phones, to remind them. */
export const load: PageServerLoad = async (event) => {
	const { contest } = await requireLeaderContest(event, event.params.id);
	const read = readDb();
	const params = missingQuery.parse({
		unit: event.url.searchParams.get('unit') ?? undefined,
		round: event.url.searchParams.get('round') ?? undefined
	});
	const after = cursor.parse(event.url.searchParams.get('after') ?? undefined);
	const { rounds, round, root } = await missingView(read, contest, params);
	const rows = round ? await missingMembers(read, round.id, root.path, after, PAGE_SIZE + 1) : [];
	const more = rows.length > PAGE_SIZE;
	const shown = rows.slice(0, PAGE_SIZE);
	const names = await unitNames(read, [root.unitId, ...contest.roots.map((r) => r.unitId)]);
	// one group per unit, in list order: the printed list puts each on its own A4 page
	const groups: {
		unitId: number;
		unitName: string;
		people: { id: number; fullName: string; phone: string }[];
	}[] = [];
	for (const row of shown) {
		const last = groups.at(-1);
		const person = { id: row.userId, fullName: row.fullName, phone: row.phone };
		if (last?.unitId === row.unitId) last.people.push(person);
		else groups.push({ unitId: row.unitId, unitName: row.unitName, people: [person] });
	}
	return {
		contest: { id: contest.id, title: contest.title },
		roots: contest.roots.map((r) => ({ id: r.unitId, name: names.get(r.unitId) ?? '' })),
		root: { id: root.unitId, name: names.get(root.unitId) ?? '' },
		rounds: rounds.map((r) => ({ id: r.id, name: r.name })),
		round: round ? { id: round.id, name: round.name } : null,
		groups,
		firstPage: after === undefined,
		next: more ? encodeCursor(keyOfMissing(shown[shown.length - 1])) : null
	};
};
