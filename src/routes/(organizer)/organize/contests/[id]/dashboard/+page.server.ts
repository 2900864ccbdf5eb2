import { z } from 'zod';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { scoreHistogram } from '$lib/server/insights/histogram';
import { participationByUnit, sortParticipation } from '$lib/server/insights/participation';
import { countedRounds, dashboardParent, defaultRound } from '$lib/server/insights/scope';
import { participationTimeline } from '$lib/server/insights/timeline';
import type { PageServerLoad } from './$types';
import { LIVE_DEPENDENCY } from './live-key';

// Query parameters, so every view is a link (drill-down and filters work without JavaScript); anything unreadable
// falls back to the default view rather than failing.
const query = z.object({
	round: z
		.union([z.literal('all'), z.coerce.number().int().positive()])
		.optional()
		.catch(undefined),
	unit: z.coerce.number().int().positive().optional().catch(undefined),
	sort: z.enum(['rate', 'participants', 'name']).catch('rate')
});

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const read = readDb();
	// the rounds need only the id (checked by the guard): asked for while the layout reads the contest
	const roundsRead = countedRounds(read, Number(event.params.id));
	roundsRead.catch(() => {}); // handled where awaited; not an unhandled rejection if parent() throws first
	const { contest } = await event.parent();
	// the live stream (./live) makes the page re-run this load: the numbers come from the same queries
	event.depends(LIVE_DEPENDENCY);
	const params = query.parse({
		round: event.url.searchParams.get('round') ?? undefined,
		unit: event.url.searchParams.get('unit') ?? undefined,
		sort: event.url.searchParams.get('sort') ?? undefined
	});
	// every read of the page at once: the unit trail and the rounds, then the three figures of the chosen scope
	const [rounds, { parentId, trail }] = await Promise.all([
		roundsRead,
		dashboardParent(read, contest.eligibleUnitId, params.unit ?? null)
	]);
	const roundId =
		params.round === 'all'
			? null
			: rounds.some((r) => r.id === params.round)
				? (params.round as number)
				: defaultRound(rounds);
	const scope = { contestId: contest.id, roundId };
	const [participation, timeline, histogram] = await Promise.all([
		participationByUnit(read, scope, parentId),
		participationTimeline(read, scope),
		roundId === null ? Promise.resolve(null) : scoreHistogram(read, roundId)
	]);
	return {
		rounds: rounds.map((r) => ({ id: r.id, name: r.name })),
		roundId,
		sort: params.sort,
		parentId,
		trail,
		participation: { rows: sortParticipation(participation.rows, params.sort), totals: participation.totals },
		timeline,
		histogram
	};
};
