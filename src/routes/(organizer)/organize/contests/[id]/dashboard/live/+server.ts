import { error } from '@sveltejs/kit';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { liveHub } from '$lib/server/live/hub';
import { liveStream } from '$lib/server/live/sse';
import { quizContest } from '../../../forms.server';
import type { RequestHandler } from './$types';

/**
 * Server-sent events for the contest's dashboard: an event `changed` (no data beyond "this contest changed") at most
 * every ~2 s while submissions arrive; the page then re-runs its load. Ends when the browser goes away.
 */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await quizContest(event.params.id);
	const hub = liveHub();
	if (!hub) error(503);
	return liveStream(hub, contest.id, event.request.signal);
};
