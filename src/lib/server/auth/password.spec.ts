import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, resetPassword } from '../accounts';
import type { DbHandle } from '../db/client';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { formatInitialPassword } from '$lib/initial-password';
import { generateInitialPassword, INITIAL_PASSWORD_ALPHABET } from './password';

describe('initial passwords', () => {
	it('are 12 characters a person reads off a slip without confusing look-alikes', () => {
		for (let i = 0; i < 200; i++) {
			const password = generateInitialPassword();
			expect(password).toMatch(/^[a-z2-9]{12}$/);
			expect(password).not.toMatch(/[01ilo]/);
		}
		// ≥ 59 bits: argon2 and the sign-in limits guard them for their short life (they must be changed at once)
		expect(12 * Math.log2(INITIAL_PASSWORD_ALPHABET.length)).toBeGreaterThan(59);
		expect(formatInitialPassword('abcdefghjkmn')).toBe('abcd efgh jkmn');
	});

	it('use every character of the alphabet about equally (no modulo bias)', () => {
		const counts = new Map<string, number>();
		for (let i = 0; i < 3000; i++)
			for (const c of generateInitialPassword()) counts.set(c, (counts.get(c) ?? 0) + 1);
		const expected = (3000 * 12) / INITIAL_PASSWORD_ALPHABET.length;
		expect(counts.size).toBe(INITIAL_PASSWORD_ALPHABET.length);
		for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
	});
});

describe('signing in with an initial password', () => {
	let handle: DbHandle;
	let unitId: number;
	beforeAll(async () => {
		handle = await createTestDb();
		unitId = (await makeUnit(handle.db, 'PWD')).id;
	});
	afterAll(() => handle.close());

	it('accepts it as printed on the slip, with a capital a phone keyboard added, or with hyphens', async () => {
		const user = await makeUser(handle.db, unitId);
		const reset = await resetPassword(handle.db, user.id, { admin: true });
		if (!reset.ok) throw new Error(reset.error);
		const printed = formatInitialPassword(reset.password);
		for (const typed of [
			reset.password,
			printed,
			printed[0].toUpperCase() + printed.slice(1),
			printed.replaceAll(' ', '-'),
			` ${printed} `
		])
			expect((await authenticate(handle.db, { phone: user.phone }, typed)).ok, typed).toBe(true);
		expect((await authenticate(handle.db, { phone: user.phone }, printed.slice(0, -1))).ok).toBe(false);
	});

	it('never loosens a password the person chose', async () => {
		const user = await makeUser(handle.db, unitId); // password MatKhau123, already changed
		expect((await authenticate(handle.db, { phone: user.phone }, 'MatKhau123')).ok).toBe(true);
		expect((await authenticate(handle.db, { phone: user.phone }, 'matkhau123')).ok).toBe(false);
		expect((await authenticate(handle.db, { phone: user.phone }, 'Mat Khau123')).ok).toBe(false);
	});
});
