import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePassword, setUserDisabled } from '../accounts';
import { type DbHandle, rowsOf } from '../db/client';
import { users } from '../db/schema';
import { LiveHub, pgliteTransport, postgresTransport } from '../live/hub';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { createSession, generateSessionToken, invalidateSession, validateThroughCache } from './session';
import { SessionCache, SESSION_CACHE_TTL_MS } from './session-cache';

// Two app processes, each with its own LISTEN connection (on PGlite: its own listener in the one process) and its
// own session cache, as two servers build them; process A ends sessions, process B must stop believing them.
let handle: DbHandle;
let unitId: number;
let hubA: LiveHub;
let hubB: LiveHub;
const cacheA = new SessionCache();
const cacheB = new SessionCache();

let databaseUrl = '';
const transport = () =>
	handle.kind === 'postgres' ? postgresTransport(databaseUrl) : pgliteTransport(handle.pglite!);

beforeAll(async () => {
	handle = await createTestDb();
	unitId = (await makeUnit(handle.db, 'SCACHE')).id;
	if (handle.kind === 'postgres') {
		const [{ name }] = rowsOf<{ name: string }>(
			await handle.db.execute(sql`select current_database() as name`)
		);
		const url = new URL(process.env.TEST_DATABASE_URL!);
		url.pathname = `/${name}`;
		databaseUrl = url.toString();
	}
	hubA = new LiveHub(transport());
	hubB = new LiveHub(transport());
	await Promise.all([hubA.start(), hubB.start()]);
	hubA.watch(cacheA);
	hubB.watch(cacheB);
});
afterAll(async () => {
	await Promise.all([hubA.close(), hubB.close()]);
	await handle.close();
});

/** A signed-in person whose session process B has validated (and so keeps). */
async function signedInOnB() {
	const user = await makeUser(handle.db, unitId);
	const token = generateSessionToken();
	const session = await createSession(handle.db, token, user.id);
	expect((await validateThroughCache(cacheB, handle.db, token)).user?.id).toBe(user.id);
	return { user, token, session };
}

/** How long until process B refuses the token (polling its cache as its saves would), or null after `limitMs`. */
async function refusedOnBWithin(token: string, limitMs: number) {
	const from = Date.now();
	while (Date.now() - from < limitMs) {
		if ((await validateThroughCache(cacheB, handle.db, token)).session === null) return Date.now() - from;
		await new Promise((r) => setTimeout(r, 5));
	}
	return null;
}

describe('validated sessions kept up to a minute by each process', () => {
	it('answers a session again from memory, without the database', async () => {
		const { token, session } = await signedInOnB();
		// the row gone without any announcement (triggers off, as a broken channel would be): B still believes it
		await handle.db.transaction(async (tx) => {
			await tx.execute(sql`alter table sessions disable trigger sessions_ended_notify`);
			await tx.execute(sql`delete from sessions where id = ${session.id}`);
			await tx.execute(sql`alter table sessions enable trigger sessions_ended_notify`);
		});
		expect((await validateThroughCache(cacheB, handle.db, token)).session?.id).toBe(session.id);
		// never longer than the TTL
		expect(cacheB.get(session.id, () => Infinity, Date.now() + SESSION_CACHE_TTL_MS)).toBeUndefined();
	});

	it('refuses a session signed out on another process as soon as the database announces it', async () => {
		const { token, session } = await signedInOnB();
		await invalidateSession(handle.db, session.id); // through process A
		const after = await refusedOnBWithin(token, 1000);
		expect(after).not.toBeNull();
		expect(after!).toBeLessThan(1000);
	});

	it('refuses a disabled person, and everyone whose password was changed elsewhere, on the other process', async () => {
		const disabled = await signedInOnB();
		await setUserDisabled(handle.db, disabled.user.id, true);
		expect(await refusedOnBWithin(disabled.token, 1000)).not.toBeNull();

		const changed = await signedInOnB();
		expect(
			(await changePassword(handle.db, changed.user.id, changed.user.password, 'MatKhauMoi2026')).ok
		).toBe(true);
		expect(await refusedOnBWithin(changed.token, 1000)).not.toBeNull();
	});

	it('sees a password change required by an organizer (the person is sent to change it)', async () => {
		const { user, token } = await signedInOnB();
		await handle.db.update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id));
		const from = Date.now();
		let must = false;
		while (!must && Date.now() - from < 1000) {
			must = (await validateThroughCache(cacheB, handle.db, token)).user?.mustChangePassword === true;
			if (!must) await new Promise((r) => setTimeout(r, 5));
		}
		expect(must).toBe(true);
	});

	it('does not keep an answer read before a sign-out arrived', () => {
		const cache = new SessionCache();
		const value = {
			session: { id: 'x', userId: 1, expiresAt: new Date(Date.now() + 86_400_000) },
			user: {
				id: 1,
				fullName: 'A',
				unitId: 1,
				mustChangePassword: false,
				roles: [],
				judges: false,
				organizer: null,
				leads: []
			}
		};
		const mark = cache.mark();
		cache.received('session:x'); // the sign-out's announcement overtook the lookup
		cache.set('x', value, mark);
		expect(cache.get('x', () => Infinity)).toBeUndefined();
		cache.set('x', value, cache.mark());
		expect(cache.get('x', () => Infinity)).toBeDefined();
		cache.received('user:1');
		expect(cache.get('x', () => Infinity)).toBeUndefined();
	});
});
