import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { directExport } from '$lib/server/exports/direct';
import type { RequestHandler } from './$types';

/** A quiz round's ranked results or answer-by-answer data, streamed as .xlsx or .csv (organizers only). */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const query = event.url.searchParams;
	if (!['results', 'answers'].includes(event.params.what)) error(404, m.error_404_text());
	return directExport({
		what: event.params.what,
		contestId: event.params.id,
		roundId: event.params.roundId,
		format: query.get('format') ?? undefined
	});
};
