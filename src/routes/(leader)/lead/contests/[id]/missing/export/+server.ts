import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireLeaderContest } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { downloadHeaders, exportFormat, tableStream } from '$lib/server/exports/table-stream';
import { missingExport } from '$lib/server/leaders/missing';
import { missingQuery, missingView } from '$lib/server/leaders/missing-view';
import { unitNames } from '$lib/server/leaders/units';
import type { RequestHandler } from './$types';

/** The whole missing list of the leader's subtree (every page), streamed as .xlsx or .csv. */
export const GET: RequestHandler = async (event) => {
	const { contest } = await requireLeaderContest(event, event.params.id);
	const format = exportFormat.safeParse(event.url.searchParams.get('format') ?? undefined);
	if (!format.success) error(404, m.error_404_text());
	const read = readDb();
	const { round, root } = await missingView(
		read,
		contest,
		missingQuery.parse({
			unit: event.url.searchParams.get('unit') ?? undefined,
			round: event.url.searchParams.get('round') ?? undefined
		})
	);
	if (!round) error(404, m.error_404_text());
	const names = await unitNames(read, [root.unitId]);
	const fileName = m.lead_missing_file({
		contest: contest.title,
		round: round.name,
		unit: names.get(root.unitId) ?? ''
	});
	return new Response(tableStream(missingExport(read, { roundId: round.id }, root.path), format.data), {
		headers: downloadHeaders(fileName, format.data)
	});
};
