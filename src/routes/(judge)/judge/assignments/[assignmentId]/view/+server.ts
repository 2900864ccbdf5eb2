import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { fileForJudge } from '$lib/server/essays/judge-side';
import { fileStore } from '$lib/server/files';
import { downloadResponse } from '$lib/server/files/download';
import { judgedAssignment } from '../access.server';
import type { RequestHandler } from './$types';

/** What the workspace shows inline: a PDF in its frame, a picture of the file kind in an <img>. */
const INLINE = new Set(['pdf', 'png', 'jpeg']);

/**
 * The author-free copy shown inline in the workspace (a PDF's frame, a picture). `sandbox` runs it as an opaque
 * origin with no scripts (Chromium's viewer still draws a PDF; an iframe's sandbox attribute would block the
 * viewer), and `frame-ancestors 'self'` lets only this site frame it (browsers then ignore the site-wide
 * X-Frame-Options: DENY).
 */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const assignmentId = await judgedAssignment(user, event.params.assignmentId);
	const file = await fileForJudge(db(), assignmentId, user.id);
	if (!file || !INLINE.has(file.kind)) error(404, m.error_404_text());
	const stored = await fileStore().open(file.strippedSha256);
	if (!stored) error(404, m.error_404_text());
	const name = `${file.code}.${file.kind}`.replace(/[^A-Za-z0-9._-]/g, '_');
	const response = downloadResponse(stored, file.kind, `inline; filename="${name}"`);
	response.headers.set(
		'content-security-policy',
		"sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'"
	);
	return response;
};
