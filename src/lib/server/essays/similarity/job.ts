import type { FileStore } from '../../files/store';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { contests } from '../../db/schema';
import { launch, startJob } from '../../jobs';
import { fail, ok, type Result } from '../../result';
import { runSimilarityCheck } from './check';

export const SIMILARITY_JOB = 'similarity';

/**
 * Starts the contest's check in the background and returns at once; `finished` settles when the run ends (the
 * route does not wait for it, tests and scripts may). A second start while one runs is refused.
 */
export async function startSimilarityCheck(
	db: Db,
	input: { contestId: number; actorId: number | null; files: FileStore | null }
): Promise<Result<{ jobId: number; finished: Promise<void> }, 'not_found' | 'already_running'>> {
	const [contest] = await db
		.select({ kind: contests.kind })
		.from(contests)
		.where(eq(contests.id, input.contestId));
	if (contest?.kind !== 'essay') return fail('not_found');
	const started = await startJob(db, {
		kind: SIMILARITY_JOB,
		contestId: input.contestId,
		startedBy: input.actorId
	});
	if (!started.ok) return started;
	const finished = launch(db, started.jobId, async () => {
		await runSimilarityCheck(db, input.contestId, { jobId: started.jobId, files: input.files });
	});
	return ok({ jobId: started.jobId, finished });
}
