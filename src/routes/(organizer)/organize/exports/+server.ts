import { error, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer, requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { requestExport } from '$lib/server/exports/job';
import { exportRequest } from '$lib/server/exports/request';
import { jobQueue } from '$lib/server/jobs';
import type { RequestHandler } from './$types';

/**
 * An export button (DownloadLinks.svelte): the file is made by a background job, and the job's page shows its
 * progress and starts the download when it is ready (docs/EXPORTS.md "Exports as jobs").
 */
export const POST: RequestHandler = async (event) => {
	requireOrganizer(event);
	const body = await event.request.formData().catch(() => null);
	if (!body) error(400, m.contest_bad_request());
	const form = Object.fromEntries(body);
	// the contest's scope, as every organizer page about one contest checks it (a contest outside it is a 404)
	const user = await requireContestOrganizer(event, String(form.contestId ?? ''));
	const parsed = exportRequest.safeParse(form);
	if (!parsed.success) error(404, m.error_404_text());
	const asked = await requestExport(jobQueue(), db(), { request: parsed.data, actorId: user.id });
	if (!asked.ok) error(404, m.error_404_text());
	redirect(303, `/organize/jobs/${asked.jobId}?new`);
};
