import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { directExport } from '$lib/server/exports/direct';
import type { RequestHandler } from './$types';

/**
 * An essay contest's judges' scores, a round's ranking or the awards list, as .xlsx or .csv (organizers only).
 * `round`: absent, the final round; judges are codes J01, J02… unless `judges=names`.
 */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const query = event.url.searchParams;
	const what = event.params.what;
	if (!['scores', 'ranking', 'awards'].includes(what)) error(404, m.error_404_text());
	return directExport({
		what,
		contestId: event.params.id,
		roundId: query.get('round') ?? undefined,
		judges: query.get('judges') ?? undefined,
		format: query.get('format') ?? undefined
	});
};
