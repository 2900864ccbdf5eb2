import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import { awardsExport, essayRankingExport, essayScoresExport, exportRound } from '$lib/server/exports/essays';
import { downloadHeaders, exportFormat, tableStream } from '$lib/server/exports/table-stream';
import { essayContest } from '../../../forms.server';
import type { RequestHandler } from './$types';

const query = z.object({
	what: z.enum(['scores', 'ranking', 'awards']),
	format: exportFormat,
	/** scores and ranking: the round (absent: the final round, the last one holding entries) */
	round: z.coerce.number().int().positive().optional(),
	/** judges appear as codes J01, J02…; names only when the organizer asks */
	judges: z.enum(['codes', 'names']).default('codes')
});

/** An essay contest's judges' scores, a round's ranking or the awards list, as .xlsx or .csv (organizers only). */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const parsed = query.safeParse({
		what: event.params.what,
		format: event.url.searchParams.get('format') ?? undefined,
		round: event.url.searchParams.get('round') ?? undefined,
		judges: event.url.searchParams.get('judges') ?? undefined
	});
	if (!parsed.success) error(404, m.error_404_text());
	const { what, format, judges } = parsed.data;
	if (what === 'awards') {
		const table = await awardsExport(readDb(), contest);
		return new Response(tableStream(table, format), {
			headers: downloadHeaders(m.export_file_awards({ contest: contest.title }), format)
		});
	}
	const round = await exportRound(db(), contest.id, parsed.data.round ?? null);
	if (!round) error(404, m.error_404_text());
	if (what === 'scores') {
		const table = await essayScoresExport(readDb(), round, judges);
		return new Response(tableStream(table, format), {
			headers: downloadHeaders(m.export_file_essay_scores({ round: round.name }), format)
		});
	}
	const table = await essayRankingExport(readDb(), round);
	return new Response(tableStream(table, format), {
		headers: downloadHeaders(m.export_file_essay_ranking({ round: round.name }), format)
	});
};
