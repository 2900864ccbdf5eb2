import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import { contestOfAssignment, isJudgeOf } from '$lib/server/essays/judge-access';

const idParam = z.coerce.number().int().positive();

/** The assignment id of the URL, once the signed-in user is known to judge its contest (404 / 403 otherwise). */
export async function judgedAssignment(user: SessionUser, param: string): Promise<number> {
	const id = idParam.safeParse(param);
	if (!id.success) error(404, m.error_404_text());
	const contestId = await contestOfAssignment(db(), id.data);
	if (contestId === null) error(404, m.error_404_text());
	if (!(await isJudgeOf(db(), user.id, contestId))) error(403, m.error_forbidden());
	return id.data;
}
