import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInitialPassword } from '$lib/initial-password';
import { authenticate, grantRole, resetPassword, setUserDisabled } from '../accounts';
import { GLOBAL_SCOPE } from '../auth/scope';
import { createSession, generateSessionToken, validateSessionToken } from '../auth/session';
import type { DbHandle } from '../db/client';
import { auditLog, importBatches, units, users } from '../db/schema';
import { pdfText } from '../essays/pdf-text';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { renderSlips, signInLink } from './pdf';
import { slipsForImport } from './from-import';
import { reissueInitialPasswords } from './reissue';

let handle: DbHandle;
let top: { id: number };
let cell: { id: number };
let organizerId: number;

/** A person as an import leaves them: an initial password they have not yet changed. */
async function imported(unitId: number, fullName: string) {
	const user = await makeUser(handle.db, unitId, { fullName });
	const reset = await resetPassword(handle.db, user.id, { admin: true });
	if (!reset.ok) throw new Error(reset.error);
	return { ...user, initial: reset.password };
}

beforeAll(async () => {
	handle = await createTestDb();
	top = await makeUnit(handle.db, 'SLIP');
	cell = await makeUnit(handle.db, 'SLIP-CB', top.id);
	organizerId = (await makeUser(handle.db, top.id)).id;
});
afterAll(() => handle.close());

describe('reissuing initial passwords for slips', () => {
	it('gives new passwords to those who never signed in, and only to them; old ones and their sessions end', async () => {
		const waiting = await imported(cell.id, 'Trần Thị Chờ');
		const token = generateSessionToken();
		await createSession(handle.db, token, waiting.id);
		const chose = await makeUser(handle.db, cell.id, { fullName: 'Lê Văn Đã Đổi' }); // has their own password
		const disabled = await imported(cell.id, 'Phạm Văn Tạm Khoá');
		await setUserDisabled(handle.db, disabled.id, true);
		const judge = await imported(cell.id, 'Đỗ Thị Giám Khảo');
		await grantRole(handle.db, judge.id, 'judge', organizerId);

		const result = await reissueInitialPasswords(handle.db, {
			unitId: cell.id,
			subtree: false,
			actorId: organizerId,
			admin: false,
			scope: GLOBAL_SCOPE
		});
		if (!result.ok) throw new Error(result.error);
		expect(result.slips.map((s) => s.fullName)).toEqual(['Trần Thị Chờ']);
		const [slip] = result.slips;
		expect(slip.phone).toBe(waiting.phone);
		expect((await authenticate(handle.db, { phone: waiting.phone }, waiting.initial)).ok).toBe(false);
		expect(
			(await authenticate(handle.db, { phone: waiting.phone }, formatInitialPassword(slip.password))).ok
		).toBe(true);
		expect((await validateSessionToken(handle.db, token)).session).toBeNull();
		expect((await authenticate(handle.db, { phone: chose.phone }, 'MatKhau123')).ok).toBe(true);
		expect((await authenticate(handle.db, { phone: judge.phone }, judge.initial)).ok).toBe(true);

		const audit = await handle.db
			.select()
			.from(auditLog)
			.where(eq(auditLog.action, 'initial_passwords_reissued'));
		expect(audit).toMatchObject([
			{ actorId: organizerId, entity: 'unit', entityId: cell.id, after: { people: 1 } }
		]);
	});

	it('covers a subtree when asked, unit by unit, and says when nobody is left', async () => {
		const atTop = await imported(top.id, 'Vũ Văn Cấp Trên');
		const below = await imported(cell.id, 'Hoàng Thị Cấp Dưới');
		const onlyTop = await reissueInitialPasswords(handle.db, {
			unitId: top.id,
			subtree: false,
			actorId: organizerId,
			admin: false,
			scope: GLOBAL_SCOPE
		});
		expect(onlyTop.ok && onlyTop.slips.map((s) => s.fullName)).toEqual(['Vũ Văn Cấp Trên']);
		const all = await reissueInitialPasswords(handle.db, {
			unitId: top.id,
			subtree: true,
			actorId: organizerId,
			admin: false,
			scope: GLOBAL_SCOPE
		});
		if (!all.ok) throw new Error(all.error);
		expect(all.slips.map((s) => s.fullName)).toContain(below.fullName);
		expect(all.slips.map((s) => s.fullName)).toContain(atTop.fullName);

		await handle.db.update(users).set({ mustChangePassword: false });
		expect(
			await reissueInitialPasswords(handle.db, {
				unitId: top.id,
				subtree: true,
				actorId: organizerId,
				admin: false,
				scope: GLOBAL_SCOPE
			})
		).toEqual({ ok: false, error: 'nobody' });
		expect(
			await reissueInitialPasswords(handle.db, {
				unitId: 999_999,
				subtree: true,
				actorId: organizerId,
				admin: false,
				scope: GLOBAL_SCOPE
			})
		).toEqual({ ok: false, error: 'not_found' });
	});
});

