import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { anthologyEntries } from '$lib/server/essays/anthology';
import { ANTHOLOGY_JOB, requestAnthology } from '$lib/server/essays/anthology/job';
import { jobQueue } from '$lib/server/jobs';
import { ownRun } from '$lib/server/jobs/access';
import { publicRun } from '$lib/server/jobs/runs';
import { essayContest } from '../../forms.server';
import { anthologyErrorText } from './anthology.server';
import type { Actions, PageServerLoad } from './$types';

const id = z.coerce.number().int().positive().max(2_147_483_647);

/** The winners that can go into the anthology, in award order, and the run that makes it (?job=); organizers in scope only. */
export const load: PageServerLoad = async (event) => {
	const user = await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const job = id.safeParse(event.url.searchParams.get('job'));
	const [found, run] = await Promise.all([
		anthologyEntries(db(), contest.id),
		job.success ? ownRun(db(), job.data, user.id) : null
	]);
	return {
		contest: { id: contest.id, title: contest.title },
		published: found.ok,
		entries: found.ok
			? found.entries.map((e) => ({
					entryId: e.entryId,
					code: e.code,
					title: e.title,
					author: e.author,
					unit: e.unit,
					tier: e.tier,
					fileKind: e.fileKind
				}))
			: [],
		job: run && run.kind === ANTHOLOGY_JOB && run.contestId === contest.id ? publicRun(run) : null,
		fresh: event.url.searchParams.has('new')
	};
};

export const actions: Actions = {
	/**
	 * The ticked winners (`entry`, one per winner) as a PDF, typeset in the background; the page (?job=) shows its
	 * progress and offers it. Each PDF made is audited (anthology.download) with the entries printed and left out.
	 */
	make: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await event.request.formData().catch(() => null);
		const ids = z.array(id).safeParse(form?.getAll('entry') ?? []);
		if (!form || !ids.success) return fail(400, { error: m.anthology_err_foreign() });
		const asked = await requestAnthology(jobQueue(), db(), {
			contestId: contest.id,
			actorId: user.id,
			include: ids.data
		});
		if (!asked.ok) {
			const message =
				asked.error === 'already_running' ? m.anthology_job_running() : anthologyErrorText(asked.error);
			return fail(asked.error === 'already_running' ? 409 : 400, { error: message });
		}
		redirect(303, `/organize/essays/${contest.id}/anthology?job=${asked.jobId}&new`);
	}
};
