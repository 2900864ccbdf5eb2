import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { units } from '../db/schema';
import { createTestDb } from '../testing/db';
import { createUnit, setUnitActive } from '../units';
import { type Actor, applyImport } from './apply';
import { batchStatus, csv, preview, seedOrganizer, tableSizes, UNIT_HEADERS, xlsx } from './spec-helpers';

let handle: DbHandle;
let actor: Actor;
let userId: number;

beforeAll(async () => {
	handle = await createTestDb();
	({ actor } = await seedOrganizer(handle.db));
	userId = actor.id;
});
afterAll(async () => {
	await handle?.close();
});

async function unitByCode(code: string) {
	const [unit] = await handle.db.select().from(units).where(eq(units.code, code));
	return unit;
}

async function importUnits(bytes: Uint8Array) {
	const shown = await preview(handle.db, userId, 'units', bytes);
	const applied = await applyImport(handle.db, shown.batchId, actor);
	return { shown, applied };
}

describe('importing units', () => {
	it('creates a tree from a CSV whose children come before their parents', async () => {
		const { shown, applied } = await importUnits(
			csv([
				UNIT_HEADERS,
				['cb-a1', 'Chi bộ A1', 'DB-A', '12'],
				['DB-A', 'Đảng bộ A', 'TOP', '3'],
				['TOP', 'Đảng bộ Khối', '', '']
			])
		);
		expect(shown.problems).toEqual([]);
		expect(shown.counts).toEqual({ rows: 3, new: 3, updated: 0, unchanged: 0, errors: 0 });
		expect(applied).toMatchObject({ ok: true, counts: { new: 3 } });
		const [top, a, a1] = await Promise.all(['TOP', 'DB-A', 'CB-A1'].map(unitByCode));
		expect(top).toMatchObject({ parentId: null, path: `/${top.id}/`, depth: 0, headcount: 0 });
		expect(a).toMatchObject({ parentId: top.id, path: `/${top.id}/${a.id}/`, depth: 1, headcount: 3 });
		expect(a1).toMatchObject({ parentId: a.id, path: `${a.path}${a1.id}/`, depth: 2, headcount: 12 });
		expect(a1.searchText).toBe('chi bo a1 cb-a1');
	});

	it('reads the same tree from an .xlsx, headers typed without diacritics, and changes nothing', async () => {
		const before = await tableSizes(handle.db);
		const { shown, applied } = await importUnits(
			await xlsx([
				['MA DON VI', 'Ten don vi', 'Ma don vi cap tren', 'So nguoi'],
				['TOP', 'Đảng bộ Khối', null, null],
				['DB-A', 'Đảng bộ A', 'TOP', 3],
				['CB-A1', 'Chi bộ A1', 'DB-A', 12]
			])
		);
		expect(shown.counts).toEqual({ rows: 3, new: 0, updated: 0, unchanged: 3, errors: 0 });
		expect(applied).toMatchObject({ ok: true, counts: { new: 0, updated: 0, unchanged: 3 } });
		expect(await tableSizes(handle.db)).toEqual(before);
	});

	it('renames a unit and changes its headcount without touching the others', async () => {
		const before = await unitByCode('DB-A');
		const { shown } = await importUnits(csv([UNIT_HEADERS, ['DB-A', 'Đảng bộ A mới', 'TOP', '5']]));
		expect(shown.counts).toMatchObject({ updated: 1, unchanged: 0 });
		const after = await unitByCode('DB-A');
		expect(after).toMatchObject({ name: 'Đảng bộ A mới', headcount: 5, path: before.path });
		expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
	});

	it('moves a unit with its whole subtree when its parent changes', async () => {
		await importUnits(
			csv([UNIT_HEADERS, ['DB-B', 'Đảng bộ B', 'TOP', '1'], ['CB-A1-T1', 'Tổ 1', 'CB-A1', '4']])
		);
		const { shown } = await importUnits(csv([UNIT_HEADERS, ['CB-A1', 'Chi bộ A1', 'DB-B', '12']]));
		expect(shown.counts).toMatchObject({ updated: 1 });
		const [b, a1, t1] = await Promise.all(['DB-B', 'CB-A1', 'CB-A1-T1'].map(unitByCode));
		expect(a1).toMatchObject({ parentId: b.id, path: `${b.path}${a1.id}/`, depth: 2 });
		expect(t1).toMatchObject({ parentId: a1.id, path: `${b.path}${a1.id}/${t1.id}/`, depth: 3 });
	});

	it('reports every bad row by its Excel row number and applies nothing', async () => {
		const closed = await createUnit(handle.db, {
			code: 'CLOSED',
			name: 'Đơn vị đã giải thể',
			parentId: null,
			headcount: 0
		});
		if (!closed.ok) throw new Error(closed.error);
		await setUnitActive(handle.db, closed.value.id, false);
		const before = await tableSizes(handle.db);
		const shown = await preview(
			handle.db,
			userId,
			'units',
			csv([
				UNIT_HEADERS,
				['NEW-1', 'Đơn vị mới', '', '2'], // row 2: fine
				['', 'Không có mã', '', ''], // 3
				['BAD CODE', 'Mã có dấu cách', '', ''], // 4
				['NEW-1', 'Trùng mã', '', ''], // 5
				['NEW-2', 'Cấp trên lạ', 'NOWHERE', ''], // 6
				['NEW-3', 'Cấp trên đã giải thể', 'CLOSED', ''], // 7
				['LOOP-A', 'Vòng A', 'LOOP-B', ''], // 8
				['LOOP-B', 'Vòng B', 'LOOP-A', ''], // 9
				['NEW-4', 'Số người sai', '', '-3'], // 10
				['SELF', 'Tự làm cấp trên', 'SELF', ''], // 11
				['X', 'Y', '', 'nhiều'] // 12: short name and bad headcount
			])
		);
		expect(shown.problems.map((p) => [p.row, p.column, p.code])).toEqual([
			[3, 'code', 'required'],
			[4, 'code', 'unit_code_invalid'],
			[5, 'code', 'duplicate_in_file'],
			[6, 'parentCode', 'parent_unknown'],
			[7, 'parentCode', 'parent_inactive'],
			[8, 'parentCode', 'cycle'],
			[9, 'parentCode', 'cycle'],
			[10, 'headcount', 'headcount_invalid'],
			[11, 'parentCode', 'parent_self'],
			[12, 'name', 'name_short'],
			[12, 'headcount', 'headcount_invalid']
		]);
		expect(shown.problems[2].params).toEqual({ first: 2 });
		expect(shown.problems[5].params).toEqual({ path: 'LOOP-A → LOOP-B → LOOP-A' });
		expect(shown.counts).toMatchObject({ rows: 11, errors: 10, new: 1 });

		expect(await applyImport(handle.db, shown.batchId, actor)).toEqual({
			ok: false,
			error: 'has_errors',
			problems: []
		});
		expect(await tableSizes(handle.db)).toEqual(before);
	});

	it('finds a cycle through a stored unit the file does not list', async () => {
		// TOP is stored above DB-B; making TOP a child of DB-B closes a loop
		const shown = await preview(
			handle.db,
			userId,
			'units',
			csv([UNIT_HEADERS, ['TOP', 'Đảng bộ Khối', 'DB-B', '']])
		);
		expect(shown.problems).toEqual([
			{ row: 2, column: 'parentCode', code: 'cycle', params: { path: 'TOP → DB-B → TOP' } }
		]);
	});

	it('rolls back when a code was taken between preview and apply', async () => {
		const shown = await preview(
			handle.db,
			userId,
			'units',
			csv([UNIT_HEADERS, ['RACE-1', 'Đơn vị 1', 'TOP', ''], ['RACE-2', 'Đơn vị 2', 'RACE-1', '']])
		);
		expect(shown.counts.new).toBe(2);
		const created = await createUnit(handle.db, {
			code: 'RACE-2',
			name: 'Tạo trước',
			parentId: null,
			headcount: 0
		});
		expect(created.ok).toBe(true);
		const before = await tableSizes(handle.db);
		const result = await applyImport(handle.db, shown.batchId, actor);
		expect(result).toEqual({
			ok: false,
			error: 'conflicts',
			problems: [{ row: 3, column: 'code', code: 'code_taken' }]
		});
		expect(await tableSizes(handle.db)).toEqual(before);
		expect(await unitByCode('RACE-1')).toBeUndefined();
		expect(await batchStatus(handle.db, shown.batchId)).toBe('previewed');
	});
});
