import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbHandle } from '$lib/server/db/client';
import { createTestDb } from '$lib/server/testing/db';
import { makeUnit, makeUser } from '$lib/server/testing/fixtures';

let handle: DbHandle;
vi.mock('$lib/server/db', () => ({ db: () => handle.db }));
const { actions } = await import('./+page.server');

beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

/** The sign-in action as SvelteKit calls it for a form post from one address, with the browser's cookies. */
function signIn(login: string, password: string, address = '203.0.113.7', jar: Record<string, string> = {}) {
	const body = new FormData();
	body.set('login', login);
	body.set('password', password);
	const headers: Record<string, string> = {};
	const event = {
		request: new Request('http://localhost/login', { method: 'POST', body }),
		url: new URL('http://localhost/login'),
		locals: { user: null, session: null },
		cookies: {
			set: (name: string, value: string) => (jar[name] = value),
			get: (name: string) => jar[name],
			delete: (name: string) => delete jar[name]
		},
		getClientAddress: () => address,
		setHeaders: (h: Record<string, string>) => Object.assign(headers, h)
	};
	return (actions.default as (e: unknown) => Promise<unknown>)(event).then(
		(result) => ({ result, headers, jar }),
		(thrown: unknown) => ({ result: thrown, headers, jar })
	);
}

const statusOf = (r: unknown) => (r as { status?: number }).status;
const addresses = (n: number, base = 10) => Array.from({ length: n }, (_, i) => `198.51.${base}.${i + 1}`);

describe('sign-in limits', () => {
	it('lets at most 5 of 20 parallel wrong guesses from one address reach the password check', async () => {
		const unit = await makeUnit(handle.db, 'LGN');
		const user = await makeUser(handle.db, unit.id);
		const replies = await Promise.all(
			Array.from({ length: 20 }, (_, i) => signIn(user.phone, `Sai-${i}-MatKhau`))
		);
		const statuses = replies.map((r) => statusOf(r.result));
		expect(statuses.filter((s) => s === 400)).toHaveLength(5);
		expect(statuses.filter((s) => s === 429)).toHaveLength(15);
		const limited = replies.find((r) => statusOf(r.result) === 429)!;
		expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
		expect(JSON.stringify(limited.result)).toContain('Bạn thao tác quá nhiều lần');
		// the guessing address is held back for this account, even with the right password…
		expect(statusOf((await signIn(user.phone, user.password)).result)).toBe(429);
		// …but the owner elsewhere is not
		expect(statusOf((await signIn(user.phone, user.password, '192.0.2.50')).result)).toBe(303);
	});

	it('the owner gets in from their own device during a guessing attack from many addresses', async () => {
		const unit = await makeUnit(handle.db, 'LGA');
		const owner = await makeUser(handle.db, unit.id);
		const phone = { jar: {} as Record<string, string> };
		// the owner signed in on this phone last week: it holds a device cookie
		expect(statusOf((await signIn(owner.phone, owner.password, '192.0.2.10', phone.jar)).result)).toBe(303);
		expect(phone.jar.device).toBeTruthy();

		// an attacker rotates through 40 addresses, 2 guesses each
		const attack = await Promise.all(
			addresses(40).flatMap((a) => [signIn(owner.phone, 'Doan-Mo-1', a), signIn(owner.phone, 'Doan-Mo-2', a)])
		);
		const reachedCheck = attack.filter((r) => statusOf(r.result) === 400).length;
		// 10 free guesses an hour for the account, then a growing delay: the attack is slowed to a crawl
		expect(reachedCheck).toBeLessThanOrEqual(11);
		expect(attack.filter((r) => statusOf(r.result) === 429).length).toBeGreaterThanOrEqual(69);

		// the owner, on their phone, is not held back at all
		expect(statusOf((await signIn(owner.phone, owner.password, '192.0.2.10', phone.jar)).result)).toBe(303);
		// from a new place without the cookie, they wait at most a minute: a delay, never a lock
		const fresh = await signIn(owner.phone, owner.password, '192.0.2.99');
		if (statusOf(fresh.result) === 429) expect(Number(fresh.headers['retry-after'])).toBeLessThanOrEqual(60);
		else expect(statusOf(fresh.result)).toBe(303);
	});

	it('counts guesses once per account, whether the phone or the email was typed', async () => {
		const unit = await makeUnit(handle.db, 'LGE');
		const user = await makeUser(handle.db, unit.id, { email: 'mot.nguoi@example.vn' });
		const byPhone = await Promise.all(addresses(10, 20).map((a) => signIn(user.phone, 'SaiMatKhau1', a)));
		expect(byPhone.every((r) => statusOf(r.result) === 400)).toBe(true);
		// the 11th guess, by email, is the account's: it waits
		const byEmail = await signIn('MOT.NGUOI@example.vn', 'SaiMatKhau1', '198.51.30.1');
		expect(statusOf(byEmail.result)).toBe(429);
	});

	it(
		'an office behind one address is not locked out by hundreds of failed sign-ins',
		{ timeout: 120_000 },
		async () => {
			const unit = await makeUnit(handle.db, 'LGO');
			const colleague = await makeUser(handle.db, unit.id);
			const office = '203.0.113.200';
			// 600 failed sign-ins with unknown phones counted as the action counts them (without 600 argon2 runs)…
			const { beginSignIn } = await import('$lib/server/auth/sign-in-guard');
			for (let i = 0; i < 600; i++) {
				const begun = await beginSignIn(handle.db, {
					accountKey: `login:09${String(30_000_000 + i)}`,
					address: office,
					deviceUserId: null
				});
				expect(begun.ok).toBe(true);
			}
			// …and 10 more through the action itself
			const more = await Promise.all(
				Array.from({ length: 10 }, (_, i) => signIn(`09${31_000_000 + i}`, 'KhongBiet1', office))
			);
			expect(more.every((r) => statusOf(r.result) === 400)).toBe(true);
			expect(statusOf((await signIn(colleague.phone, colleague.password, office)).result)).toBe(303);
		}
	);

	it('believes X-Forwarded-For only from a trusted proxy, so a forged header cannot rotate past the limits', async () => {
		const { clientAddressOf } = await import('$lib/server/http/address');
		expect(clientAddressOf('203.0.113.7', '1.2.3.4', [])).toBe('203.0.113.7');
		expect(clientAddressOf('10.0.0.5', '1.2.3.4, 203.0.113.7', ['10.0.0.0/8'])).toBe('203.0.113.7');
		expect(clientAddressOf('::ffff:10.0.0.5', '203.0.113.7, 10.0.0.6', ['10.0.0.0/8'])).toBe('203.0.113.7');
		expect(clientAddressOf('', null, [])).toBe('unknown');
	});
});
