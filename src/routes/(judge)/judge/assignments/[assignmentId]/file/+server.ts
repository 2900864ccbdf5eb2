import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { fileForJudge } from '$lib/server/essays/judge-side';
import { fileStore } from '$lib/server/files';
import { downloadResponse } from '$lib/server/files/download';
import { judgedAssignment } from '../access.server';
import type { RequestHandler } from './$types';

/** The author-free copy, named by the entry code: never the original, never the author's file name. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const assignmentId = await judgedAssignment(user, event.params.assignmentId);
	const file = await fileForJudge(db(), assignmentId, user.id);
	if (!file) error(404, m.error_404_text());
	const stored = await fileStore().open(file.strippedSha256);
	if (!stored) error(404, m.error_404_text());
	const name = `${file.code}.${file.kind}`.replace(/[^A-Za-z0-9._-]/g, '_');
	return downloadResponse(stored, file.kind, `attachment; filename="${name}"`);
};
