import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import {
	assignments,
	awardTiers,
	contests,
	entries,
	entryAwards,
	essayRounds,
	essaySettings,
	roleGrants,
	roundEntries,
	rubricCriteria,
	scores,
	unitAwards
} from '../db/schema';
import { csvLines } from '../testing/csv';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { awardsExport, essayRankingExport, essayScoresExport, exportRound, judgeCodes } from './essays';
import { tableStream } from './table-stream';

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

async function sheetRows(stream: ReadableStream<Uint8Array>): Promise<unknown[][]> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await new Response(stream).arrayBuffer()) as ArrayBuffer);
	const sheet = workbook.worksheets[0];
	const rows: unknown[][] = [];
	sheet.eachRow((row) =>
		rows.push(Array.from({ length: sheet.columnCount }, (_, i) => row.getCell(i + 1).value ?? null))
	);
	return rows;
}

describe('essay contest exports', () => {
	let contestId = 0;
	let round1 = { id: 0, contestId: 0, name: '' };
	let round2 = { id: 0, contestId: 0, name: '' };
	const judge: Record<string, number> = {};
	const entry: Record<string, number> = {};

	beforeAll(async () => {
		const root = await makeUnit(db, 'ES');
		const a = await makeUnit(db, 'ES-A', root.id);
		const b = await makeUnit(db, 'ES-B', root.id);
		const [contest] = await db
			.insert(contests)
			.values({ kind: 'essay', title: 'Viết về Bác', eligibleUnitId: root.id, published: true })
			.returning();
		contestId = contest.id;
		await db.insert(essaySettings).values({
			contestId,
			codePrefix: 'VB',
			opensAt: new Date('2026-01-01T00:00:00Z'),
			closesAt: new Date('2026-06-01T00:00:00Z')
		});
		const [r1, r2] = await db
			.insert(essayRounds)
			.values([
				{ contestId, position: 1, name: 'Sơ khảo', scale: 100, judgesPerEntry: 2 },
				{ contestId, position: 2, name: 'Chung khảo', scale: 100, judgesPerEntry: 1 }
			])
			.returning();
		round1 = { id: r1.id, contestId, name: r1.name };
		round2 = { id: r2.id, contestId, name: r2.name };
		const [content, style] = await db
			.insert(rubricCriteria)
			.values([
				{ roundId: r1.id, position: 1, name: 'Nội dung', maxPoints: 60 },
				{ roundId: r1.id, position: 2, name: 'Hình thức', maxPoints: 40 }
			])
			.returning();
		// judges made in the order Anh, Bảo, Chi (ids rise), but granted Bảo first: codes follow the grants
		judge.anh = (await makeUser(db, root.id, { fullName: 'GK Anh' })).id;
		judge.bao = (await makeUser(db, root.id, { fullName: 'GK Bảo' })).id;
		judge.chi = (await makeUser(db, root.id, { fullName: 'GK Chi' })).id;
		for (const id of [judge.bao, judge.anh, judge.chi])
			await db.insert(roleGrants).values({ userId: id, role: 'judge', contestId });

		const author = async (unitId: number, name: string, no: number) => {
			const person = await makeUser(db, unitId, { fullName: name });
			const [e] = await db
				.insert(entries)
				.values({
					contestId,
					entryNo: no,
					code: `VB-000${no}`,
					authorId: person.id,
					authorUnitId: unitId,
					slot: 1,
					title: `Bài số ${no}`,
					status: 'submitted',
					submittedAt: new Date('2026-02-01T00:00:00Z')
				})
				.returning();
			return e.id;
		};
		entry.one = await author(a.id, 'Nguyễn An', 1);
		entry.two = await author(b.id, 'Trần Bình', 2);
		await db.insert(roundEntries).values([
			{ roundId: r1.id, entryId: entry.one, disagreement: true },
			{ roundId: r1.id, entryId: entry.two }
		]);
		const score = async (
			entryId: number,
			judgeId: number,
			points: [number, number],
			status: 'draft' | 'submitted',
			source: 'auto' | 'third' = 'auto',
			comment = ''
		) => {
			const [row] = await db
				.insert(assignments)
				.values({ roundId: r1.id, entryId, judgeId, source })
				.returning();
			await db.insert(scores).values({
				assignmentId: row.id,
				points: { [content.id]: points[0], [style.id]: points[1] },
				total: points[0] + points[1],
				comment,
				status,
				submittedAt: status === 'submitted' ? new Date('2026-03-01T03:00:00Z') : null
			});
		};
		await score(entry.one, judge.bao, [50, 30], 'submitted', 'auto', 'Sâu sắc, có dẫn chứng');
		await score(entry.one, judge.anh, [40, 30], 'submitted');
		await score(entry.one, judge.chi, [55, 35], 'submitted', 'third');
		await score(entry.two, judge.bao, [35, 25], 'submitted');
		await score(entry.two, judge.anh, [20, 20], 'draft');
		// round 2 holds the first entry only, scored by Chi: the final round the awards rest on
		await db.insert(roundEntries).values({ roundId: r2.id, entryId: entry.one });
		const [final] = await db
			.insert(assignments)
			.values({ roundId: r2.id, entryId: entry.one, judgeId: judge.chi, source: 'auto' })
			.returning();
		await db.insert(scores).values({
			assignmentId: final.id,
			points: {},
			total: 88.5,
			status: 'submitted',
			submittedAt: new Date('2026-04-01T03:00:00Z')
		});
		await db.insert(awardTiers).values([
			{ contestId, position: 1, name: 'Nhất', count: 1 },
			{ contestId, position: 2, name: 'Nhì', count: 1 }
		]);
		await db.insert(entryAwards).values({ entryId: entry.one, contestId, tier: 'Nhất' });
		await db.insert(unitAwards).values({ contestId, unitId: b.id, title: 'Giải tập thể xuất sắc' });
	});

	it('gives judges codes in the order they were added to the contest, the same for every round', async () => {
		const codes = await judgeCodes(db, contestId);
		expect([codes.get(judge.bao), codes.get(judge.anh), codes.get(judge.chi)]).toEqual(['J01', 'J02', 'J03']);
	});

	it("writes each judge's criterion points with the entry's settled score, judges as codes", async () => {
		const rows = await sheetRows(tableStream(await essayScoresExport(db, round1, 'codes'), 'xlsx'));
		expect(rows[0]).toEqual([
			'Mã bài dự thi',
			'Tên bài dự thi',
			'Tác giả',
			'Đơn vị',
			'Thuộc (đường dẫn đơn vị)',
			'Giám khảo',
			'Giám khảo thứ ba',
			'Trạng thái chấm',
			'Nội dung (tối đa 60)',
			'Hình thức (tối đa 40)',
			'Tổng điểm',
			'Nhận xét',
			'Nộp điểm lúc',
			'Điểm chốt',
			'Điểm trung bình',
			'Trung bình chuẩn hóa',
			'Độ lệch của giám khảo so với người cùng chấm bài',
			'Lưu ý về giám khảo'
		]);
		const picked = rows.slice(1).map((r) => [r[0], r[2], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[13]]);
		expect(picked).toEqual([
			// the first judges by assignment, the third judge last; settled = mean of the three (rule "mean")
			['VB-0001', 'Nguyễn An', 'J01', null, 'Đã nộp điểm', 50, 30, 80, 'Sâu sắc, có dẫn chứng', 80],
			['VB-0001', 'Nguyễn An', 'J02', null, 'Đã nộp điểm', 40, 30, 70, null, 80],
			['VB-0001', 'Nguyễn An', 'J03', 'Có', 'Đã nộp điểm', 55, 35, 90, null, 80],
			['VB-0002', 'Trần Bình', 'J01', null, 'Đã nộp điểm', 35, 25, 60, null, 60],
			['VB-0002', 'Trần Bình', 'J02', null, 'Đang chấm (nháp)', 20, 20, 40, null, 60]
		]);
		// submitted at 03:00 UTC reads 10:00 in Vietnam
		expect((rows[1][12] as Date).toISOString()).toBe('2026-03-01T10:00:00.000Z');
		expect(JSON.stringify(rows)).not.toContain('GK ');
		// each judge's offset from co-judges on the same entries (submitted scores only: J02's draft on VB-0002 is
		// not counted): J01 80 − (70+90)/2 = 0 and no co-judge on VB-0002; J02 70 − 85 = −15; J03 90 − 75 = +15.
		// One shared entry each is under the 3 the flags need.
		expect(rows.slice(1).map((r) => [r[5], r[16], r[17]])).toEqual([
			['J01', 0, null],
			['J02', -15, null],
			['J03', 15, null],
			['J01', 0, null],
			['J02', -15, null]
		]);
	});

	it('names the judges only when asked', async () => {
		const rows = await sheetRows(tableStream(await essayScoresExport(db, round1, 'names'), 'xlsx'));
		expect(rows.slice(1).map((r) => r[5])).toEqual(['GK Bảo', 'GK Anh', 'GK Chi', 'GK Bảo', 'GK Anh']);
	});

	it("ranks a round's fully scored entries, then lists the others unranked (CSV)", async () => {
		const table = await essayRankingExport(db, round1);
		const text = Buffer.from(await new Response(tableStream(table, 'csv')).arrayBuffer()).toString('utf8');
		const lines = csvLines(text);
		expect(lines[0]).toBe(
			'Hạng,Đồng hạng,Mã bài dự thi,Tên bài dự thi,Tác giả,Đơn vị,Thuộc (đường dẫn đơn vị),Đã chấm / được giao,' +
				'Điểm chốt,Điểm trung bình,Trung vị,Độ chênh lệch,Trung bình chuẩn hóa,Điểm quyết định,Chấm lệch (mời GK thứ ba),Giải'
		);
		expect(lines[1]).toBe(
			'1,,VB-0001,Bài số 1,Nguyễn An,Đơn vị ES-A,Đơn vị ES › Đơn vị ES-A,3/3,80,80,80,20,,80,Có,Nhất'
		);
		// one submitted score of two assigned: not ranked
		expect(lines[2]).toBe(
			',,VB-0002,Bài số 2,Trần Bình,Đơn vị ES-B,Đơn vị ES › Đơn vị ES-B,1/2,60,60,60,0,,60,,'
		);
		expect(lines).toHaveLength(3);
	});

	it('lists the awards: entries by tier with their final score, then the collective prizes', async () => {
		expect((await exportRound(db, contestId, null))?.id).toBe(round2.id);
		const rows = await sheetRows(tableStream(await awardsExport(db, { id: contestId, title: 'x' }), 'xlsx'));
		expect(rows).toEqual([
			[
				'Loại giải',
				'Giải',
				'Hạng',
				'Tác giả',
				'Đơn vị',
				'Thuộc (đường dẫn đơn vị)',
				'Mã bài dự thi',
				'Tên bài dự thi',
				'Điểm'
			],
			[
				'Giải cá nhân',
				'Nhất',
				1,
				'Nguyễn An',
				'Đơn vị ES-A',
				'Đơn vị ES › Đơn vị ES-A',
				'VB-0001',
				'Bài số 1',
				88.5
			],
			[
				'Giải tập thể',
				'Giải tập thể xuất sắc',
				null,
				null,
				'Đơn vị ES-B',
				'Đơn vị ES › Đơn vị ES-B',
				null,
				null,
				null
			]
		]);
	});

	it("refuses another contest's round", async () => {
		expect(await exportRound(db, contestId + 1000, round1.id)).toBeNull();
	});
});
