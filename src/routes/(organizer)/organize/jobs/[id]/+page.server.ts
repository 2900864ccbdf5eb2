import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer, requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { jobQueue } from '$lib/server/jobs';
import { ownRun } from '$lib/server/jobs/access';
import { canRemake, remakeRun } from '$lib/server/jobs/again';
import { publicRun, type RunView } from '$lib/server/jobs/runs';
import type { Actions, PageServerLoad } from './$types';

const QUIZ_EXPORTS = new Set(['results', 'answers', 'participation']);

/** Where a run was asked from: its page shows it again there (?job=), or this page for an export. */
function pageOf(run: Pick<RunView, 'id' | 'kind' | 'contestId'>): string {
	if (run.kind === 'anthology') return `/organize/essays/${run.contestId}/anthology?job=${run.id}&new`;
	if (run.kind === 'certificates') return `/organize/certificates/${run.contestId}?job=${run.id}`;
	if (run.kind === 'slips') return `/organize/slips?job=${run.id}`;
	return `/organize/jobs/${run.id}?new`;
}

function backOf(run: RunView): string | null {
	if (run.kind === 'export') {
		const what = (run.params.request as { what?: string } | undefined)?.what ?? '';
		return QUIZ_EXPORTS.has(what)
			? `/organize/contests/${run.contestId}`
			: `/organize/essays/${run.contestId}`;
	}
	return run.kind === 'similarity' ? null : pageOf(run).replace(/\?.*$/, '');
}

async function runOf(params: { id: string }, userId: number) {
	const run = await ownRun(db(), Number(params.id), userId);
	if (!run) error(404, m.error_404_text());
	return run;
}

/** A background job the organizer started: its progress, then its file (an export starts downloading by itself). */
export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	const run = await runOf(event.params, user.id);
	const fileName = typeof run.params.fileName === 'string' ? run.params.fileName : null;
	return {
		job: publicRun(run),
		title: fileName ?? run.resultName ?? m.job_page_title(),
		back: backOf(run),
		remake: canRemake(run),
		fresh: event.url.searchParams.has('new')
	};
};

export const actions: Actions = {
	/** The same file made again: its result expired (or the run failed). */
	again: async (event) => {
		const user = requireOrganizer(event);
		const run = await runOf(event.params, user.id);
		// the organizer may have lost the contest since
		if (run.contestId !== null) await requireContestOrganizer(event, run.contestId);
		const again = await remakeRun(jobQueue(), db(), run);
		if (!again.ok) return fail(409, { error: m.job_cannot_remake() });
		redirect(303, pageOf({ id: again.jobId, kind: run.kind, contestId: run.contestId }));
	}
};
