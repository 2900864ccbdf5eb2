/**
 * The `jobs` row of each run: what the page that asked polls (progress, result), and what a retry reads to know
 * what an earlier attempt already made permanent (`checkpoint`). The queue (queue.ts) only carries the run's id.
 */
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { jobs, type Job } from '../db/schema';
import { fail, ok, type Handle, type Result } from '../result';

/** A running job that has not written for this long belongs to a process that died (the queue retries it). */
export const STALE_AFTER_MS = 2 * 60_000;

export interface NewRun {
	kind: string;
	contestId: number | null;
	subject?: string | null;
	params?: Record<string, unknown>;
	startedBy: number | null;
}

/**
 * A waiting run. A run of the same kind and contest/subject that stopped writing long ago (its process died and the
 * queue gave up on it, or it predates the queue) is closed first; a live one refuses the new start.
 */
export async function createRun(
	db: Db,
	input: NewRun,
	now = new Date()
): Promise<Result<{ jobId: number }, 'already_running'>> {
	return db.transaction(async (tx) => {
		await tx
			.update(jobs)
			.set({ status: 'failed', error: 'interrupted', finishedAt: now })
			.where(
				and(
					eq(jobs.kind, input.kind),
					sql`coalesce(${jobs.contestId}, 0) = ${input.contestId ?? 0}`,
					sql`coalesce(${jobs.subject}, '') = ${input.subject ?? ''}`,
					eq(jobs.status, 'running'),
					lt(jobs.heartbeatAt, new Date(now.getTime() - STALE_AFTER_MS))
				)
			);
		// the partial unique index (one unfinished run per kind and contest/subject) decides between two starts
		const [row] = await tx
			.insert(jobs)
			.values({
				kind: input.kind,
				contestId: input.contestId,
				subject: input.subject ?? null,
				params: input.params ?? {},
				startedBy: input.startedBy,
				startedAt: now,
				heartbeatAt: now
			})
			.onConflictDoNothing()
			.returning({ id: jobs.id });
		return row ? ok({ jobId: row.id }) : fail('already_running');
	});
}

/** The unfinished run `input` would have collided with, if its starter is the same person. */
export async function unfinishedRun(db: Handle, input: NewRun): Promise<Job | null> {
	const [row] = await db
		.select()
		.from(jobs)
		.where(
			and(
				eq(jobs.kind, input.kind),
				sql`coalesce(${jobs.contestId}, 0) = ${input.contestId ?? 0}`,
				sql`coalesce(${jobs.subject}, '') = ${input.subject ?? ''}`,
				eq(jobs.status, 'running'),
				input.startedBy === null ? sql`false` : eq(jobs.startedBy, input.startedBy)
			)
		);
	return row ?? null;
}

/** An attempt takes the run up; null when it is already finished (a duplicate delivery has nothing to do). */
export async function claimRun(db: Handle, jobId: number): Promise<Job | null> {
	const [row] = await db
		.update(jobs)
		.set({ attempts: sql`${jobs.attempts} + 1`, heartbeatAt: new Date(), error: null })
		.where(and(eq(jobs.id, jobId), eq(jobs.status, 'running')))
		.returning();
	return row ?? null;
}

export async function progress(db: Handle, jobId: number, done: number, total: number): Promise<void> {
	await db.update(jobs).set({ done, total, heartbeatAt: new Date() }).where(eq(jobs.id, jobId));
}

export async function saveCheckpoint(db: Handle, jobId: number, checkpoint: Record<string, unknown>) {
	await db.update(jobs).set({ checkpoint, heartbeatAt: new Date() }).where(eq(jobs.id, jobId));
}

/** Ends the run once: a second attempt that also finishes changes nothing. */
export async function finishRun(
	db: Handle,
	jobId: number,
	outcome: {
		result?: { sha256: string; name: string } | null;
		error?: string;
		params?: Record<string, unknown>;
	}
): Promise<void> {
	await db
		.update(jobs)
		.set({
			status: outcome.error ? 'failed' : 'done',
			error: outcome.error ?? null,
			resultSha256: outcome.result?.sha256 ?? null,
			resultName: outcome.result?.name ?? null,
			...(outcome.params ? { params: outcome.params } : {}),
			finishedAt: new Date(),
			heartbeatAt: new Date()
		})
		.where(and(eq(jobs.id, jobId), eq(jobs.status, 'running')));
}

/** An attempt failed but the queue will try again: the page says so. */
export async function noteAttemptError(db: Handle, jobId: number, error: string) {
	await db
		.update(jobs)
		.set({ error })
		.where(and(eq(jobs.id, jobId), eq(jobs.status, 'running')));
}

export type RunView = Job & { stale: boolean };

const view = (row: Job, now: Date): RunView => ({
	...row,
	// a run still waiting its turn in the queue is not stale, however long the queue
	stale:
		row.status === 'running' && row.attempts > 0 && now.getTime() - row.heartbeatAt.getTime() > STALE_AFTER_MS
});

export async function runById(db: Handle, jobId: number, now = new Date()): Promise<RunView | null> {
	const [row] = await db.select().from(jobs).where(eq(jobs.id, jobId));
	return row ? view(row, now) : null;
}

/** The latest run of a kind for a contest, with `stale` when it says running but its process stopped writing. */
export async function latestJob(
	db: Handle,
	kind: string,
	contestId: number,
	now = new Date()
): Promise<RunView | null> {
	const [row] = await db
		.select()
		.from(jobs)
		.where(and(eq(jobs.kind, kind), eq(jobs.contestId, contestId)))
		.orderBy(desc(jobs.startedAt), desc(jobs.id))
		.limit(1);
	return row ? view(row, now) : null;
}

/** What the page that asked shows: no params (a slip run's seed never leaves the server). */
export function publicRun(run: RunView) {
	return {
		id: run.id,
		kind: run.kind,
		status: run.stale ? ('failed' as const) : run.status,
		waiting: run.status === 'running' && run.attempts === 0,
		done: run.done,
		total: run.total,
		error: run.stale ? 'interrupted' : run.error,
		hasResult: run.resultSha256 !== null,
		resultName: run.resultName,
		/** its result was deleted by the retention sweep (jobs/retention.ts) */
		expired: run.expiredAt !== null,
		finishedAt: run.finishedAt
	};
}
export type PublicRun = ReturnType<typeof publicRun>;
