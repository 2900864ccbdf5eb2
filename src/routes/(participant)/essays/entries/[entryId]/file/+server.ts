import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { getEntryForAuthor } from '$lib/server/essays/entries';
import { fileStore } from '$lib/server/files';
import { downloadResponse } from '$lib/server/files/download';
import type { RequestHandler } from './$types';

const idParam = z.coerce.number().int().positive();

/** The author's own original file: nobody else's entry is ever found here. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const entryId = idParam.safeParse(event.params.entryId);
	if (!entryId.success) error(404, m.error_404_text());
	const found = await getEntryForAuthor(db(), entryId.data, user.id);
	if (!found?.entry.fileSha256 || !found.entry.fileKind) error(404, m.error_404_text());
	const stored = await fileStore().open(found.entry.fileSha256);
	if (!stored) error(404, m.error_404_text());
	const kind = found.entry.fileKind;
	const name = found.entry.fileName ?? `${found.entry.code}.${kind}`;
	const ascii =
		name
			.normalize('NFD')
			.replace(/[^\x20-\x7e]/g, '')
			.replace(/["\\]/g, '') || `entry.${kind}`;
	return downloadResponse(
		stored,
		kind,
		`attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
	);
};
