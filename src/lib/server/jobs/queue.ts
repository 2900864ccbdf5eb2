/**
 * Background jobs on pg-boss 10 (the last line that runs on Node 20): the queue lives in the app's own database
 * (schema `pgboss`, created and upgraded by pg-boss itself), so a job survives a restart, and any app process that
 * started a worker may take it. pg-boss hands a job to one worker (SELECT … FOR UPDATE SKIP LOCKED); a job whose
 * process died stays `active` until its expiry, then pg-boss's maintenance (in any process) puts it back for a retry.
 * An expired attempt may still be alive, so every kind is written to be run twice without harm (docs/ARCHITECTURE.md
 * "Background jobs"); the `jobs` row (runs.ts) ends once and carries the progress the page polls.
 */
import PgBoss from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type { Db } from '../db/client';
import type { Job } from '../db/schema';
import type { FileStore } from '../files/store';
import type { Result } from '../result';
import {
	claimRun,
	createRun,
	finishRun,
	noteAttemptError,
	progress,
	saveCheckpoint,
	type NewRun
} from './runs';

export interface JobContext {
	db: Db;
	files: FileStore;
	run: Job;
	progress(done: number, total: number): Promise<void>;
	/** makes `checkpoint` the run's: a later attempt finds it in `run.checkpoint` */
	checkpoint(value: Record<string, unknown>): Promise<void>;
}

export interface JobOutcome {
	/** stored in the file store; the page offers it for download */
	file?: { bytes: Uint8Array; name: string };
	/** a result the kind already wrote to the file store itself (streamed, never whole in memory) */
	stored?: { sha256: string; name: string };
	/** the run's params from now on (e.g. without a secret the run no longer needs) */
	params?: Record<string, unknown>;
}

/**
 * A run that cannot be done as asked (nobody to print, nothing to render): it ends at once with `code` as its error,
 * which the page turns into a message, and is not retried.
 */
export class JobRefused extends Error {
	constructor(
		readonly code: string,
		readonly params?: Record<string, unknown>
	) {
		super(code);
		this.name = 'JobRefused';
	}
}

export interface JobKind {
	name: string;
	run(ctx: JobContext): Promise<JobOutcome | void>;
	/** an attempt still active after this long is taken to be dead and retried */
	expireInSeconds: number;
	retryLimit: number;
	retryDelaySeconds?: number;
}

/** pg-boss over embedded PGlite: one connection, so a multi-statement text (pg-boss's locked blocks) runs as one. */
export function pgliteExecutor(pglite: PGlite): PgBoss.Db {
	return {
		async executeSql(text: string, values?: unknown[]) {
			if (values && values.length > 0) return pglite.query(text, values);
			const results = await pglite.exec(text);
			return results.at(-1) ?? { rows: [] };
		}
	};
}

export type QueueTarget = { url: string; poolMax?: number } | { pglite: PGlite };

export interface QueueOptions {
	db: () => Db;
	files: () => FileStore;
	log?: (message: string) => void;
	/** seconds between two looks for work when idle (also how soon another process's job starts) */
	pollSeconds?: number;
	/** seconds between two maintenance passes (expiry of dead attempts) */
	maintenanceSeconds?: number;
}

/** Housekeeping run once per period across all processes (no `jobs` row: nobody waits for it). */
interface PeriodicTask {
	everySeconds: number;
	run(): Promise<unknown>;
}

export class JobQueue {
	private readonly kinds = new Map<string, JobKind>();
	private readonly periodic = new Map<string, PeriodicTask>();
	private readonly workers = new Map<string, string>();
	private readonly timers: NodeJS.Timeout[] = [];
	private started = false;

	constructor(
		readonly boss: PgBoss,
		private readonly options: QueueOptions
	) {
		boss.on('error', (err: Error) => this.log(`job queue: ${err.message}`));
	}

	static create(target: QueueTarget, options: QueueOptions): JobQueue {
		const common = {
			schedule: false,
			maintenanceIntervalSeconds: options.maintenanceSeconds ?? 60,
			monitorStateIntervalSeconds: 600
		};
		const boss =
			'url' in target
				? new PgBoss({
						...common,
						connectionString: target.url,
						max: target.poolMax ?? 3,
						application_name: 'cuocthi-jobs'
					})
				: new PgBoss({ ...common, db: pgliteExecutor(target.pglite) });
		return new JobQueue(boss, options);
	}

	register(kind: JobKind): this {
		this.kinds.set(kind.name, kind);
		return this;
	}

	/**
	 * `run` once every `everySeconds`, on one of the working processes: each of them offers the task twice a
	 * period, and pg-boss creates one job per period and key (its singleton slot, a unique index), so however many
	 * processes offer it, one runs it.
	 */
	every(name: string, everySeconds: number, run: () => Promise<unknown>): this {
		this.periodic.set(name, { everySeconds, run });
		return this;
	}

