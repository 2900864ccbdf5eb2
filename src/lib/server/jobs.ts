/**
 * The smallest honest background job: a `jobs` row holds the run's progress, and the work runs in this server
 * process after the request that started it has answered (`launch`, not awaited). Nothing re-runs a job by itself:
 * the work is written so a later start picks up what is left (each kind keeps its own "done" marks), and a run whose
 * process died is recognised by its stale heartbeat and taken over by the next start. A real queue (pg-boss,
 * graphile-worker) would add retries, a worker apart from the web process, and a restart of the run on boot.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './db/client';
import { jobs, type Job } from './db/schema';
import { fail, ok, type Handle, type Result } from './result';

/** A running job that has not written for this long belongs to a process that died. */
export const STALE_AFTER_MS = 2 * 60_000;

export async function startJob(
	db: Db,
	input: { kind: string; contestId: number | null; startedBy: number | null },
	now = new Date()
): Promise<Result<{ jobId: number }, 'already_running'>> {
	return db.transaction(async (tx) => {
		await tx
			.update(jobs)
			.set({ status: 'failed', error: 'interrupted', finishedAt: now })
			.where(
				and(
					eq(jobs.kind, input.kind),
					input.contestId === null ? sql`${jobs.contestId} is null` : eq(jobs.contestId, input.contestId),
					eq(jobs.status, 'running'),
					lt(jobs.heartbeatAt, new Date(now.getTime() - STALE_AFTER_MS))
				)
			);
		// the partial unique index (one running job per kind and contest) decides between two simultaneous starts
		const [row] = await tx
			.insert(jobs)
			.values({ ...input, startedAt: now, heartbeatAt: now })
			.onConflictDoNothing()
			.returning({ id: jobs.id });
		return row ? ok({ jobId: row.id }) : fail('already_running');
	});
}

export async function progress(db: Handle, jobId: number, done: number, total: number): Promise<void> {
	await db.update(jobs).set({ done, total, heartbeatAt: new Date() }).where(eq(jobs.id, jobId));
}

export async function finishJob(db: Handle, jobId: number, error?: string): Promise<void> {
	await db
		.update(jobs)
		.set({
			status: error ? 'failed' : 'done',
			error: error ?? null,
			finishedAt: new Date(),
			heartbeatAt: new Date()
		})
		.where(and(eq(jobs.id, jobId), eq(jobs.status, 'running')));
}

/**
 * Runs `work` after the current request has answered and records how it ended; never rejects (an unhandled
 * rejection would take the server down). Returns the promise for tests and scripts that want to wait.
 */
export function launch(db: Db, jobId: number, work: () => Promise<void>): Promise<void> {
	return new Promise<void>((resolve) => setImmediate(resolve))
		.then(work)
		.then(() => finishJob(db, jobId))
		.catch(async (e: unknown) => {
			console.error(`job ${jobId} failed:`, e instanceof Error ? e.message : e);
			await finishJob(db, jobId, e instanceof Error ? e.message.slice(0, 500) : 'error').catch(() => {});
		});
}

/** The latest run of a kind for a contest, with `stale` when it says running but its process stopped writing. */
export async function latestJob(
	db: Handle,
	kind: string,
	contestId: number,
	now = new Date()
): Promise<(Job & { stale: boolean }) | null> {
	const [row] = await db
		.select()
		.from(jobs)
		.where(and(eq(jobs.kind, kind), eq(jobs.contestId, contestId)))
		.orderBy(desc(jobs.startedAt), desc(jobs.id))
		.limit(1);
	if (!row) return null;
	return {
		...row,
		stale: row.status === 'running' && now.getTime() - row.heartbeatAt.getTime() > STALE_AFTER_MS
	};
}
