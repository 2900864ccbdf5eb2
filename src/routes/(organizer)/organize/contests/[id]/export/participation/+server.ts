import { requireContestOrganizer } from '$lib/server/auth/guards';
import { directExport } from '$lib/server/exports/direct';
import type { RequestHandler } from './$types';

/**
 * Participation by unit over the eligible root's whole subtree, streamed as .xlsx or .csv (organizers only).
 * `round` as on the dashboard: a counted round's id, or `all` for the whole contest; absent, the dashboard's default.
 */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const query = event.url.searchParams;
	return directExport({
		what: 'participation',
		contestId: event.params.id,
		round: query.get('round') ?? undefined,
		format: query.get('format') ?? undefined
	});
};
