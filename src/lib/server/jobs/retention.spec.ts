import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { jobs } from '../db/schema';
import { DiskStore } from '../files/disk-store';
import { PostgresStore } from '../files/postgres-store';
import { type FileStore, readWhole } from '../files/store';
import { storePicture } from '../quiz/pictures/pictures';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { canRemake, remakeRun } from './again';
import type { JobKind, JobQueue } from './queue';
import { expireResults, retentionCutoff } from './retention';
import { createRun, finishRun, publicRun, runById } from './runs';
import { testQueue } from './testing';

let handle: DbHandle;
let db: Db;
let folder: string;
let files: FileStore;
const queues: JobQueue[] = [];
let organizerId: number;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	folder = await fs.mkdtemp(path.join(os.tmpdir(), 'job-retention-'));
	// the store the app uses with each database: rows in PostgreSQL, a folder beside PGlite
	files = process.env.TEST_DATABASE_URL ? new PostgresStore(db) : new DiskStore(folder);
	organizerId = (await makeUser(db, (await makeUnit(db, 'RET')).id, { fullName: 'Người Tổ Chức' })).id;
}, 60_000);
afterAll(async () => {
	await Promise.all(queues.map((q) => q.stop(1_000)));
	await handle.close();
	await fs.rm(folder, { recursive: true, force: true });
});

const DAY = 24 * 60 * 60 * 1000;
let subjects = 0;

/** A finished export run whose result holds `text`, finished `daysAgo` days ago. */
async function finishedRun(text: string | Uint8Array, daysAgo: number) {
	const created = await createRun(db, {
		kind: 'export',
		contestId: null,
		subject: `spec:${++subjects}`,
		params: { request: { what: 'awards' }, fileName: 'Danh sách giải.xlsx' },
		startedBy: organizerId
	});
	if (!created.ok) throw new Error(created.error);
	const stored = await files.put(typeof text === 'string' ? new TextEncoder().encode(text) : text);
	await finishRun(db, created.jobId, { result: { sha256: stored.sha256, name: 'Danh sách giải.xlsx' } });
	await db
		.update(jobs)
		.set({ finishedAt: new Date(Date.now() - daysAgo * DAY) })
		.where(eq(jobs.id, created.jobId));
	return { jobId: created.jobId, sha256: stored.sha256 };
}

describe('job results are kept for a while, then deleted', () => {
	it('deletes the files of results older than the retention and says the run expired', async () => {
		const old = await finishedRun('tệp cũ 8 ngày', 8);
		const recent = await finishedRun('tệp mới 2 ngày', 2);
		const swept = await expireResults(db, files, retentionCutoff(7));
		expect(swept).toMatchObject({ expired: 1, deleted: 1 });
		expect(await files.has(old.sha256)).toBe(false);
		expect(publicRun((await runById(db, old.jobId))!)).toMatchObject({
			status: 'done',
			hasResult: false,
			resultName: null,
			expired: true
		});
		expect(await files.has(recent.sha256)).toBe(true);
		expect(publicRun((await runById(db, recent.jobId))!)).toMatchObject({ hasResult: true, expired: false });
		// a second sweep finds nothing more
		expect(await expireResults(db, files, retentionCutoff(7))).toEqual({ expired: 0, deleted: 0 });
	});

	it('keeps a file that is also a newer result or a question picture (the store is shared by content)', async () => {
		const twice = await finishedRun('cùng nội dung', 30);
		const again = await finishedRun('cùng nội dung', 1);
		expect(again.sha256).toBe(twice.sha256);
		const png = new Uint8Array(
			await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
				.png()
				.toBuffer()
		);
		const picture = await storePicture(db, files, png, null);
		if (!picture.ok) throw new Error(picture.error);
		// a run whose result happens to be the picture's bytes
		const same = await finishedRun((await readWhole(files, picture.value.sha256))!, 30);
		const swept = await expireResults(db, files, retentionCutoff(7));
		expect(swept.expired).toBeGreaterThanOrEqual(2);
		expect(await files.has(twice.sha256)).toBe(true);
		expect(await files.has(picture.value.sha256)).toBe(true);
		expect(publicRun((await runById(db, same.jobId))!).expired).toBe(true);
		expect(publicRun((await runById(db, again.jobId))!).hasResult).toBe(true);
	});

	it('makes an expired result again as a new run with the same request', async () => {
		const old = await finishedRun('để làm lại', 10);
		await expireResults(db, files, retentionCutoff(7));
		const expired = (await runById(db, old.jobId))!;
		expect(canRemake(expired)).toBe(true);
		const made: unknown[] = [];
		const queue = {
			enqueue: async (run: Parameters<typeof createRun>[1]) => {
				made.push(run);
				return createRun(db, run);
			}
		} as unknown as JobQueue;
		const again = await remakeRun(queue, db, expired);
		if (!again.ok) throw new Error(again.error);
		expect(again.jobId).not.toBe(old.jobId);
		expect(made).toEqual([
			{
				kind: 'export',
				contestId: null,
				subject: expired.subject,
				params: expired.params,
				startedBy: organizerId
			}
		]);
		// slips are never made again from here: that would reset passwords
		expect(canRemake({ kind: 'slips', status: 'done' })).toBe(false);
	});
});

describe('the sweep is scheduled once per period across processes', () => {
	it('runs in one of two processes per period, never in both', async () => {
		const ran: string[] = [];
		const kind: JobKind = { name: 'spec-noop', expireInSeconds: 60, retryLimit: 0, run: async () => {} };
		for (const who of ['a', 'b']) {
			const queue = await testQueue(handle, files, [kind], {
				periodic: { name: 'spec-sweep', everySeconds: 2, run: async () => void ran.push(who) }
			});
			queues.push(queue);
		}
		const started = Date.now();
		await new Promise((r) => setTimeout(r, 7_000));
		const periods = Math.ceil((Date.now() - started) / 2_000) + 1;
		expect(ran.length).toBeGreaterThanOrEqual(2);
		// each process offers the task twice a period: without the singleton slot it would run ~4 times a period
		expect(ran.length).toBeLessThanOrEqual(periods);
	}, 30_000);
});
