import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { attachmentHeaders } from '$lib/server/exports/table-stream';
import { fileStore } from '$lib/server/files';
import { ownRun } from '$lib/server/jobs/access';
import type { RequestHandler } from './$types';

const types: Record<string, string> = { pdf: 'application/pdf', zip: 'application/zip', csv: 'text/csv' };

/** The file a finished background job made, from the shared file store (any app process serves it). */
export const GET: RequestHandler = async (event) => {
	const me = requireOrganizer(event);
	const run = await ownRun(db(), Number(event.params.id), me.id);
	if (!run?.resultSha256 || !run.resultName) error(404, m.error_404_text());
	const file = await fileStore().open(run.resultSha256);
	if (!file) error(404, m.error_404_text());
	const extension = run.resultName.split('.').pop() ?? '';
	return new Response(file.stream, {
		headers: {
			...attachmentHeaders(run.resultName, types[extension] ?? 'application/octet-stream'),
			'content-length': String(file.size)
		}
	});
};
