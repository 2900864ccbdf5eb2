import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { attemptQuestions } from '../db/schema';
import { finishAttempt, saveAnswer, startAttempt } from '../quiz/attempts';
import { csvLines } from '../testing/csv';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { roundAnswersExport, roundResultsExport, shownLetters } from './quiz';
import { downloadHeaders, tableStream } from './table-stream';

let handle: DbHandle;

beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
	return Buffer.from(await new Response(stream).arrayBuffer());
}

async function sheetRows(buffer: Buffer): Promise<unknown[][]> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
	const rows: unknown[][] = [];
	workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
	return rows;
}

describe('quiz round exports', () => {
	let roundRef: { id: number; name: string };
	const people: Record<string, number> = {};

	beforeAll(async () => {
		const root = await makeUnit(handle.db, 'EXP', null, 0);
		const unit = await makeUnit(handle.db, 'EXP-1', root.id, 10);
		const { round, correctOf } = await makeQuizRound(handle.db, { perAttempt: 4, bankSize: 8 });
		roundRef = { id: round.id, name: round.name };
		// right answers per person: Ba 4, An 2 (and a first try with 1), =Chi 0 (a formula-looking name)
		const take = async (name: string, rights: number[]) => {
			const user = await makeUser(handle.db, unit.id, { fullName: name });
			people[name] = user.id;
			for (const right of rights) {
				const started = await startAttempt(handle.db, {
					roundId: round.id,
					userId: user.id,
					unitId: unit.id
				});
				if (!started.ok) throw new Error(started.error);
				const rows = await handle.db
					.select()
					.from(attemptQuestions)
					.where(eq(attemptQuestions.attemptId, started.attemptId));
				for (const row of rows.sort((a, b) => a.position - b.position).slice(0, right)) {
					const choices = correctOf.get(row.questionId)!.map((p) => row.optionOrder.indexOf(p));
					await saveAnswer(handle.db, {
						attemptId: started.attemptId,
						userId: user.id,
						position: row.position,
						choices,
						seq: 1
					});
				}
				await finishAttempt(handle.db, {
					attemptId: started.attemptId,
					userId: user.id,
					endedBy: 'submitted'
				});
			}
		};
		await take('Trần Văn Ba', [4]);
		await take('Lê Thị An', [1, 2]);
		await take('=Chi', [0]);
	});

	it('lists results best first with every tie-break column, in a real .xlsx', async () => {
		const rows = await sheetRows(
			await bytesOf(tableStream(await roundResultsExport(handle.db, roundRef), 'xlsx'))
		);
		expect(rows[0].slice(0, 8)).toEqual([
			'Thứ tự',
			'Hạng',
			'Họ và tên',
			'Số điện thoại',
			'Đơn vị',
			'Thuộc (đường dẫn đơn vị)',
			'Số câu đúng',
			'Số câu hỏi'
		]);
		expect(rows.slice(1).map((r) => [r[0], r[2], r[6], r[7], r[12]])).toEqual([
			[1, 'Trần Văn Ba', 4, 4, 1],
			[2, 'Lê Thị An', 2, 4, 2],
			// a string cell is never evaluated by Excel: the name is kept exactly
			[3, '=Chi', 0, 4, 1]
		]);
		expect(String(rows[1][5])).toMatch(/› /);
		expect(rows[1][11]).toBeInstanceOf(Date);
	});

	it('reads the same rows in keyset batches of any size', async () => {
		const table = await roundResultsExport(handle.db, roundRef);
		const all = [];
		for await (const batch of table.batches) all.push(...batch);
		expect(all.map((r) => r.full_name)).toEqual(['Trần Văn Ba', 'Lê Thị An', '=Chi']);
	});

	it('writes every answer as the participant saw the letters, as CSV with a BOM', async () => {
		const text = (await bytesOf(tableStream(await roundAnswersExport(handle.db, roundRef), 'csv'))).toString(
			'utf8'
		);
		expect(text.startsWith('\uFEFF"Mã lượt thi","Họ và tên","Đơn vị","Lượt thứ",')).toBe(true);
		const lines = csvLines(text);
		// 4 attempts × 4 questions, plus the header
		expect(lines).toHaveLength(17);
		const ba = lines.filter((l) => l.includes('Trần Văn Ba'));
		expect(ba).toHaveLength(4);
		for (const line of ba) expect(line).toMatch(/,Đúng,\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
		const chi = lines.filter((l) => l.includes("'=Chi"));
		expect(chi.every((l) => l.includes(',Không trả lời,'))).toBe(true);
	});

	it('names the download in ASCII and in RFC 5987 UTF-8', () => {
		const headers = downloadHeaders('Kết quả Vòng 1 (thử)', 'xlsx');
		expect(headers['content-disposition']).toBe(
			`attachment; filename="Ket-qua-Vong-1-thu-.xlsx"; filename*=UTF-8''K%E1%BA%BFt%20qu%E1%BA%A3%20V%C3%B2ng%201%20%28th%E1%BB%AD%29.xlsx`
		);
		expect(headers['x-content-type-options']).toBe('nosniff');
	});

	it('maps bank positions to the letters shown', () => {
		// shown order: bank 2, 0, 3, 1 → bank 0 is shown as B, bank 1 as D
		expect(shownLetters([2, 0, 3, 1], [0, 1])).toBe('B, D');
		expect(shownLetters([2, 0, 3, 1], [])).toBe('');
	});
});

describe('streaming', () => {
	function slowSource(batches: number, rowsPerBatch: number) {
		const state = { pulled: 0 };
		async function* gen() {
			for (let b = 0; b < batches; b++) {
				state.pulled++;
				yield Array.from({ length: rowsPerBatch }, (_, i) => ({
					n: b * rowsPerBatch + i,
					// random text does not compress: the .xlsx grows as the CSV does
					text: Math.random().toString(36).repeat(6)
				}));
			}
		}
		return {
			state,
			table: {
				sheetName: 'x',
				columns: [
					{ header: 'n', value: (r: { n: number }) => r.n },
					{ header: 't', value: (r: { text: string }) => r.text }
				],
				batches: gen()
			}
		};
	}

	for (const format of ['csv', 'xlsx'] as const) {
		it(`pulls rows only as fast as the client reads (${format})`, async () => {
			const { state, table } = slowSource(400, 1000);
			const reader = tableStream(table, format).getReader();
			await reader.read();
			await new Promise((r) => setTimeout(r, 300));
			// 400 batches exist; a reader that took one chunk has caused only a few to be fetched
			expect(state.pulled).toBeLessThan(40);
			await reader.cancel();
		});
	}
});
