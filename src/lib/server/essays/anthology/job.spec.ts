import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../../db/client';
import { auditLog, contests, entries, entryAwards, essaySettings } from '../../db/schema';
import { DiskStore } from '../../files/disk-store';
import { readWhole } from '../../files/store';
import type { JobQueue } from '../../jobs/queue';
import { createRun, type NewRun, publicRun } from '../../jobs/runs';
import { testQueue, waitForRun } from '../../jobs/testing';
import { createTestDb } from '../../testing/db';
import { makeUnit, makeUser } from '../../testing/fixtures';
import { anthologyJob, requestAnthology } from './job';

let handle: DbHandle;
let db: Db;
let files: DiskStore;
let queue: JobQueue;
let unitId: number;
let organizerId: number;
let no = 0;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	files = new DiskStore(await fs.mkdtemp(path.join(os.tmpdir(), 'anthology-job-')));
	unitId = (await makeUnit(db, 'AJ')).id;
	organizerId = (await makeUser(db, unitId, { fullName: 'Người Tổ Chức' })).id;
	queue = await testQueue(handle, files, [anthologyJob]);
}, 60_000);
afterAll(async () => {
	await queue?.stop(1_000);
	await handle.close();
	await fs.rm(files.root, { recursive: true, force: true });
});

/** An essay contest whose results are published (or not), each author's typed entry awarded. */
async function contestWith(authors: string[], published = true) {
	no++;
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: `Kỷ yếu số ${no}`, eligibleUnitId: unitId, published: true })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `AJ${no}`,
		opensAt: new Date('2026-01-01T00:00:00Z'),
		closesAt: new Date('2099-01-01T00:00:00Z'),
		stage: 'submissions'
	});
	const ids: number[] = [];
	for (const [i, fullName] of authors.entries()) {
		const author = await makeUser(db, unitId, { fullName });
		const [entry] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: i + 1,
				code: `AJ${no}-${i + 1}`,
				authorId: author.id,
				authorUnitId: unitId,
				slot: 1,
				title: `Bài viết của ${fullName}`,
				body: `Quê hương tôi có con sông xanh biếc. Bài thứ ${i + 1}.`,
				status: 'submitted',
				submittedAt: new Date()
			})
			.returning();
		await db.insert(entryAwards).values({ entryId: entry.id, contestId: contest.id, tier: 'Nhất' });
		ids.push(entry.id);
	}
	const stage = (stage: 'settled' | 'published') =>
		db
			.update(essaySettings)
			.set({ stage, ...(stage === 'published' ? { resultsPublishedAt: new Date() } : {}) })
			.where(eq(essaySettings.contestId, contest.id));
	await stage('settled');
	if (published) await stage('published');
	return { contest, ids };
}

describe('the anthology as a background job', () => {
	it('typesets the chosen winners in the background, shows progress by entry and keeps the PDF', async () => {
		const { contest, ids } = await contestWith(['Phạm Thị Hoa', 'Đỗ Văn Sông', 'Vũ Minh Tâm']);
		const asked = await requestAnthology(queue, db, {
			contestId: contest.id,
			actorId: organizerId,
			include: [ids[0], ids[2]]
		});
		if (!asked.ok) throw new Error(asked.error);
		const run = await waitForRun(handle, asked.jobId);
		expect(publicRun(run)).toMatchObject({
			status: 'done',
			hasResult: true,
			resultName: `Kỷ yếu - ${contest.title}.pdf`,
			done: 3,
			total: 3
		});
		const pdf = (await readWhole(files, run.resultSha256!))!;
		expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
		const [logged] = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.contestId, contest.id), eq(auditLog.action, 'anthology.download')));
		expect(logged.after).toMatchObject({ entries: [`AJ${no}-1`, `AJ${no}-3`], excluded: [`AJ${no}-2`] });
		expect(logged.actorId).toBe(organizerId);
	});

	it('says at once what is wrong with the choice, before any job', async () => {
		const { contest, ids } = await contestWith(['Hà Văn Một']);
		const other = await contestWith(['Lý Thị Hai']);
		const ask = (include: number[]) =>
			requestAnthology(queue, db, { contestId: contest.id, actorId: organizerId, include });
		expect(await ask([])).toEqual({ ok: false, error: 'none_chosen' });
		expect(await ask([ids[0], other.ids[0]])).toEqual({ ok: false, error: 'foreign_entry' });
		const unpublished = await contestWith(['Chưa Công Bố'], false);
		expect(
			await requestAnthology(queue, db, {
				contestId: unpublished.contest.id,
				actorId: organizerId,
				include: unpublished.ids
			})
		).toEqual({ ok: false, error: 'not_published' });
	});

	it('refuses a second anthology of the contest while one is being made', async () => {
		const { contest, ids } = await contestWith(['Kiều Văn Chờ']);
		// a queue whose runs wait forever: only the `jobs` rows are written
		const idle = { enqueue: (run: NewRun) => createRun(db, run) } as unknown as JobQueue;
		const first = await requestAnthology(idle, db, {
			contestId: contest.id,
			actorId: organizerId,
			include: ids
		});
		expect(first.ok).toBe(true);
		expect(
			await requestAnthology(idle, db, { contestId: contest.id, actorId: organizerId, include: ids })
		).toEqual({ ok: false, error: 'already_running' });
	});
});
