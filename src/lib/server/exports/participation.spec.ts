import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { extraRound, finishedAttempt } from '../insights/spec-helpers';
import { csvLines } from '../testing/csv';
import { createTestDb } from '../testing/db';
import { makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { createUnit, setUnitActive } from '../units';
import { participationExport, participationTree } from './participation';
import { tableStream } from './table-stream';

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

async function unit(code: string, name: string, parentId: number | null, headcount: number) {
	const made = await createUnit(db, { code, name, parentId, headcount });
	if (!made.ok) throw new Error(made.error);
	return made.value;
}

async function sheetRows(stream: ReadableStream<Uint8Array>): Promise<unknown[][]> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await new Response(stream).arrayBuffer()) as ArrayBuffer);
	const rows: unknown[][] = [];
	workbook.worksheets[0].eachRow({ includeEmpty: true }, (row) =>
		rows.push(Array.from({ length: 10 }, (_, i) => row.getCell(i + 1).value ?? null))
	);
	return rows;
}

describe('participation by unit export', () => {
	const ids: Record<string, number> = {};
	let contestId = 0;
	let round1 = 0;

	beforeAll(async () => {
		// Tỉnh ủy (2) → Đảng bộ Y tế (10) → Chi bộ Bệnh viện (5), Ban Dược (0); Chi bộ Văn phòng (4); Cũ (7, inactive).
		// Names sort differently from ids, and another root lies outside the contest.
		const root = await unit('T', 'Tỉnh ủy', null, 2);
		const yte = await unit('T-YT', 'Đảng bộ Y tế', root.id, 10);
		const bv = await unit('T-YT-BV', 'Chi bộ Bệnh viện', yte.id, 5);
		const duoc = await unit('T-YT-D', 'Ban Dược', yte.id, 0);
		const vp = await unit('T-VP', 'Chi bộ Văn phòng', root.id, 4);
		const old = await unit('T-C', 'Cũ', root.id, 7);
		await unit('KHAC', 'Xã khác', null, 50);
		Object.assign(ids, { root: root.id, yte: yte.id, bv: bv.id, duoc: duoc.id, vp: vp.id, old: old.id });
		const { contest, round } = await makeQuizRound(db, { eligibleUnitId: root.id, bankSize: 5 });
		contestId = contest.id;
		round1 = round.id;
		const r2 = await extraRound(db, contest.id, 2);
		const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 3, minutes));
		const [u1, u2, u3, u4] = [
			(await makeUser(db, bv.id)).id,
			(await makeUser(db, duoc.id)).id,
			(await makeUser(db, root.id)).id,
			(await makeUser(db, old.id)).id
		];
		const finish = (roundId: number, userId: number, unitId: number, correct: number, minutes: number) =>
			finishedAttempt(db, { roundId, userId, unitId, correct, finishedAt: at(minutes) });
		// round 1: u1 twice (3 then 5, the best counts), u2 in Ban Dược, u3 in the root itself, u4 in an inactive unit
		await finish(round.id, u1, bv.id, 3, 1);
		await finish(round.id, u1, bv.id, 5, 2);
		await finish(round.id, u2, duoc.id, 2, 3);
		await finish(round.id, u3, root.id, 4, 4);
		await finish(round.id, u4, old.id, 1, 5);
		// round 2: u1 again
		await finish(r2.id, u1, bv.id, 1, 10);
		await setUnitActive(db, old.id, false);
	});

	it('lists the whole subtree top-down by name, each unit rolled up, in a real .xlsx', async () => {
		const rows = await sheetRows(
			tableStream(await participationExport(db, { contestId, roundId: round1 }, ids.root), 'xlsx')
		);
		expect(rows[0]).toEqual([
			'Thuộc (đường dẫn đơn vị)',
			'Cấp',
			'Mã đơn vị',
			'Đơn vị',
			'Số người của riêng đơn vị',
			'Tổng số người (cả đơn vị trực thuộc)',
			'Số người tham gia',
			'Tỷ lệ tham gia (%)',
			'Số lượt thi',
			'Số câu đúng trung bình'
		]);
		expect(rows.slice(1)).toEqual([
			// 2 + 10 + 5 + 0 + 4 people; u1, u2, u3 took part (u4's unit is inactive); 4 attempts; (5 + 2 + 4) / 3
			['Tỉnh ủy', 1, 'T', 'Tỉnh ủy', 2, 21, 3, 14.3, 4, 3.67],
			['Tỉnh ủy › Chi bộ Văn phòng', 2, 'T-VP', 'Chi bộ Văn phòng', 4, 4, 0, 0, 0, null],
			['Tỉnh ủy › Đảng bộ Y tế', 2, 'T-YT', 'Đảng bộ Y tế', 10, 15, 2, 13.3, 3, 3.5],
			['Tỉnh ủy › Đảng bộ Y tế › Ban Dược', 3, 'T-YT-D', 'Ban Dược', 0, 0, 1, null, 1, 2],
			['Tỉnh ủy › Đảng bộ Y tế › Chi bộ Bệnh viện', 3, 'T-YT-BV', 'Chi bộ Bệnh viện', 5, 5, 1, 20, 2, 5]
		]);
	});

	it('covers the whole contest: each person once, their counted rounds summed', async () => {
		const rows = await participationTree(db, { contestId, roundId: null }, ids.root);
		const bv = rows.find((r) => r.unitId === ids.bv)!;
		// u1: rounds 1 (best 5, 2 attempts) and 2 (1, 1 attempt): one participant, 3 attempts, (5 + 1) / 2 results
		expect([bv.participants, bv.attempts, bv.meanScore]).toEqual([1, 3, 3]);
		expect(rows[0]).toMatchObject({ unitId: ids.root, participants: 3, attempts: 5 });
	});

	it('with no eligible root, lists every root of the tree, as CSV', async () => {
		const table = await participationExport(db, { contestId, roundId: round1 }, null);
		const text = Buffer.from(await new Response(tableStream(table, 'csv')).arrayBuffer()).toString('utf8');
		expect(text.startsWith('\uFEFF')).toBe(true);
		const lines = csvLines(text);
		expect(lines[0]).toBe(
			'Thuộc (đường dẫn đơn vị),Cấp,Mã đơn vị,Đơn vị,Số người của riêng đơn vị,' +
				'Tổng số người (cả đơn vị trực thuộc),Số người tham gia,Tỷ lệ tham gia (%),Số lượt thi,Số câu đúng trung bình'
		);
		expect(lines.map((l) => l.split(',')[2])).toEqual([
			'Mã đơn vị',
			'T',
			'T-VP',
			'T-YT',
			'T-YT-D',
			'T-YT-BV',
			'KHAC'
		]);
		expect(lines.at(-1)).toBe('Xã khác,1,KHAC,Xã khác,50,50,0,0,0,');
	});
});
