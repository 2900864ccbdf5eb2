import { requireLeaderContest } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { chosenRoot } from '$lib/server/leaders/contests';
import { keyOfMissing, missingMembers } from '$lib/server/leaders/missing';
import {
	encodeMissingCursor,
	groupByUnit,
	missingCursor,
	missingQuery
} from '$lib/server/leaders/missing-view';
import { unitNames } from '$lib/server/leaders/units';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 500;

/** Who in the leader's subtree has not submitted an entry: names, units and phones, to remind them. */
export const load: PageServerLoad = async (event) => {
	const { contest } = await requireLeaderContest(event, event.params.id, 'essay');
	const read = readDb();
	const params = missingQuery.parse({ unit: event.url.searchParams.get('unit') ?? undefined });
	const after = missingCursor.parse(event.url.searchParams.get('after') ?? undefined);
	const root = await chosenRoot(read, contest, params.unit);
	const rows = await missingMembers(read, { essayContestId: contest.id }, root.path, after, PAGE_SIZE + 1);
	const more = rows.length > PAGE_SIZE;
	const shown = rows.slice(0, PAGE_SIZE);
	const names = await unitNames(read, [root.unitId, ...contest.roots.map((r) => r.unitId)]);
	return {
		contest: { id: contest.id, title: contest.title },
		roots: contest.roots.map((r) => ({ id: r.unitId, name: names.get(r.unitId) ?? '' })),
		root: { id: root.unitId, name: names.get(root.unitId) ?? '' },
		groups: groupByUnit(shown),
		firstPage: after === undefined,
		next: more ? encodeMissingCursor(keyOfMissing(shown[shown.length - 1])) : null
	};
};
