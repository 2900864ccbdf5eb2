import { error } from '@sveltejs/kit';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { liveBoard } from '$lib/server/essays/kinds/live';
import { essayContest } from '../../forms.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	if (contest.settings.entryKind !== 'performance') error(404);
	// the page re-runs this load every few seconds (invalidate) until every act is settled
	event.depends('essay:live');
	return { board: await liveBoard(db(), contest.id), checkedAt: new Date() };
};
