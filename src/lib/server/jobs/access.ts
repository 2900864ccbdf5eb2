import { runById, type RunView } from './runs';
import type { Handle } from '../result';

/**
 * A run as its page may see it: only the organizer who started it (a slips run's PDF holds passwords). Anything
 * else is as missing as a run that does not exist.
 */
export async function ownRun(db: Handle, jobId: number, userId: number): Promise<RunView | null> {
	if (!Number.isSafeInteger(jobId) || jobId <= 0 || jobId > 2_147_483_647) return null;
	const run = await runById(db, jobId);
	return run && run.startedBy === userId ? run : null;
}
