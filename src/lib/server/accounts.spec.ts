import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	authenticate,
	changePassword,
	grantRole,
	registerUser,
	resetPassword,
	setUserDisabled
} from './accounts';
import { createSession, generateSessionToken, validateSessionToken } from './auth/session';
import type { DbHandle } from './db/client';
import { sessions, users } from './db/schema';
import { createTestDb } from './testing/db';
import { makeUnit, makeUser, nextPhone } from './testing/fixtures';

let handle: DbHandle;
let unitId: number;

beforeAll(async () => {
	handle = await createTestDb();
	unitId = (await makeUnit(handle.db, 'ACC')).id;
});
afterAll(() => handle.close());

describe('registerUser', () => {
	it('creates an account that signs in by phone and by email', async () => {
		const user = await makeUser(handle.db, unitId, { email: 'an.nguyen@example.vn' });
		const byPhone = await authenticate(handle.db, { phone: user.phone }, 'MatKhau123');
		expect(byPhone.ok).toBe(true);
		const byEmail = await authenticate(handle.db, { email: 'AN.NGUYEN@example.vn' }, 'MatKhau123');
		expect(byEmail.ok && byEmail.user.id).toBe(user.id);
	});

	it('refuses a second account for the same phone, email or CCCD with the field that clashed', async () => {
		const first = await makeUser(handle.db, unitId, { email: 'dup@example.vn', cccd: '001099012345' });
		const base = { ...first, password: 'KhacNhau99' };
		expect(await registerUser(handle.db, { ...base, email: null, cccd: null })).toEqual({
			ok: false,
			error: 'phone_taken'
		});
		expect(await registerUser(handle.db, { ...base, phone: nextPhone(), cccd: null })).toEqual({
			ok: false,
			error: 'email_taken'
		});
		expect(await registerUser(handle.db, { ...base, phone: nextPhone(), email: null })).toEqual({
			ok: false,
			error: 'cccd_taken'
		});
	});

	it('makes exactly one account when 20 sign-ups with one phone arrive at once', async () => {
		const phone = nextPhone();
		const results = await Promise.all(
			Array.from({ length: 20 }, (_, i) =>
				registerUser(handle.db, {
					fullName: `Người thứ ${i}`,
					birthDate: '1991-01-01',
					unitId,
					phone,
					email: null,
					cccd: null,
					password: 'MatKhau123'
				})
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok && r.error === 'phone_taken')).toHaveLength(19);
		expect(await handle.db.$count(users, eq(users.phone, phone))).toBe(1);
	});

	it('refuses an inactive or unknown unit', async () => {
		const result = await registerUser(handle.db, {
			fullName: 'Ai Đó',
			birthDate: '1990-01-01',
			unitId: 999_999,
			phone: nextPhone(),
			email: null,
			cccd: null,
			password: 'MatKhau123'
		});
		expect(result).toEqual({ ok: false, error: 'unit_unavailable' });
	});
});

describe('authenticate', () => {
	it('says "invalid" for a wrong password and an unknown phone alike', async () => {
		const user = await makeUser(handle.db, unitId);
		expect(await authenticate(handle.db, { phone: user.phone }, 'SaiMatKhau1')).toEqual({
			ok: false,
			error: 'invalid'
		});
		expect(await authenticate(handle.db, { phone: '0999999999' }, 'SaiMatKhau1')).toEqual({
			ok: false,
			error: 'invalid'
		});
	});

	it('refuses a disabled account and ends its sessions at once', async () => {
		const user = await makeUser(handle.db, unitId);
		const token = generateSessionToken();
		await createSession(handle.db, token, user.id);
		await setUserDisabled(handle.db, user.id, true);
		expect((await validateSessionToken(handle.db, token)).user).toBeNull();
		expect(await authenticate(handle.db, { phone: user.phone }, user.password)).toEqual({
			ok: false,
			error: 'disabled'
		});
		await setUserDisabled(handle.db, user.id, false);
		expect((await authenticate(handle.db, { phone: user.phone }, user.password)).ok).toBe(true);
	});
});

describe('passwords', () => {
	it('a change needs the current password and ends every session', async () => {
		const user = await makeUser(handle.db, unitId);
		const token = generateSessionToken();
		await createSession(handle.db, token, user.id);
		expect(await changePassword(handle.db, user.id, 'wrong', 'MoiMoi2026')).toEqual({
			ok: false,
			error: 'wrong_current'
		});
		expect(await changePassword(handle.db, user.id, user.password, 'MoiMoi2026')).toEqual({ ok: true });
		expect((await validateSessionToken(handle.db, token)).user).toBeNull();
		expect((await authenticate(handle.db, { phone: user.phone }, 'MoiMoi2026')).ok).toBe(true);
		expect((await authenticate(handle.db, { phone: user.phone }, user.password)).ok).toBe(false);
	});

	it('a reset by an organizer hands out a new password that must be changed at sign-in', async () => {
		const user = await makeUser(handle.db, unitId);
		const result = await resetPassword(handle.db, user.id, { admin: false });
		if (!result.ok) throw new Error('reset failed');
		expect(result.password).toMatch(/^[A-Za-z0-9]{12}$/);
		const signedIn = await authenticate(handle.db, { phone: user.phone }, result.password);
		expect(signedIn.ok && signedIn.user.mustChangePassword).toBe(true);
		await changePassword(handle.db, user.id, result.password, 'DaDoi2026x');
		const [row] = await handle.db.select().from(users).where(eq(users.id, user.id));
		expect(row.mustChangePassword).toBe(false);
		expect(await handle.db.$count(sessions, eq(sessions.userId, user.id))).toBe(0);
	});

	it('an organizer cannot reset the password of an administrator or a judge; an administrator can', async () => {
		const admin = await makeUser(handle.db, unitId);
		await grantRole(handle.db, admin.id, 'admin', admin.id);
		const judge = await makeUser(handle.db, unitId);
		await grantRole(handle.db, judge.id, 'judge', admin.id);
		for (const target of [admin, judge]) {
			expect(await resetPassword(handle.db, target.id, { admin: false })).toEqual({
				ok: false,
				error: 'forbidden'
			});
			// the old password still works: nothing was changed
			expect((await authenticate(handle.db, { phone: target.phone }, target.password)).ok).toBe(true);
		}
		expect((await resetPassword(handle.db, judge.id, { admin: true })).ok).toBe(true);
		expect(await resetPassword(handle.db, 999_999, { admin: false })).toEqual({
			ok: false,
			error: 'not_found'
		});
	});
});