	/** Creates the queues; with `work`, this process also takes jobs (else it only enqueues). */
	async start({ work = true }: { work?: boolean } = {}): Promise<void> {
		await this.boss.start();
		this.started = true;
		for (const kind of this.kinds.values()) {
			const options = {
				name: kind.name,
				retryLimit: kind.retryLimit,
				retryDelay: kind.retryDelaySeconds ?? 5,
				expireInSeconds: kind.expireInSeconds
			};
			if (await this.boss.getQueue(kind.name)) await this.boss.updateQueue(kind.name, options);
			else await this.boss.createQueue(kind.name, options);
			if (!work) continue;
			const id = await this.boss.work<{ jobId: number }>(
				kind.name,
				{ includeMetadata: true, batchSize: 1, pollingIntervalSeconds: this.options.pollSeconds ?? 2 },
				async ([job]) => this.attempt(kind, job)
			);
			this.workers.set(kind.name, id);
		}
		if (work) for (const [name, task] of this.periodic) await this.startPeriodic(name, task);
	}

	private async startPeriodic(name: string, task: PeriodicTask) {
		const options = { name, retryLimit: 0, expireInSeconds: Math.max(60, task.everySeconds) };
		if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, options);
		else await this.boss.createQueue(name, options);
		await this.boss.work(
			name,
			{ batchSize: 1, pollingIntervalSeconds: this.options.pollSeconds ?? 2 },
			async () => {
				await task.run();
			}
		);
		const offer = () =>
			this.boss
				.send(name, {}, { singletonKey: name, singletonSeconds: task.everySeconds })
				.catch((err: Error) => this.log(`job queue: ${name}: ${err.message}`));
		await offer();
		const timer = setInterval(() => void offer(), (task.everySeconds * 1000) / 2);
		timer.unref();
		this.timers.push(timer);
	}

	/** A run row, then its queue job. The page follows the row (runs.ts publicRun). */
	async enqueue(input: NewRun): Promise<Result<{ jobId: number }, 'already_running'>> {
		const kind = this.kinds.get(input.kind);
		if (!kind) throw new Error(`job queue: unknown kind ${input.kind}`);
		const db = this.options.db();
		const created = await createRun(db, input);
		if (!created.ok) return created;
		try {
			await this.boss.send(kind.name, { jobId: created.jobId });
		} catch (err) {
			await finishRun(db, created.jobId, { error: 'not_queued' });
			throw err;
		}
		// a worker of this process looks at once instead of at its next poll
		const worker = this.workers.get(kind.name);
		if (worker) this.boss.notifyWorker(worker);
		return created;
	}

	/** One attempt at one run. A run already finished (a late duplicate after an expiry) is left as it is. */
	private async attempt(kind: JobKind, job: PgBoss.JobWithMetadata<{ jobId: number }>) {
		const db = this.options.db();
		const jobId = job.data.jobId;
		const run = await claimRun(db, jobId);
		if (!run) return;
		try {
			const outcome = await kind.run({
				db,
				files: this.options.files(),
				run,
				progress: (done, total) => progress(db, jobId, done, total),
				checkpoint: (value) => saveCheckpoint(db, jobId, value)
			});
			let result = outcome?.stored ?? null;
			if (outcome?.file) {
				const stored = await this.options.files().put(outcome.file.bytes);
				result = { sha256: stored.sha256, name: outcome.file.name };
			}
			await finishRun(db, jobId, { result, params: outcome?.params });
		} catch (err) {
			if (err instanceof JobRefused) {
				await finishRun(db, jobId, { error: err.code, params: err.params });
				return;
			}
			const message = err instanceof Error ? err.message.slice(0, 500) : 'error';
			this.log(`job ${kind.name} ${jobId} attempt ${job.retryCount + 1} failed: ${message}`);
			if (job.retryCount < job.retryLimit) await noteAttemptError(db, jobId, message).catch(() => {});
			else await finishRun(db, jobId, { error: message }).catch(() => {});
			throw err; // pg-boss records the failure and schedules the retry
		}
	}

	/**
	 * Stops taking jobs and waits up to `timeoutMs` for the ones running here; one still running after that is
	 * failed and so retried by another process.
	 */
	async stop(timeoutMs = 20_000): Promise<void> {
		if (!this.started) return;
		this.started = false;
		for (const timer of this.timers.splice(0)) clearInterval(timer);
		// after the timeout pg-boss marks what still runs here as failed, so it is retried at once elsewhere
		await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs });
	}

	private log(message: string) {
		(this.options.log ?? console.error)(message);
	}
}
