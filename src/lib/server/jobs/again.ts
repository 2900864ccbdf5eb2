import type { Db } from '../db/client';
import { fail, ok, type Result } from '../result';
import type { JobQueue } from './queue';
import { unfinishedRun, type RunView } from './runs';

/**
 * Kinds whose run can be made again from its params alone. Slips are not: making them again resets passwords,
 * which their own page asks for knowingly.
 */
const REMAKEABLE = new Set(['export', 'anthology', 'certificates']);

export const canRemake = (run: Pick<RunView, 'kind' | 'status'>) =>
	REMAKEABLE.has(run.kind) && run.status !== 'running';

/**
 * A new run with the same request as `run` (its result expired, or it failed), started by the same organizer.
 * While such a run is unfinished, that one is answered instead.
 */
export async function remakeRun(
	queue: JobQueue,
	db: Db,
	run: RunView
): Promise<Result<{ jobId: number }, 'not_remakeable' | 'already_running'>> {
	if (!canRemake(run) || run.startedBy === null) return fail('not_remakeable');
	const again = {
		kind: run.kind,
		contestId: run.contestId,
		subject: run.subject,
		params: run.params,
		startedBy: run.startedBy
	};
	const asked = await queue.enqueue(again);
	if (asked.ok) return asked;
	const running = await unfinishedRun(db, again);
	return running ? ok({ jobId: running.id }) : asked;
}
