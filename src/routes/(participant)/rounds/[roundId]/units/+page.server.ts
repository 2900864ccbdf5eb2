import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import { dashboardParent } from '$lib/server/insights/scope';
import { visibleRound } from '$lib/server/quiz/participant';
import { unitStandings } from '$lib/server/quiz/standings';
import type { PageServerLoad } from './$types';

const params = z.object({
	roundId: z.coerce.number().int().positive(),
	parent: z.coerce.number().int().positive().optional()
});

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const parsed = params.safeParse({
		roundId: event.params.roundId,
		parent: event.url.searchParams.get('parent') ?? undefined
	});
	if (!parsed.success) error(404, m.error_404_text());
	const found = await visibleRound(db(), user.unitId, parsed.data.roundId);
	if (!found) error(404, m.error_404_text());
	if (found.round.resultsState === 'hidden') {
		return { contest: found.contest, round: found.round, units: [], breadcrumb: [], hidden: true };
	}
	// from the contest's own units down (a contest of one branch does not list the rest of the organization)
	const { parentId, trail } = await dashboardParent(db(), found.eligibleUnitId, parsed.data.parent ?? null);
	return {
		contest: found.contest,
		round: found.round,
		units: await unitStandings(readDb(), { contestId: found.contest.id, roundId: found.round.id }, parentId),
		breadcrumb: trail,
		hidden: false
	};
};
