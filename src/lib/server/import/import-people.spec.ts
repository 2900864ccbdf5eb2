import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, grantRole } from '../accounts';
import type { DbHandle } from '../db/client';
import { users } from '../db/schema';
import { createTestDb } from '../testing/db';
import { createUnit, setUnitActive } from '../units';
import { type Actor, applyImport } from './apply';
import { batchStatus, csv, PEOPLE_HEADERS, preview, seedOrganizer, tableSizes, xlsx } from './spec-helpers';

let handle: DbHandle;
let actor: Actor;

beforeAll(async () => {
	handle = await createTestDb();
	({ actor } = await seedOrganizer(handle.db));
	for (const code of ['CB-VP', 'CB-TC']) {
		const unit = await createUnit(handle.db, { code, name: `Chi bộ ${code}`, parentId: null, headcount: 10 });
		if (!unit.ok) throw new Error(unit.error);
	}
});
afterAll(async () => {
	await handle?.close();
});

async function person(phone: string) {
	const [found] = await handle.db.select().from(users).where(eq(users.phone, phone));
	return found;
}

async function importPeople(bytes: Uint8Array) {
	const shown = await preview(handle.db, actor.id, 'people', bytes);
	const applied = await applyImport(handle.db, shown.batchId, actor);
	return { shown, applied };
}

const GOOD = [
	PEOPLE_HEADERS,
	['Nguyễn Văn An', '15/03/1985', 'CB-VP', '0912 345 678', 'An.NV@Example.vn', '001085012345'],
	['Trần Thị Bình', '1990-07-02', 'cb-tc', '+84 987 654 321', '', ''],
	['Lê Hoàng Cường', '1/2/1979', 'CB-VP', '84-933-111-222', '', '']
];

