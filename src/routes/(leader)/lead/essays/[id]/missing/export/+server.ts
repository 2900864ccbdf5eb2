import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireLeaderContest } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { downloadHeaders, exportFormat, tableStream } from '$lib/server/exports/table-stream';
import { chosenRoot } from '$lib/server/leaders/contests';
import { missingExport } from '$lib/server/leaders/missing';
import { missingQuery } from '$lib/server/leaders/missing-view';
import { unitNames } from '$lib/server/leaders/units';
import type { RequestHandler } from './$types';

/** The whole list of the subtree's members without a submitted entry, streamed as .xlsx or .csv. */
export const GET: RequestHandler = async (event) => {
	const { contest } = await requireLeaderContest(event, event.params.id, 'essay');
	const format = exportFormat.safeParse(event.url.searchParams.get('format') ?? undefined);
	if (!format.success) error(404, m.error_404_text());
	const read = readDb();
	const params = missingQuery.parse({ unit: event.url.searchParams.get('unit') ?? undefined });
	const root = await chosenRoot(read, contest, params.unit);
	const names = await unitNames(read, [root.unitId]);
	const fileName = m.lead_missing_file({
		contest: contest.title,
		round: m.lead_essay_entries(),
		unit: names.get(root.unitId) ?? ''
	});
	return new Response(
		tableStream(missingExport(read, { essayContestId: contest.id }, root.path), format.data),
		{
			headers: downloadHeaders(fileName, format.data)
		}
	);
};
