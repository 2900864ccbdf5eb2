import { z } from 'zod';
import { requireLeaderContest } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { entriesByUnit } from '$lib/server/insights/essay-stats';
import { chosenRoot } from '$lib/server/leaders/contests';
import { trailFromRoot, unitNames } from '$lib/server/leaders/units';
import type { PageServerLoad } from './$types';

const query = z.object({ unit: z.coerce.number().int().positive().optional().catch(undefined) });

/** Read-only participation of the leader's subtree in an essay contest: entries and authors by unit, no content. */
export const load: PageServerLoad = async (event) => {
	const { contest } = await requireLeaderContest(event, event.params.id, 'essay');
	const params = query.parse({ unit: event.url.searchParams.get('unit') ?? undefined });
	const read = readDb();
	const unit = await chosenRoot(read, contest, params.unit);
	const root = contest.roots.find((r) => unit.path.startsWith(r.path)) ?? unit;
	const [byUnit, trail, names] = await Promise.all([
		entriesByUnit(read, contest.id, null, unit.unitId),
		trailFromRoot(read, root, unit),
		unitNames(
			read,
			contest.roots.map((r) => r.unitId)
		)
	]);
	return {
		contest: { id: contest.id, title: contest.title },
		roots: contest.roots.map((r) => ({ id: r.unitId, name: names.get(r.unitId) ?? '' })),
		unitId: unit.unitId,
		trail,
		rows: byUnit.rows.map((r) => ({
			unitId: r.unitId,
			name: r.name,
			direct: r.direct,
			entries: r.entries,
			authors: r.authors,
			childCount: r.childCount
		})),
		totals: { entries: byUnit.totals.entries, authors: byUnit.totals.authors }
	};
};
