import fs from 'node:fs/promises';
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { readConfig } from '$lib/server/config';
import { db } from '$lib/server/db';
import { storagePath } from '$lib/server/essays/files';
import { fileForJudge } from '$lib/server/essays/judge-side';
import { judgedAssignment } from '../access.server';
import type { RequestHandler } from './$types';

const filesDir = readConfig().filesDir;
const contentType: Record<string, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
};

/** The author-free copy, named by the entry code: never the original, never the author's file name. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const assignmentId = await judgedAssignment(user, event.params.assignmentId);
	const file = await fileForJudge(db(), assignmentId, user.id);
	if (!file) error(404, m.error_404_text());
	let bytes: Buffer;
	try {
		bytes = await fs.readFile(storagePath(filesDir, file.strippedSha256));
	} catch (err) {
		if ((err as { code?: string }).code === 'ENOENT') error(404, m.error_404_text());
		throw err;
	}
	const name = `${file.code}.${file.kind}`.replace(/[^A-Za-z0-9._-]/g, '_');
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': contentType[file.kind] ?? 'application/octet-stream',
			'content-length': String(bytes.length),
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
