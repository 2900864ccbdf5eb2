/**
 * One part of a contest's certificates (PRINT_PART pages) as a PDF, made by a queued job instead of inside the
 * request. Rendering is pure (the same certificates make the same pages), so a repeated attempt only renders again.
 */
import { m } from '$lib/paraglide/messages';
import { readConfig } from '../config';
import type { Db } from '../db/client';
import { JobRefused, type JobKind, type JobQueue } from '../jobs/queue';
import { fail, type Result } from '../result';
import { fileStore } from '../files';
import { contestCertificatesPdf } from './bulk';
import { type CertificateFilter, contestForCertificates } from './queries';

export const CERTIFICATES_JOB = 'certificates';

interface PrintParams {
	roundId: number | null;
	kind: CertificateFilter['kind'] | null;
	part: number;
	origin: string;
}

export async function requestCertificatePdf(
	queue: JobQueue,
	db: Db,
	input: { contestId: number; actorId: number; origin: string } & Omit<PrintParams, 'origin'>
): Promise<Result<{ jobId: number }, 'not_found' | 'already_running'>> {
	const contest = await contestForCertificates(db, input.contestId);
	if (!contest) return fail('not_found');
	if (input.roundId !== null && !contest.rounds.some((r) => r.id === input.roundId)) return fail('not_found');
	const params: PrintParams = {
		roundId: input.roundId,
		kind: input.kind,
		part: input.part,
		origin: input.origin
	};
	return queue.enqueue({
		kind: CERTIFICATES_JOB,
		contestId: input.contestId,
		subject: `${input.roundId ?? '-'}:${input.kind ?? '-'}:${input.part}`,
		params: { ...params },
		startedBy: input.actorId
	});
}

export const certificatesJob: JobKind = {
	name: CERTIFICATES_JOB,
	expireInSeconds: 20 * 60,
	retryLimit: 2,
	async run({ db, run, progress }) {
		const params = run.params as unknown as PrintParams;
		const contest = run.contestId === null ? null : await contestForCertificates(db, run.contestId);
		if (!contest) throw new JobRefused('not_found');
		await progress(0, 1);
		// the contest's template (heading, signer, logo) and award order, as the organizer's own download prints them
		const printed = await contestCertificatesPdf(db, fileStore(), contest.id, {
			roundId: params.roundId ?? undefined,
			kind: params.kind ?? undefined,
			part: params.part,
			origin: readConfig().origin ?? params.origin
		});
		if (!printed) throw new JobRefused('nothing_to_print');
		await progress(printed.pages, printed.pages);
		const bytes = printed.bytes;
		const roundName = params.roundId ? contest.rounds.find((r) => r.id === params.roundId)?.name : undefined;
		const title = roundName ? `${contest.title} – ${roundName}` : contest.title;
		return {
			file: {
				bytes,
				name: `${m.cert_file_many({ contest: title, part: params.part }, { locale: 'vi' })}.pdf`
			}
		};
	}
};
