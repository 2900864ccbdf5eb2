import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { contests } from '../../db/schema';
import type { JobKind, JobQueue } from '../../jobs/queue';
import { fail, type Result } from '../../result';
import { runSimilarityCheck } from './check';

export const SIMILARITY_JOB = 'similarity';

/**
 * The check as a queued job. Run twice (a retry after a crash, or an expired attempt still alive), it does no harm:
 * each batch marks its texts checked in the transaction that writes their pairs, so a second run skips them.
 */
export const similarityJob: JobKind = {
	name: SIMILARITY_JOB,
	expireInSeconds: 60 * 60,
	retryLimit: 2,
	async run({ db, files, run }) {
		if (run.contestId === null) throw new Error('similarity run without a contest');
		await runSimilarityCheck(db, run.contestId, { jobId: run.id, files });
	}
};

/** Queues the contest's check; the page follows the run (latestJob). A second start while one waits or runs is refused. */
export async function startSimilarityCheck(
	queue: JobQueue,
	db: Db,
	input: { contestId: number; actorId: number | null }
): Promise<Result<{ jobId: number }, 'not_found' | 'already_running'>> {
	const [contest] = await db
		.select({ kind: contests.kind })
		.from(contests)
		.where(eq(contests.id, input.contestId));
	if (contest?.kind !== 'essay') return fail('not_found');
	return queue.enqueue({ kind: SIMILARITY_JOB, contestId: input.contestId, startedBy: input.actorId });
}
