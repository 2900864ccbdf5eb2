import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { SIMILARITY_JOB, startSimilarityCheck } from '$lib/server/essays/similarity/job';
import {
	addReference,
	checkCoverage,
	listReferences,
	REFERENCE_LIMITS,
	referenceText
} from '$lib/server/essays/similarity/references';
import {
	pairsAbove,
	setSimilarityThreshold,
	similarityThreshold
} from '$lib/server/essays/similarity/review';
import { jobQueue } from '$lib/server/jobs';
import { latestJob } from '$lib/server/jobs/runs';
import { essayContest } from '../../forms.server';
import { referenceErrorText } from './similarity.server';
import type { Actions, PageServerLoad } from './$types';

/** Organizers only: judges never load any of this (the organizer guard refuses them). */
export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const threshold = (await similarityThreshold(db(), contest.id)) ?? 20;
	const [job, coverage, pairs, references] = await Promise.all([
		latestJob(db(), SIMILARITY_JOB, contest.id),
		checkCoverage(db(), contest.id),
		pairsAbove(db(), contest.id, threshold),
		listReferences(db(), contest.id)
	]);
	return {
		contest: { id: contest.id, title: contest.title },
		threshold,
		job: job && {
			status: job.stale ? ('failed' as const) : job.status,
			done: job.done,
			total: job.total,
			error: job.stale ? 'interrupted' : job.error,
			finishedAt: job.finishedAt
		},
		coverage,
		pairs,
		references
	};
};

const thresholdForm = z.object({ threshold: z.coerce.number().int().min(1).max(100) });

export const actions: Actions = {
	start: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		// the check is queued (any app process may run it): the page follows it through the jobs row
		const started = await startSimilarityCheck(jobQueue(), db(), { contestId: contest.id, actorId: user.id });
		if (!started.ok) return fail(409, { error: m.sim_err_running() });
		return { done: m.sim_started() };
	},
	threshold: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const parsed = thresholdForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { thresholdError: m.sim_err_threshold() });
		const saved = await setSimilarityThreshold(db(), {
			contestId: contest.id,
			percent: parsed.data.threshold,
			actorId: user.id
		});
		if (!saved.ok) return fail(400, { thresholdError: m.sim_err_threshold() });
		return { done: m.sim_threshold_saved() };
	},
	reference: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const data = await event.request.formData();
		const title = data.get('title');
		const file = data.get('file');
		if (typeof title !== 'string' || !title.trim())
			return fail(400, { referenceError: m.sim_err_ref_title() });
		if (!(file instanceof File) || file.size === 0)
			return fail(400, { referenceError: m.sim_err_ref_file() });
		if (file.size > REFERENCE_LIMITS.bytes) return fail(400, { referenceError: m.sim_err_ref_too_large() });
		const read = await referenceText(new Uint8Array(await file.arrayBuffer()));
		if (!read.ok) return fail(400, { referenceError: referenceErrorText(read.error) });
		const added = await addReference(db(), {
			contestId: contest.id,
			title,
			text: read.text,
			actorId: user.id
		});
		if (!added.ok) return fail(400, { referenceError: referenceErrorText(added.error) });
		return { done: m.sim_ref_added() };
	}
};