describe('a scoped organizer', () => {
	it('prints slips only inside their own subtree', async () => {
		const other = await makeUnit(handle.db, 'SLIP-OTHER');
		await imported(other.id, 'Ngô Văn Ngoài');
		const [mine] = await handle.db.select({ path: units.path }).from(units).where(eq(units.id, cell.id));
		const scope = {
			kind: 'scoped' as const,
			contestIds: [],
			unitPaths: [mine.path],
			peoplePaths: [mine.path],
			openContestIds: []
		};
		const outside = await reissueInitialPasswords(handle.db, {
			unitId: other.id,
			subtree: true,
			actorId: organizerId,
			admin: false,
			scope
		});
		expect(outside).toEqual({ ok: false, error: 'not_found' });
		await imported(cell.id, 'Đinh Thị Trong');
		const inside = await reissueInitialPasswords(handle.db, {
			unitId: cell.id,
			subtree: true,
			actorId: organizerId,
			admin: false,
			scope
		});
		expect(inside.ok && inside.slips.map((s) => s.fullName)).toEqual(['Đinh Thị Trong']);
	});
});

describe('the slips PDF', () => {
	const slip = (i: number, unitName: string) => ({
		fullName: `Nguyễn Thị Ưng ${i}`,
		unitName,
		phone: `09120000${String(i).padStart(2, '0')}`,
		password: 'abcdefghjkmn'
	});

	it('prints ten slips a page, a new page for each unit, with name, phone and the grouped password', async () => {
		const slips = [
			...Array.from({ length: 12 }, (_, i) => slip(i, 'Chi bộ Phòng Tổ chức')),
			slip(20, 'Chi bộ Văn phòng')
		];
		const bytes = await renderSlips(slips, { origin: 'https://thi.example.vn', title: 'Phiếu đăng nhập' });
		const doc = await PDFDocument.load(bytes);
		expect(doc.getPageCount()).toBe(3); // 10 + 2 of the first unit, then the second unit on its own page
		const text = await pdfText(bytes);
		expect(text).toContain('Nguyễn Thị Ưng 11');
		expect(text).toContain('0912 000 011');
		expect(text).toContain('abcd efgh jkmn');
		expect(text).toContain('Chi bộ Văn phòng');
	});

	it('links the QR code to the sign-in page with the phone filled in', () => {
		expect(signInLink('https://thi.example.vn/', '0912000001')).toBe(
			'https://thi.example.vn/login?phone=0912000001'
		);
	});
});

describe('slips straight after an import', () => {
	async function batch(createdBy: number, rows: { phone: string; action: string }[], status = 'applied') {
		const [row] = await handle.db
			.insert(importBatches)
			.values({
				kind: 'people',
				fileName: 'nguoi.xlsx',
				status: status as 'applied' | 'previewed',
				rows: rows.map((r, i) => ({ row: i + 2, fullName: 'x', ...r })),
				summary: {},
				createdBy
			})
			.returning({ id: importBatches.id });
		return row.id;
	}
	const actor = (id: number) => ({ id, admin: false, scope: GLOBAL_SCOPE });

	it('prints the passwords the import page holds, for the batch’s new people only, names from the database', async () => {
		const fresh = await imported(cell.id, 'Ngô Văn Mới');
		const kept = await imported(cell.id, 'Đặng Thị Cũ'); // in the file, but already existed
		const stranger = await imported(cell.id, 'Người Khác Lô');
		const id = await batch(organizerId, [
			{ phone: fresh.phone, action: 'new' },
			{ phone: kept.phone, action: 'updated' }
		]);
		const result = await slipsForImport(handle.db, {
			batchId: id,
			actor: actor(organizerId),
			people: [
				{ phone: fresh.phone, password: formatInitialPassword(fresh.initial) },
				{ phone: kept.phone, password: kept.initial },
				{ phone: stranger.phone, password: stranger.initial }
			]
		});
		if (!result.ok) throw new Error(result.error);
		expect(result.slips).toEqual([
			{ fullName: 'Ngô Văn Mới', unitName: expect.any(String), phone: fresh.phone, password: fresh.initial }
		]);
		const audit = await handle.db.select().from(auditLog).where(eq(auditLog.action, 'import_slips_printed'));
		expect(audit.at(-1)).toMatchObject({ actorId: organizerId, after: { batch: id, people: 1 } });
	});

	it('refuses another organizer’s batch, a batch not applied, text that is not an initial password, and the signed-in', async () => {
		const fresh = await imported(cell.id, 'Lý Thị Chưa Vào');
		const someoneElse = (await makeUser(handle.db, top.id)).id;
		const id = await batch(organizerId, [{ phone: fresh.phone, action: 'new' }]);
		const people = [{ phone: fresh.phone, password: fresh.initial }];
		expect(await slipsForImport(handle.db, { batchId: id, actor: actor(someoneElse), people })).toEqual({
			ok: false,
			error: 'not_found'
		});
		const previewed = await batch(organizerId, [{ phone: fresh.phone, action: 'new' }], 'previewed');
		expect(
			(await slipsForImport(handle.db, { batchId: previewed, actor: actor(organizerId), people })).ok
		).toBe(false);
		const forged = [{ phone: fresh.phone, password: 'Hãy gọi số 0900' }];
		expect(
			await slipsForImport(handle.db, { batchId: id, actor: actor(organizerId), people: forged })
		).toEqual({
			ok: false,
			error: 'invalid'
		});
		await handle.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, fresh.id));
		expect(await slipsForImport(handle.db, { batchId: id, actor: actor(organizerId), people })).toEqual({
			ok: false,
			error: 'nobody'
		});
	});
});
