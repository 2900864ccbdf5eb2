/**
 * The app's job queue: started from the server's init hook (startJobs), on PostgreSQL with DATABASE_URL (its own
 * small pool) and on the embedded PGlite otherwise (through the same client as the app). Every process works on
 * jobs unless JOB_WORKER=off (a web-only process that still enqueues); the graceful shutdown stops the worker
 * before the database closes.
 */
import { readConfig, type Config } from '../config';
import { db } from '../db';
import type { DbHandle } from '../db/client';
import { fileStore } from '../files';
import { whenDraining } from '../ops/shutdown';
import { JOB_KINDS } from './kinds';
import { JobQueue } from './queue';
import { expireResults, RESULTS_SWEEP, retentionCutoff } from './retention';

let queue: JobQueue | undefined;

export async function startJobs(
	handle: DbHandle,
	config: Config = readConfig(),
	log: (message: string) => void = console.error
): Promise<void> {
	if (queue) return;
	const target = config.databaseUrl ? { url: config.databaseUrl } : { pglite: handle.pglite! };
	const started = JobQueue.create(target, { db, files: fileStore, log });
	for (const kind of JOB_KINDS) started.register(kind);
	started.every(RESULTS_SWEEP, Math.round(config.jobSweepMinutes * 60), () =>
		expireResults(db(), fileStore(), retentionCutoff(config.jobResultDays))
	);
	await started.start({ work: config.jobWorker });
	queue = started;
	whenDraining(() => started.stop());
}

/** The app's queue; routes enqueue through it. */
export function jobQueue(): JobQueue {
	if (!queue) throw new Error('Job queue not started: startJobs() runs in the server init hook');
	return queue;
}
