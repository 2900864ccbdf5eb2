import { error, json } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { ownRun } from '$lib/server/jobs/access';
import { publicRun } from '$lib/server/jobs/runs';
import type { RequestHandler } from './$types';

/** The progress of a background job the caller started: what its page polls. */
export const GET: RequestHandler = async (event) => {
	const me = requireOrganizer(event);
	const run = await ownRun(db(), Number(event.params.id), me.id);
	if (!run) error(404, m.error_404_text());
	return json(publicRun(run), { headers: { 'cache-control': 'no-store' } });
};
