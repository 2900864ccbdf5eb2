import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { contests, entries, entryAwards, essaySettings } from '../db/schema';
import { pdfText } from '../essays/pdf-text';
import { DiskStore } from '../files/disk-store';
import type { JobQueue } from '../jobs/queue';
import { runById } from '../jobs/runs';
import { testQueue, waitForRun } from '../jobs/testing';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { issueEssayCertificates } from './issue';
import { requestCertificatePdf, certificatesJob } from './job';

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
	files = new DiskStore(await fs.mkdtemp(path.join(os.tmpdir(), 'cert-job-')));
	unitId = (await makeUnit(db, 'CJ')).id;
	organizerId = (await makeUser(db, unitId, { fullName: 'Người Tổ Chức' })).id;
	queue = await testQueue(handle, files, [certificatesJob]);
}, 60_000);
afterAll(async () => {
	await queue.stop(1_000);
	await handle.close();
	await fs.rm(files.root, { recursive: true, force: true });
});

/** An essay contest with published results and two awarded entries. */
async function awardedContest(authors: string[]) {
	no++;
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: `Cuộc thi in số ${no}`, eligibleUnitId: unitId, published: true })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `CJ${no}`,
		opensAt: new Date(Date.now() - 10 * 86_400_000),
		closesAt: new Date(Date.now() - 86_400_000),
		resultsPublishedAt: new Date()
	});
	for (const [i, fullName] of authors.entries()) {
		const author = await makeUser(db, unitId, { fullName });
		const [entry] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: i + 1,
				code: `CJ${no}-${i + 1}`,
				authorId: author.id,
				authorUnitId: unitId,
				slot: 1,
				title: `Bài ${i + 1}`,
				status: 'submitted',
				submittedAt: new Date()
			})
			.returning();
		await db.insert(entryAwards).values({ entryId: entry.id, contestId: contest.id, tier: 'Nhất' });
	}
	return contest;
}

describe('bulk certificate PDFs as a job', () => {
	it('renders a part of the certificates in the background and keeps the PDF for the organizer', async () => {
		const contest = await awardedContest(['Đặng Thị Giải', 'Bùi Văn Thưởng']);
		await issueEssayCertificates(db, contest.id, { participation: false, issuedBy: organizerId });
		const asked = await requestCertificatePdf(queue, db, {
			contestId: contest.id,
			actorId: organizerId,
			roundId: null,
			kind: 'essay_award',
			part: 1,
			origin: 'https://thi.example.vn'
		});
		if (!asked.ok) throw new Error(asked.error);
		const run = await waitForRun(handle, asked.jobId, undefined, 60_000);
		expect(run).toMatchObject({
			status: 'done',
			done: 2,
			total: 2,
			resultName: `Giấy chứng nhận – ${contest.title} – phần 1.pdf`
		});
		const opened = await files.open((await runById(db, asked.jobId))!.resultSha256!);
		const text = await pdfText(new Uint8Array(await new Response(opened!.stream).arrayBuffer()));
		expect(text).toContain('Đặng Thị Giải');
		expect(text).toContain('Bùi Văn Thưởng');
	}, 90_000);

	it('ends with "nothing_to_print" for a part past the last one, and refuses a round of another contest', async () => {
		const contest = await awardedContest(['Mai Thị Một']);
		await issueEssayCertificates(db, contest.id, { participation: false, issuedBy: organizerId });
		const input = {
			contestId: contest.id,
			actorId: organizerId,
			roundId: null,
			kind: 'essay_award' as const,
			part: 2,
			origin: 'https://thi.example.vn'
		};
		const asked = await requestCertificatePdf(queue, db, input);
		if (!asked.ok) throw new Error(asked.error);
		expect(await waitForRun(handle, asked.jobId)).toMatchObject({
			status: 'failed',
			error: 'nothing_to_print'
		});
		expect(await requestCertificatePdf(queue, db, { ...input, roundId: 999_999 })).toEqual({
			ok: false,
			error: 'not_found'
		});
	});
});
