import fs from 'node:fs/promises';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { readConfig } from '$lib/server/config';
import { db } from '$lib/server/db';
import { storagePath } from '$lib/server/essays/files';
import { originalFileOf } from '$lib/server/essays/rounds-admin';
import { idParam, roundOfParams } from '../../../round.server';
import type { RequestHandler } from './$types';

const filesDir = readConfig().filesDir;
const contentType: Record<string, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
};

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
	let bytes: Buffer;
	try {
		bytes = await fs.readFile(storagePath(filesDir, file.sha256));
	} catch (err) {
		if ((err as { code?: string }).code === 'ENOENT') error(404, m.error_404_text());
		throw err;
	}
	const ascii = `${file.code}.${file.kind}`.replace(/[^A-Za-z0-9._-]/g, '_');
	const given = file.fileName ? `; filename*=UTF-8''${rfc5987(file.fileName)}` : '';
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': contentType[file.kind] ?? 'application/octet-stream',
			'content-length': String(bytes.length),
			'content-disposition': `attachment; filename="${ascii}"${given}`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
