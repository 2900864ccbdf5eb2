import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import {
	type EssayIssueError,
	issueEssayCertificates,
	issueQuizRoundCertificates,
	MAX_QUIZ_AWARDS,
	type QuizIssueError,
	setCertificateRevoked
} from '$lib/server/certificates/issue';
import { formatCertificateCode } from '$lib/server/certificates/codes';
import {
	certificateCounts,
	contestCertificates,
	contestForCertificates,
	PRINT_PART
} from '$lib/server/certificates/queries';
import { requestCertificatePdf } from '$lib/server/certificates/job';
import { db } from '$lib/server/db';
import { jobQueue } from '$lib/server/jobs';
import { ownRun } from '$lib/server/jobs/access';
import { publicRun } from '$lib/server/jobs/runs';
import type { Actions, PageServerLoad } from './$types';

const PAGE = 100;
const id = z.coerce.number().int().positive();

async function contestOf(value: string) {
	const parsed = id.safeParse(value);
	if (!parsed.success) error(404, m.error_404_text());
	const contest = await contestForCertificates(db(), parsed.data);
	if (!contest) error(404, m.error_404_text());
	return contest;
}

export const load: PageServerLoad = async (event) => {
	const user = await requireContestOrganizer(event, event.params.contestId);
	const contest = await contestOf(event.params.contestId);
	const after = id.safeParse(event.url.searchParams.get('after'));
	const job = id.safeParse(event.url.searchParams.get('job'));
	const [counts, rows, run] = await Promise.all([
		certificateCounts(db(), contest.id),
		contestCertificates(db(), contest.id, {}, { afterId: after.success ? after.data : 0, limit: PAGE + 1 }),
		job.success ? ownRun(db(), job.data, user.id) : null
	]);
	return {
		contest,
		counts,
		rows: rows.slice(0, PAGE).map((r) => ({ ...r, code: formatCertificateCode(r.code) })),
		nextAfter: rows.length > PAGE ? rows[PAGE - 1].id : null,
		printPart: PRINT_PART,
		maxTop: MAX_QUIZ_AWARDS,
		job: run && run.kind === 'certificates' && run.contestId === contest.id ? publicRun(run) : null
	};
};

const checkbox = z.literal('on').optional();
const essayForm = z.object({ participation: checkbox });
const roundForm = z.object({
	round: id,
	top: z.coerce.number().int().min(0).max(MAX_QUIZ_AWARDS),
	participation: checkbox
});
const revokeForm = z.object({ certificate: id });
const pdfForm = z.object({
	round: id.optional(),
	kind: z.enum(['essay_award', 'quiz_award', 'participation']),
	part: z.coerce.number().int().positive().max(10_000)
});

function issueErrorText(code: EssayIssueError | QuizIssueError): string {
	switch (code) {
		case 'not_found':
			error(404, m.error_404_text());
		// falls through: error() throws
		case 'not_published':
			return m.cert_err_not_published();
		case 'bad_top':
			return m.cert_err_bad_top({ max: MAX_QUIZ_AWARDS });
	}
}

export const actions: Actions = {
	issueEssay: async (event) => {
		const user = await requireContestOrganizer(event, event.params.contestId);
		const contest = await contestOf(event.params.contestId);
		const parsed = essayForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { issueError: m.contest_bad_request() });
		const result = await issueEssayCertificates(db(), contest.id, {
			participation: parsed.data.participation === 'on',
			issuedBy: user.id
		});
		if (!result.ok) return fail(400, { issueError: issueErrorText(result.error) });
		return { issueDone: m.cert_issued(result.value) };
	},
	issueRound: async (event) => {
		const user = await requireContestOrganizer(event, event.params.contestId);
		const contest = await contestOf(event.params.contestId);
		const parsed = roundForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { issueError: m.cert_err_bad_top({ max: MAX_QUIZ_AWARDS }) });
		if (!contest.rounds.some((r) => r.id === parsed.data.round)) error(404, m.error_404_text());
		const result = await issueQuizRoundCertificates(db(), parsed.data.round, {
			top: parsed.data.top,
			participation: parsed.data.participation === 'on',
			issuedBy: user.id
		});
		if (!result.ok) return fail(400, { issueError: issueErrorText(result.error) });
		return { issueDone: m.cert_issued(result.value) };
	},
	/** One part of the certificates as a PDF, made in the background; the page (?job=) offers it when done. */
	pdf: async (event) => {
		const user = await requireContestOrganizer(event, event.params.contestId);
		const contest = await contestOf(event.params.contestId);
		const parsed = pdfForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) error(404, m.error_404_text());
		const asked = await requestCertificatePdf(jobQueue(), db(), {
			contestId: contest.id,
			actorId: user.id,
			roundId: parsed.data.round ?? null,
			kind: parsed.data.kind,
			part: parsed.data.part,
			origin: event.url.origin
		});
		if (!asked.ok && asked.error === 'not_found') error(404, m.error_404_text());
		if (!asked.ok) return fail(409, { pdfError: m.cert_job_already_running() });
		redirect(303, `/organize/certificates/${contest.id}?job=${asked.jobId}#files-title`);
	},
	revoke: async (event) => {
		const user = await requireContestOrganizer(event, event.params.contestId);
		const contest = await contestOf(event.params.contestId);
		const parsed = revokeForm.safeParse(Object.fromEntries(await event.request.formData()));
		const changed =
			parsed.success &&
			(await setCertificateRevoked(db(), contest.id, parsed.data.certificate, true, new Date(), user.id));
		if (!changed) error(404, m.error_404_text());
		return { revokeDone: m.cert_revoked_done() };
	},
	restore: async (event) => {
		const user = await requireContestOrganizer(event, event.params.contestId);
		const contest = await contestOf(event.params.contestId);
		const parsed = revokeForm.safeParse(Object.fromEntries(await event.request.formData()));
		const changed =
			parsed.success &&
			(await setCertificateRevoked(db(), contest.id, parsed.data.certificate, false, new Date(), user.id));
		if (!changed) error(404, m.error_404_text());
		return { revokeDone: m.cert_restored_done() };
	}
};
