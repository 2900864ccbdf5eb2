import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { DiskStore } from '../files/disk-store';
import { createTestDb } from '../testing/db';
import type { JobKind, JobQueue } from './queue';
import { claimRun, finishRun, publicRun, runById } from './runs';
import { testQueue } from './testing';

let handle: DbHandle;
let files: DiskStore;
const queues: JobQueue[] = [];

beforeAll(async () => {
	handle = await createTestDb();
	files = new DiskStore(await fs.mkdtemp(path.join(os.tmpdir(), 'jobs-spec-')));
}, 60_000);

afterAll(async () => {
	await Promise.all(queues.map((q) => q.stop(1_000)));
	await handle.close();
	await fs.rm(files.root, { recursive: true, force: true });
});

/** One "app process": its own pg-boss instance on the shared database, polling fast for the test. */
async function process_(kinds: JobKind[], work = true) {
	const queue = await testQueue(handle, files, kinds, { work });
	queues.push(queue);
	return queue;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await read();
		if (ok(v) || Date.now() > end) return v;
		await new Promise((r) => setTimeout(r, 100));
	}
}

const view = async (jobId: number) => publicRun((await runById(handle.db, jobId))!);

function gate() {
	let open!: () => void;
	const opened = new Promise<void>((r) => (open = r));
	return { open, opened };
}

