/**
 * The anthology as a queued job: the organizer's choice is checked when asked (so a wrong choice is said on the
 * page at once), the PDF is typeset by a worker and offered from the file store. Typesetting is pure, so a repeated
 * attempt makes the same book; each attempt that finishes is audited (anthology.download) as the direct download was.
 */
import { m } from '$lib/paraglide/messages';
import type { Db } from '../../db/client';
import { JobRefused, type JobKind, type JobQueue } from '../../jobs/queue';
import { fail, type Result } from '../../result';
import { anthologyEntries, type AnthologyError, makeAnthology } from './index';

export const ANTHOLOGY_JOB = 'anthology';

interface AnthologyParams {
	/** the entries kept (absent: every winner) */
	include: number[] | null;
}

export async function requestAnthology(
	queue: JobQueue,
	db: Db,
	input: { contestId: number; actorId: number; include?: number[] }
): Promise<Result<{ jobId: number }, AnthologyError | 'already_running'>> {
	const found = await anthologyEntries(db, input.contestId);
	if (!found.ok) return found;
	if (input.include) {
		const known = new Set(found.entries.map((e) => e.entryId));
		if (input.include.some((id) => !known.has(id))) return fail('foreign_entry');
		if (input.include.length === 0) return fail('none_chosen');
	} else if (found.entries.length === 0) return fail('none_chosen');
	const params: AnthologyParams = { include: input.include ?? null };
	return queue.enqueue({
		kind: ANTHOLOGY_JOB,
		contestId: input.contestId,
		params: { ...params },
		startedBy: input.actorId
	});
}

export const anthologyJob: JobKind = {
	name: ANTHOLOGY_JOB,
	expireInSeconds: 30 * 60,
	retryLimit: 2,
	async run({ db, files, run, progress }) {
		if (run.contestId === null) throw new JobRefused('not_found');
		const params = run.params as unknown as AnthologyParams;
		const made = await makeAnthology(db, files, run.contestId, {
			actorId: run.startedBy,
			include: params.include ?? undefined,
			onProgress: progress
		});
		// the results were unpublished or a winner removed since the organizer asked
		if (!made.ok) throw new JobRefused(made.error);
		const found = await anthologyEntries(db, run.contestId);
		const title = found.ok ? found.title : '';
		await progress(made.printed + 1, made.printed + 1);
		return {
			file: { bytes: made.pdf, name: m.anthology_file_name({ contest: title }, { locale: 'vi' }) }
		};
	}
};
