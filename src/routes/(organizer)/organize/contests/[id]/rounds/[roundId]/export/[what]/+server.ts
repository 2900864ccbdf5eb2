import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import { roundAnswersExport, roundResultsExport } from '$lib/server/exports/quiz';
import { downloadHeaders, exportFormat, tableStream } from '$lib/server/exports/table-stream';
import { getRoundForOrganizer } from '$lib/server/quiz/contests';
import { idParam } from '../../../../../forms.server';
import type { RequestHandler } from './$types';

const query = z.object({
	what: z.enum(['results', 'answers']),
	format: exportFormat
});

/** A quiz round's ranked results or answer-by-answer data, streamed as .xlsx or .csv (organizers only). */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const parsed = query.safeParse({
		what: event.params.what,
		format: event.url.searchParams.get('format') ?? undefined
	});
	if (!parsed.success) error(404, m.error_404_text());
	const view = await getRoundForOrganizer(db(), idParam(event.params.roundId));
	if (!view || view.contest.id !== idParam(event.params.id)) error(404, m.error_404_text());
	const round = { id: view.round.id, name: view.round.name };
	const { what, format } = parsed.data;
	const body =
		what === 'results'
			? tableStream(await roundResultsExport(readDb(), round), format)
			: tableStream(await roundAnswersExport(readDb(), round), format);
	const name =
		what === 'results'
			? m.export_file_results({ round: round.name })
			: m.export_file_answers({ round: round.name });
	return new Response(body, { headers: downloadHeaders(name, format) });
};
