import { requireLeaderContest } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { keyOfMissing, missingMembers } from '$lib/server/leaders/missing';
import {
	encodeMissingCursor,
	groupByUnit,
	missingCursor,
	missingQuery,
	missingView
} from '$lib/server/leaders/missing-view';
import { unitNames } from '$lib/server/leaders/units';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 500;

/** Who in the leader's subtree has not taken part in the open round: names, units and phones, to remind them. */
export const load: PageServerLoad = async (event) => {
	const { contest } = await requireLeaderContest(event, event.params.id);
	const read = readDb();
	const params = missingQuery.parse({
		unit: event.url.searchParams.get('unit') ?? undefined,
		round: event.url.searchParams.get('round') ?? undefined
	});
	const after = missingCursor.parse(event.url.searchParams.get('after') ?? undefined);
	const { rounds, round, root } = await missingView(read, contest, params);
	const rows = round
		? await missingMembers(read, { roundId: round.id }, root.path, after, PAGE_SIZE + 1)
		: [];
	const more = rows.length > PAGE_SIZE;
	const shown = rows.slice(0, PAGE_SIZE);
	const names = await unitNames(read, [root.unitId, ...contest.roots.map((r) => r.unitId)]);
	return {
		contest: { id: contest.id, title: contest.title },
		roots: contest.roots.map((r) => ({ id: r.unitId, name: names.get(r.unitId) ?? '' })),
		root: { id: root.unitId, name: names.get(root.unitId) ?? '' },
		rounds: rounds.map((r) => ({ id: r.id, name: r.name })),
		round: round ? { id: round.id, name: round.name } : null,
		groups: groupByUnit(shown),
		firstPage: after === undefined,
		next: more ? encodeMissingCursor(keyOfMissing(shown[shown.length - 1])) : null
	};
};
