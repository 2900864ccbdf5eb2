import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { readConfig } from '$lib/server/config';
import { db } from '$lib/server/db';
import { getEntryForAuthor } from '$lib/server/essays/entries';
import { readFile } from '$lib/server/essays/storage';
import type { RequestHandler } from './$types';

const filesDir = readConfig().filesDir;
const idParam = z.coerce.number().int().positive();
const contentType: Record<string, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
};

/** The author's own original file: nobody else's entry is ever found here. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const entryId = idParam.safeParse(event.params.entryId);
	if (!entryId.success) error(404, m.error_404_text());
	const found = await getEntryForAuthor(db(), entryId.data, user.id);
	if (!found?.entry.fileSha256 || !found.entry.fileKind) error(404, m.error_404_text());
	const bytes = await readFile(filesDir, found.entry.fileSha256);
	if (!bytes) error(404, m.error_404_text());
	const kind = found.entry.fileKind;
	const name = found.entry.fileName ?? `${found.entry.code}.${kind}`;
	const ascii =
		name
			.normalize('NFD')
			.replace(/[^\x20-\x7e]/g, '')
			.replace(/["\\]/g, '') || `entry.${kind}`;
	return new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
		headers: {
			'content-type': contentType[kind] ?? 'application/octet-stream',
			'content-length': String(bytes.length),
			'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
