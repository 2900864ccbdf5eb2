import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { db, readDb } from '$lib/server/db';
import { buildExport, exportRequest } from './request';
import { downloadHeaders, tableStream } from './table-stream';

/**
 * The direct download of an export (no job): streamed from the replica as the client reads it. The organizer's
 * buttons go through a job instead (POST /organize/exports); this stays for links and scripts. The caller has
 * checked the contest's organizer.
 */
export async function directExport(fields: Record<string, string | undefined>): Promise<Response> {
	const parsed = exportRequest.safeParse(fields);
	if (!parsed.success) error(404, m.error_404_text());
	const built = await buildExport(db(), readDb(), parsed.data);
	if (!built.ok) error(404, m.error_404_text());
	return new Response(tableStream(built.table, parsed.data.format), {
		headers: downloadHeaders(built.fileName, parsed.data.format)
	});
}
