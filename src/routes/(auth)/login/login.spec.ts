import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbHandle } from '$lib/server/db/client';
import { resetAllRateLimits } from '$lib/server/auth/rate-limit';
import { createTestDb } from '$lib/server/testing/db';
import { makeUnit, makeUser } from '$lib/server/testing/fixtures';

let handle: DbHandle;
vi.mock('$lib/server/db', () => ({ db: () => handle.db }));
const { actions } = await import('./+page.server');

beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

/** The sign-in action as SvelteKit calls it for a form post from one address. */
function signIn(login: string, password: string, address = '203.0.113.7') {
	const body = new FormData();
	body.set('login', login);
	body.set('password', password);
	const headers: Record<string, string> = {};
	const event = {
		request: new Request('http://localhost/login', { method: 'POST', body }),
		url: new URL('http://localhost/login'),
		locals: { user: null, session: null },
		cookies: { set: () => {}, get: () => undefined, delete: () => {} },
		getClientAddress: () => address,
		setHeaders: (h: Record<string, string>) => Object.assign(headers, h)
	};
	return (actions.default as (e: unknown) => Promise<unknown>)(event).then(
		(result) => ({ result, headers }),
		(thrown: unknown) => ({ result: thrown, headers })
	);
}

const statusOf = (r: unknown) => (r as { status?: number }).status;

describe('sign-in rate limit per account', () => {
	it('lets at most 8 of 20 parallel wrong guesses reach the password check; the rest get 429 in Vietnamese', async () => {
		resetAllRateLimits();
		const unit = await makeUnit(handle.db, 'LGN');
		const user = await makeUser(handle.db, unit.id);
		const replies = await Promise.all(
			Array.from({ length: 20 }, (_, i) => signIn(user.phone, `Sai-${i}-MatKhau`))
		);
		const statuses = replies.map((r) => statusOf(r.result));
		expect(statuses.filter((s) => s === 400)).toHaveLength(8);
		expect(statuses.filter((s) => s === 429)).toHaveLength(12);
		const limited = replies.find((r) => statusOf(r.result) === 429)!;
		expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
		expect(JSON.stringify(limited.result)).toContain('Bạn thao tác quá nhiều lần');
		// the right password is refused too while the account is limited: guessing cannot go on in parallel
		expect(statusOf((await signIn(user.phone, user.password)).result)).toBe(429);
	});

	it('a successful sign-in clears the count, and another account is not affected', async () => {
		resetAllRateLimits();
		const unit = await makeUnit(handle.db, 'LGO');
		const user = await makeUser(handle.db, unit.id);
		const other = await makeUser(handle.db, unit.id);
		for (let i = 0; i < 7; i++) expect(statusOf((await signIn(user.phone, 'SaiMatKhau1')).result)).toBe(400);
		// a redirect (303) is how a successful sign-in answers
		expect(statusOf((await signIn(user.phone, user.password)).result)).toBe(303);
		for (let i = 0; i < 7; i++) expect(statusOf((await signIn(user.phone, 'SaiMatKhau1')).result)).toBe(400);
		expect(statusOf((await signIn(other.phone, other.password)).result)).toBe(303);
	});
});
