import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import { participationExport } from '$lib/server/exports/participation';
import { downloadHeaders, exportFormat, tableStream } from '$lib/server/exports/table-stream';
import { countedRounds, defaultRound } from '$lib/server/insights/scope';
import { quizContest } from '../../../forms.server';
import type { RequestHandler } from './$types';

// `round` as on the dashboard: a counted round's id, or `all` for the whole contest; absent, the dashboard's default.
const query = z.object({
	round: z.union([z.literal('all'), z.coerce.number().int().positive()]).optional(),
	format: exportFormat
});

/** Participation by unit over the eligible root's whole subtree, streamed as .xlsx or .csv (organizers only). */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await quizContest(event.params.id);
	const parsed = query.safeParse({
		round: event.url.searchParams.get('round') ?? undefined,
		format: event.url.searchParams.get('format') ?? undefined
	});
	if (!parsed.success) error(404, m.error_404_text());
	const { round, format } = parsed.data;
	const rounds = await countedRounds(db(), contest.id);
	let roundId: number | null;
	if (round === 'all') roundId = null;
	else if (round === undefined) roundId = defaultRound(rounds);
	else if (rounds.some((r) => r.id === round)) roundId = round;
	else error(404, m.error_404_text());
	const table = await participationExport(
		readDb(),
		{ contestId: contest.id, roundId },
		contest.eligibleUnitId
	);
	const scope = rounds.find((r) => r.id === roundId)?.name ?? m.export_scope_all_rounds();
	return new Response(tableStream(table, format), {
		headers: downloadHeaders(m.export_file_participation({ contest: contest.title, scope }), format)
	});
};
