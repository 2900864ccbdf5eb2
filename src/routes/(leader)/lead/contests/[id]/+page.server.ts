import { z } from 'zod';
import { requireLeaderContest } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { chosenRoot } from '$lib/server/leaders/contests';
import { openRound } from '$lib/server/leaders/missing';
import { trailFromRoot, unitNames } from '$lib/server/leaders/units';
import { participationByUnit, sortParticipation } from '$lib/server/insights/participation';
import { countedRounds } from '$lib/server/insights/scope';
import type { PageServerLoad } from './$types';

// as on the organizer's dashboard: every view is a link, and anything unreadable falls back to the default view
const query = z.object({
	round: z
		.union([z.literal('all'), z.coerce.number().int().positive()])
		.optional()
		.catch(undefined),
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	sort: z.enum(['rate', 'participants', 'name']).catch('rate')
});

/** Read-only participation of the leader's subtree: figures by unit, never an answer or a person's score. */
export const load: PageServerLoad = async (event) => {
	const { contest } = await requireLeaderContest(event, event.params.id);
	const params = query.parse({
		round: event.url.searchParams.get('round') ?? undefined,
		unit: event.url.searchParams.get('unit') ?? undefined,
		sort: event.url.searchParams.get('sort') ?? undefined
	});
	const read = readDb();
	const rounds = await countedRounds(read, contest.id);
	const roundId =
		params.round === 'all'
			? null
			: rounds.some((r) => r.id === params.round)
				? (params.round as number)
				: (openRound(rounds)?.id ?? null);
	const unit = await chosenRoot(read, contest, params.unit);
	const root = contest.roots.find((r) => unit.path.startsWith(r.path)) ?? unit;
	const [participation, trail, names] = await Promise.all([
		participationByUnit(read, { contestId: contest.id, roundId }, unit.unitId),
		trailFromRoot(read, root, unit),
		unitNames(
			read,
			contest.roots.map((r) => r.unitId)
		)
	]);
	return {
		contest: { id: contest.id, title: contest.title },
		roots: contest.roots.map((r) => ({ id: r.unitId, name: names.get(r.unitId) ?? '' })),
		rounds: rounds.map((r) => ({ id: r.id, name: r.name })),
		roundId,
		sort: params.sort,
		unitId: unit.unitId,
		trail,
		participation: { rows: sortParticipation(participation.rows, params.sort), totals: participation.totals }
	};
};
