import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { attemptQuestions } from '../db/schema';
import { DiskStore } from '../files/disk-store';
import { readWhole } from '../files/store';
import type { JobQueue } from '../jobs/queue';
import { createRun, type NewRun, publicRun, runById } from '../jobs/runs';
import { testQueue, waitForRun } from '../jobs/testing';
import { finishAttempt, saveAnswer, startAttempt } from '../quiz/attempts';
import { parseCsv } from '../testing/csv';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { exportJob, requestExport } from './job';

let handle: DbHandle;
let db: Db;
let files: DiskStore;
let queue: JobQueue;
let organizerId: number;
let quiz: Awaited<ReturnType<typeof makeQuizRound>>;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	files = new DiskStore(await fs.mkdtemp(path.join(os.tmpdir(), 'export-job-')));
	const unit = await makeUnit(db, 'XJ', null, 20);
	organizerId = (await makeUser(db, unit.id, { fullName: 'Người Tổ Chức' })).id;
	quiz = await makeQuizRound(db, { perAttempt: 3, bankSize: 6 });
	// three people finish the round: 3, 1 and 0 right answers
	for (const [name, right] of [
		['Nguyễn Văn Ba', 3],
		['Trần Thị Một', 1],
		['Lê Không', 0]
	] as const) {
		const user = await makeUser(db, unit.id, { fullName: name });
		const started = await startAttempt(db, { roundId: quiz.round.id, userId: user.id, unitId: unit.id });
		if (!started.ok) throw new Error(started.error);
		const rows = await db
			.select()
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, started.attemptId));
		for (const row of rows.sort((a, b) => a.position - b.position).slice(0, right)) {
			const choices = quiz.correctOf.get(row.questionId)!.map((p) => row.optionOrder.indexOf(p));
			await saveAnswer(db, {
				attemptId: started.attemptId,
				userId: user.id,
				position: row.position,
				choices,
				seq: 1
			});
		}
		await finishAttempt(db, { attemptId: started.attemptId, userId: user.id, endedBy: 'submitted' });
	}
	queue = await testQueue(handle, files, [exportJob]);
}, 60_000);
afterAll(async () => {
	await queue?.stop(1_000);
	await handle.close();
	await fs.rm(files.root, { recursive: true, force: true });
});

async function resultOf(jobId: number) {
	const run = await waitForRun(handle, jobId);
	expect(publicRun(run)).toMatchObject({ status: 'done', hasResult: true });
	return { run, bytes: Buffer.from((await readWhole(files, run.resultSha256!))!) };
}

describe('exports as background jobs', () => {
	it('writes a round’s results into the job’s file, counting the rows, and names it as the download did', async () => {
		const asked = await requestExport(queue, db, {
			request: { what: 'results', contestId: quiz.contest.id, roundId: quiz.round.id, format: 'csv' },
			actorId: organizerId
		});
		if (!asked.ok) throw new Error(asked.error);
		const { run, bytes } = await resultOf(asked.jobId);
		expect(run.resultName).toBe(`Kết quả ${quiz.round.name}.csv`);
		expect(run.params.fileName).toBe(run.resultName);
		expect([run.done, run.total]).toEqual([3, 3]);
		const rows = parseCsv(bytes.toString('utf8'));
		expect(rows.slice(1).map((r) => [r[2], r[6]])).toEqual([
			['Nguyễn Văn Ba', '3'],
			['Trần Thị Một', '1'],
			['Lê Không', '0']
		]);
	});

	it('makes a real .xlsx of every answer', async () => {
		const asked = await requestExport(queue, db, {
			request: { what: 'answers', contestId: quiz.contest.id, roundId: quiz.round.id, format: 'xlsx' },
			actorId: organizerId
		});
		if (!asked.ok) throw new Error(asked.error);
		const { run, bytes } = await resultOf(asked.jobId);
		expect(run.resultName).toMatch(/\.xlsx$/);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
		// 3 attempts × 3 questions, and the header
		expect(workbook.worksheets[0].actualRowCount).toBe(10);
	});

	it('answers a second click on the same file with the run already making it', async () => {
		// a queue whose runs wait forever: only the `jobs` rows are written
		const idle = { enqueue: (run: NewRun) => createRun(db, run) } as unknown as JobQueue;
		const request = {
			what: 'participation' as const,
			contestId: quiz.contest.id,
			round: 'all' as const,
			format: 'csv-semicolon' as const
		};
		const first = await requestExport(idle, db, { request, actorId: organizerId });
		const second = await requestExport(idle, db, { request, actorId: organizerId });
		expect(first.ok && second.ok && second.jobId === first.jobId).toBe(true);
		// another format is another file, and another organizer's click another run
		const other = await requestExport(idle, db, {
			request: { ...request, format: 'csv' },
			actorId: organizerId
		});
		const colleague = await makeUser(db, quiz.contest.eligibleUnitId ?? (await makeUnit(db, 'XJ2')).id, {
			fullName: 'Đồng Nghiệp'
		});
		const theirs = await requestExport(idle, db, { request, actorId: colleague.id });
		const ids = [first, other, theirs].map((r) => (r.ok ? r.jobId : null));
		expect(new Set(ids).size).toBe(3);
		expect(ids).not.toContain(null);
	});

	it('refuses a round of another contest, and an essay export of a quiz contest', async () => {
		const other = await makeQuizRound(db, { bankSize: 4, perAttempt: 2 });
		expect(
			await requestExport(queue, db, {
				request: { what: 'results', contestId: quiz.contest.id, roundId: other.round.id, format: 'xlsx' },
				actorId: organizerId
			})
		).toEqual({ ok: false, error: 'not_found' });
		expect(
			await requestExport(queue, db, {
				request: { what: 'awards', contestId: quiz.contest.id, format: 'xlsx' },
				actorId: organizerId
			})
		).toEqual({ ok: false, error: 'not_found' });
		expect(await runById(db, 2_000_000_000)).toBeNull();
	});
});