describe('the job queue (pg-boss on the app database)', () => {
	it('runs each job enqueued by one process exactly once, on either of two processes', async () => {
		const ranBy: Record<number, string[]> = {};
		const kind = (who: string): JobKind => ({
			name: 'spec-once',
			expireInSeconds: 60,
			retryLimit: 2,
			async run({ run }) {
				(ranBy[run.id] ??= []).push(who);
				await new Promise((r) => setTimeout(r, 50));
			}
		});
		const a = await process_([kind('a')]);
		await process_([kind('b')]);
		const ids: number[] = [];
		for (let i = 0; i < 8; i++) {
			const started = await a.enqueue({
				kind: 'spec-once',
				contestId: null,
				subject: `s${i}`,
				startedBy: null
			});
			if (!started.ok) throw new Error(started.error);
			ids.push(started.jobId);
		}
		for (const id of ids)
			expect(
				(
					await until(
						() => view(id),
						(r) => r.status !== 'running'
					)
				).status
			).toBe('done');
		// give a duplicate delivery, if there were one, the time to show
		await new Promise((r) => setTimeout(r, 1_500));
		expect(ids.map((id) => ranBy[id]?.length)).toEqual(ids.map(() => 1));
	});

	it('refuses a second run of the same kind and subject while one is unfinished', async () => {
		const hold = gate();
		const q = await process_([
			{ name: 'spec-single', expireInSeconds: 60, retryLimit: 0, run: () => hold.opened }
		]);
		const first = await q.enqueue({
			kind: 'spec-single',
			contestId: null,
			subject: 'unit:1',
			startedBy: null
		});
		expect(first.ok).toBe(true);
		expect(
			await q.enqueue({ kind: 'spec-single', contestId: null, subject: 'unit:1', startedBy: null })
		).toEqual({
			ok: false,
			error: 'already_running'
		});
		expect(
			(await q.enqueue({ kind: 'spec-single', contestId: null, subject: 'unit:2', startedBy: null })).ok
		).toBe(true);
		hold.open();
	});

	it('shows progress while it runs, then offers the stored result', async () => {
		const step = gate();
		const q = await process_([
			{
				name: 'spec-progress',
				expireInSeconds: 60,
				retryLimit: 0,
				async run(ctx) {
					await ctx.progress(1, 3);
					await step.opened;
					await ctx.progress(3, 3);
					return { file: { bytes: new TextEncoder().encode('%PDF-1.7 result'), name: 'ket-qua.pdf' } };
				}
			}
		]);
		const started = await q.enqueue({ kind: 'spec-progress', contestId: null, startedBy: null });
		if (!started.ok) throw new Error(started.error);
		const midway = await until(
			() => view(started.jobId),
			(r) => r.done === 1
		);
		expect(midway).toMatchObject({ status: 'running', waiting: false, done: 1, total: 3, hasResult: false });
		step.open();
		const end = await until(
			() => view(started.jobId),
			(r) => r.status === 'done'
		);
		expect(end).toMatchObject({
			status: 'done',
			done: 3,
			total: 3,
			hasResult: true,
			resultName: 'ket-qua.pdf'
		});
		const run = (await runById(handle.db, started.jobId))!;
		const opened = await files.open(run.resultSha256!);
		expect(await new Response(opened!.stream).text()).toBe('%PDF-1.7 result');
	});

	it('retries a job whose process died, on another process, and a late end of the lost attempt changes nothing', async () => {
		const attempts: string[] = [];
		const kind: JobKind = {
			name: 'spec-retry',
			expireInSeconds: 1,
			retryLimit: 2,
			retryDelaySeconds: 0,
			async run(ctx) {
				attempts.push(`attempt ${ctx.run.attempts}`);
				return { file: { bytes: new TextEncoder().encode('made by b'), name: 'b.txt' } };
			}
		};
		// process a enqueues, takes the job as its worker would, and dies: nothing ever completes it
		const a = await process_([kind], false);
		const started = await a.enqueue({ kind: 'spec-retry', contestId: null, startedBy: null });
		if (!started.ok) throw new Error(started.error);
		const [taken] = await a.boss.fetch<{ jobId: number }>('spec-retry');
		expect(taken.data.jobId).toBe(started.jobId);
		await claimRun(handle.db, started.jobId);
		// process b sees it expire (its maintenance) and runs it again
		await process_([kind]);
		const end = await until(
			() => view(started.jobId),
			(r) => r.status === 'done',
			30_000
		);
		expect(end).toMatchObject({ status: 'done', resultName: 'b.txt' });
		expect(attempts).toEqual(['attempt 2']);

		// the lost attempt ending after all changes nothing
		await finishRun(handle.db, started.jobId, { error: 'late' });
		await a.boss.complete('spec-retry', taken.id).catch(() => {});
		expect(await view(started.jobId)).toMatchObject({ status: 'done', error: null, resultName: 'b.txt' });
		expect(attempts).toEqual(['attempt 2']);
	}, 60_000);

	it('retries a job whose attempt hangs past its expiry, in the same process', async () => {
		const first = gate();
		const attempts: number[] = [];
		const q = await process_([
			{
				name: 'spec-hang',
				expireInSeconds: 1,
				retryLimit: 2,
				retryDelaySeconds: 0,
				async run(ctx) {
					attempts.push(ctx.run.attempts);
					if (ctx.run.attempts === 1) await first.opened;
				}
			}
		]);
		const started = await q.enqueue({ kind: 'spec-hang', contestId: null, startedBy: null });
		if (!started.ok) throw new Error(started.error);
		expect(
			(
				await until(
					() => view(started.jobId),
					(r) => r.status === 'done',
					30_000
				)
			).status
		).toBe('done');
		expect(attempts).toEqual([1, 2]);
		first.open();
	}, 40_000);

	it('gives up after its retries and says why', async () => {
		let tries = 0;
		const q = await process_([
			{
				name: 'spec-fail',
				expireInSeconds: 60,
				retryLimit: 1,
				retryDelaySeconds: 0,
				async run() {
					tries++;
					throw new Error('font missing');
				}
			}
		]);
		const started = await q.enqueue({ kind: 'spec-fail', contestId: null, startedBy: null });
		if (!started.ok) throw new Error(started.error);
		const end = await until(
			() => view(started.jobId),
			(r) => r.status === 'failed',
			30_000
		);
		expect(end).toMatchObject({ status: 'failed', error: 'font missing' });
		expect(tries).toBe(2);
	}, 40_000);
});