describe('importing people', () => {
	it('never changes an account that holds a role: the preview flags the row and nothing is written', async () => {
		const unit = await createUnit(handle.db, { code: 'QT', name: 'Quản trị', parentId: null, headcount: 1 });
		if (!unit.ok) throw new Error(unit.error);
		const [admin] = await handle.db
			.insert(users)
			.values({
				fullName: 'Trần Quốc Quản',
				birthDate: '1980-01-01',
				unitId: unit.value.id,
				phone: '0955000001',
				email: 'admin@example.vn',
				passwordHash: 'x',
				searchText: 'tran quoc quan'
			})
			.returning();
		await grantRole(handle.db, admin.id, 'admin', admin.id);
		const { shown, applied } = await importPeople(
			csv([PEOPLE_HEADERS, ['Kẻ Mạo Danh', '01/01/1990', 'CB-VP', '0955000001', 'evil@example.vn', '']])
		);
		expect(shown.problems.map((p) => [p.row, p.column, p.code])).toEqual([
			[2, 'phone', 'privileged_account']
		]);
		expect(applied.ok).toBe(false);
		expect(await person('0955000001')).toMatchObject({
			fullName: 'Trần Quốc Quản',
			email: 'admin@example.vn',
			unitId: unit.value.id
		});
		// the same row unchanged is no problem: re-importing an organization's list that includes its organizers
		const same = await preview(
			handle.db,
			actor.id,
			'people',
			csv([PEOPLE_HEADERS, ['Trần Quốc Quản', '01/01/1980', 'QT', '0955000001', 'admin@example.vn', '']])
		);
		expect(same.problems).toEqual([]);
	});

	it('creates people from a CSV, with initial passwords that work and must be changed', async () => {
		const { shown, applied } = await importPeople(csv(GOOD));
		expect(shown.problems).toEqual([]);
		expect(shown.counts).toEqual({ rows: 3, new: 3, updated: 0, unchanged: 0, errors: 0 });
		if (!applied.ok) throw new Error(applied.error);
		expect(applied.counts.new).toBe(3);
		expect(applied.credentials.map((c) => [c.row, c.phone, c.fullName])).toEqual([
			[2, '0912345678', 'Nguyễn Văn An'],
			[3, '0987654321', 'Trần Thị Bình'],
			[4, '0933111222', 'Lê Hoàng Cường']
		]);
		const an = await person('0912345678');
		expect(an).toMatchObject({
			fullName: 'Nguyễn Văn An',
			birthDate: '1985-03-15',
			email: 'an.nv@example.vn',
			cccd: '001085012345',
			mustChangePassword: true
		});
		expect(an.passwordHash).not.toContain(applied.credentials[0].password);
		const signIn = await authenticate(handle.db, { phone: '0912345678' }, applied.credentials[0].password);
		expect(signIn.ok).toBe(true);
	});

	it('changes nothing when the same file comes again, and keeps the passwords', async () => {
		const before = await person('0912345678');
		const { shown, applied } = await importPeople(csv(GOOD));
		expect(shown.counts).toEqual({ rows: 3, new: 0, updated: 0, unchanged: 3, errors: 0 });
		expect(applied).toEqual({
			ok: true,
			kind: 'people',
			counts: { rows: 3, new: 0, updated: 0, unchanged: 3, errors: 0 },
			credentials: []
		});
		expect(await person('0912345678')).toEqual(before);
	});

	it('reads an .xlsx with real date cells, numbers that lost their zeros and linked emails', async () => {
		const bytes = await xlsx(
			[
				['HO VA TEN', 'Ngay sinh (dd/mm/yyyy)', 'Ma don vi', 'So dien thoai', 'E-mail', 'So CCCD'],
				[
					'Phạm Thu Dung',
					new Date(Date.UTC(1992, 10, 5)),
					'CB-TC',
					978123456,
					{ text: 'dung@x.vn', hyperlink: 'mailto:dung@x.vn' },
					1092000123
				],
				// the +84 spelling of someone already imported: the same person, unchanged
				['Nguyễn Văn An', new Date(Date.UTC(1985, 2, 15)), 'CB-VP', '+84 912 345 678', null, null]
			],
			'Người dùng'
		);
		const { shown, applied } = await importPeople(bytes);
		expect(shown.problems).toEqual([]);
		expect(shown.counts).toMatchObject({ new: 1, unchanged: 1, updated: 0 });
		expect(applied.ok).toBe(true);
		expect(await person('0978123456')).toMatchObject({
			fullName: 'Phạm Thu Dung',
			birthDate: '1992-11-05',
			email: 'dung@x.vn',
			cccd: '001092000123'
		});
	});

	it('updates only what changed, and an empty email cell keeps the stored email', async () => {
		const before = await person('0912345678');
		const { shown, applied } = await importPeople(
			csv([PEOPLE_HEADERS, ['Nguyễn Văn An', '15/03/1985', 'CB-TC', '0912345678', '', '']])
		);
		expect(shown.counts).toMatchObject({ updated: 1, unchanged: 0, new: 0 });
		expect(applied).toMatchObject({ ok: true, counts: { updated: 1 }, credentials: [] });
		const after = await person('0912345678');
		expect(after.unitId).not.toBe(before.unitId);
		expect(after).toMatchObject({
			email: before.email,
			cccd: before.cccd,
			passwordHash: before.passwordHash
		});
	});

	it('stores decomposed (NFD) names as composed (NFC)', async () => {
		const nfd = 'Đặng Thị Huệ'.normalize('NFD');
		expect(nfd).not.toBe('Đặng Thị Huệ');
		await importPeople(csv([PEOPLE_HEADERS, [` ${nfd}  `, '03/04/1995', 'CB-VP', '0355000111', '', '']]));
		const hue = await person('0355000111');
		expect(hue.fullName).toBe('Đặng Thị Huệ');
		expect(hue.searchText).toContain('dang thi hue');
	});

	it('reports every bad row by its Excel row number', async () => {
		const closed = await createUnit(handle.db, {
			code: 'CLOSED',
			name: 'Đã giải thể',
			parentId: null,
			headcount: 0
		});
		if (!closed.ok) throw new Error(closed.error);
		await setUnitActive(handle.db, closed.value.id, false);
		const before = await tableSizes(handle.db);
		const shown = await preview(
			handle.db,
			actor.id,
			'people',
			csv(
				[
					PEOPLE_HEADERS,
					['', '01/01/1990', 'CB-VP', '0911000001', '', ''], // 2: no name
					['Ngô Văn E', '31/02/1990', 'CB-VP', '0911000002', '', ''], // 3: no such day
					['Ngô Văn F', '01/01/1990', 'CB-VP', '12345', '', ''], // 4: phone
					['Ngô Văn G', '01/01/1990', 'CB-VP', '0911000004', 'not-an-email', '12345'], // 5: email, cccd
					['Ngô Văn H', '01/01/1990', 'NOWHERE', '0911000005', '', ''], // 6: unit
					['Ngô Văn I', '01/01/1990', 'CB-VP', '+84 911 000 005', '', ''], // 7: same phone as 6
					['Ngô Văn K', '01/01/1990', 'CB-VP', '0911000007', 'an.nv@example.vn', ''], // 8: An's email
					['Ngô Văn L', '01/01/1990', 'CB-VP', '0911000008', '', '001085012345'], // 9: An's CCCD
					['Ngô Văn M', '01/01/2020', 'CLOSED', '0911000009', '', ''], // 10: too young, closed unit
					['Ngô Văn N', '', 'CB-VP', '0911000010', 'n@x.vn', ''], // 11: no birth date
					['Ngô Văn O', '01/01/1990', 'CB-VP', '0911000011', 'N@X.vn', ''], // 12: same email as 11
					[],
					['Ngô Văn P', '01/01/1990', 'CB-VP', '0911000012', '', ''] // 14: fine (13 is blank)
				],
				{ delimiter: ';' }
			)
		);
		expect(shown.problems.map((p) => [p.row, p.column, p.code])).toEqual([
			[2, 'fullName', 'required'],
			[3, 'birthDate', 'date_invalid'],
			[4, 'phone', 'phone_invalid'],
			[5, 'email', 'email_invalid'],
			[5, 'cccd', 'cccd_invalid'],
			[6, 'unitCode', 'unit_unknown'],
			[7, 'phone', 'duplicate_in_file'],
			[8, 'email', 'email_taken'],
			[9, 'cccd', 'cccd_taken'],
			[10, 'birthDate', 'birth_date_range'],
			[10, 'unitCode', 'unit_inactive'],
			[11, 'birthDate', 'required'],
			[12, 'email', 'duplicate_in_file']
		]);
		expect(shown.problems.find((p) => p.row === 7)?.params).toEqual({ first: 6 });
		expect(shown.counts).toMatchObject({ rows: 12, errors: 11, new: 1 });
		expect((await applyImport(handle.db, shown.batchId, actor)).ok).toBe(false);
		expect(await tableSizes(handle.db)).toEqual(before);
	});

	it('writes nothing when a phone was taken between preview and apply', async () => {
		const shown = await preview(
			handle.db,
			actor.id,
			'people',
			csv([
				PEOPLE_HEADERS,
				['Vũ Văn Q', '01/01/1990', 'CB-VP', '0922000001', '', ''],
				['Vũ Văn R', '01/01/1990', 'CB-VP', '0922000002', '', ''],
				['Nguyễn Văn An', '15/03/1985', 'CB-VP', '0912345678', '', '']
			])
		);
		expect(shown.counts).toMatchObject({ new: 2, updated: 1 });
		// someone signs up with row 3's phone before the organizer confirms
		const [unit] = await handle.db.select({ id: users.unitId }).from(users).limit(1);
		await handle.db.insert(users).values({
			fullName: 'Người đăng ký trước',
			birthDate: '1990-01-01',
			unitId: unit.id,
			phone: '0922000002',
			passwordHash: 'x',
			searchText: 'x'
		});
		const before = await tableSizes(handle.db);
		const anBefore = await person('0912345678');
		const result = await applyImport(handle.db, shown.batchId, actor);
		expect(result).toEqual({
			ok: false,
			error: 'conflicts',
			problems: [{ row: 3, column: 'phone', code: 'phone_taken' }]
		});
		expect(await tableSizes(handle.db)).toEqual(before);
		expect(await person('0922000001')).toBeUndefined();
		expect(await person('0912345678')).toEqual(anBefore);
		expect(await batchStatus(handle.db, shown.batchId)).toBe('previewed');
	});

	it('rolls back the rows already written when the apply fails midway', async () => {
		const shown = await preview(
			handle.db,
			actor.id,
			'people',
			csv([
				PEOPLE_HEADERS,
				['Nguyễn Văn An', '15/03/1985', 'CB-VP', '0912345678', '', ''],
				['Đỗ Văn S', '01/01/1990', 'CB-VP', '0944000001', '', ''],
				['Đỗ Văn T', '01/01/1990', 'CB-VP', '0944000002', '', ''],
				['Đỗ Văn U', '01/01/1990', 'CB-VP', '0944000003', '', '']
			])
		);
		const before = await tableSizes(handle.db);
		const anBefore = await person('0912345678');
		const writes: number[] = [];
		const failing = applyImport(handle.db, shown.batchId, actor, {
			chunkSize: 2,
			onProgress: (p) => {
				if (p.phase !== 'writing') return;
				writes.push(p.done);
				// e.g. the server stops after the first two chunks (one update, two inserts) went in
				if (p.done >= 3) throw new Error('the server went away');
			}
		});
		await expect(failing).rejects.toThrow('the server went away');
		expect(writes).toEqual([1, 3]);
		expect(await tableSizes(handle.db)).toEqual(before);
		expect(await person('0912345678')).toEqual(anBefore);
		expect(await batchStatus(handle.db, shown.batchId)).toBe('previewed');

		// nothing half-written: the same batch can still be applied, once
		const applied = await applyImport(handle.db, shown.batchId, actor);
		expect(applied).toMatchObject({ ok: true, counts: { new: 3, updated: 1 } });
		expect(await applyImport(handle.db, shown.batchId, actor)).toEqual({
			ok: false,
			error: 'not_previewed',
			problems: []
		});
	});

	it('lets only the uploader or an administrator apply a batch', async () => {
		const shown = await preview(
			handle.db,
			actor.id,
			'people',
			csv([PEOPLE_HEADERS, ['Hồ Văn V', '01/01/1990', 'CB-VP', '0966000001', '', '']])
		);
		const other = { id: actor.id + 1000, isAdmin: false };
		expect(await applyImport(handle.db, shown.batchId, other)).toMatchObject({
			ok: false,
			error: 'forbidden'
		});
		const admin = { id: actor.id + 1000, isAdmin: true };
		expect(await applyImport(handle.db, shown.batchId, admin)).toMatchObject({
			ok: true,
			counts: { new: 1 }
		});
		expect(await applyImport(handle.db, '00000000-0000-4000-8000-000000000000', actor)).toMatchObject({
			ok: false,
			error: 'not_found'
		});
	});
});
