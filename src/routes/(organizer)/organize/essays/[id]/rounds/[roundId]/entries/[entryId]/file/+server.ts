import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { originalFileOf } from '$lib/server/essays/rounds-admin';
import { fileStore } from '$lib/server/files';
import { downloadResponse } from '$lib/server/files/download';
import { idParam, roundOfParams } from '../../../round.server';
import type { RequestHandler } from './$types';

/** A header parameter value (RFC 5987): percent-encoded UTF-8, including the characters encodeURIComponent keeps. */
function rfc5987(value: string): string {
	return encodeURIComponent(value).replace(
		/['()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
	);
}

/** The original file as the author uploaded it, for organizers only: named by the entry code and the author's name. */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const roundId = await roundOfParams(event.params);
	const entryId = idParam.safeParse(event.params.entryId);
	if (!entryId.success) error(404, m.error_404_text());
	const file = await originalFileOf(db(), roundId, entryId.data);
	if (!file) error(404, m.error_404_text());
	const stored = await fileStore().open(file.sha256);
	if (!stored) error(404, m.error_404_text());
	const ascii = `${file.code}.${file.kind}`.replace(/[^A-Za-z0-9._-]/g, '_');
	const given = file.fileName ? `; filename*=UTF-8''${rfc5987(file.fileName)}` : '';
	return downloadResponse(stored, file.kind, `attachment; filename="${ascii}"${given}`);
};
