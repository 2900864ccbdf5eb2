import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../accounts';
import type { DbHandle } from '../db/client';
import { sessions } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { createSession, generateSessionToken, invalidateSession, validateSessionToken } from './session';

let handle: DbHandle;
let userId: number;
const DAY = 86_400_000;

beforeAll(async () => {
	handle = await createTestDb();
	const unit = await makeUnit(handle.db, 'SES');
	userId = (await makeUser(handle.db, unit.id)).id;
});
afterAll(() => handle.close());

describe('sessions', () => {
	it('stores only the hash of the token and finds the user with their roles', async () => {
		await grantRole(handle.db, userId, 'organizer', userId);
		const token = generateSessionToken();
		const session = await createSession(handle.db, token, userId);
		expect(session.id).not.toContain(token);
		expect(session.id).toMatch(/^[0-9a-f]{64}$/);
		const result = await validateSessionToken(handle.db, token);
		expect(result.user?.id).toBe(userId);
		expect(result.user?.roles).toEqual(['organizer']);
	});

	it('refuses an unknown token and an expired session (and deletes it)', async () => {
		expect((await validateSessionToken(handle.db, 'nope')).session).toBeNull();
		const token = generateSessionToken();
		const session = await createSession(handle.db, token, userId);
		await handle.db
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(sessions.id, session.id));
		expect((await validateSessionToken(handle.db, token)).session).toBeNull();
		expect(await handle.db.$count(sessions, eq(sessions.id, session.id))).toBe(0);
	});

	it('extends a session used in the second half of its life (sliding expiry)', async () => {
		const token = generateSessionToken();
		const session = await createSession(handle.db, token, userId, 30);
		const soon = new Date(Date.now() + 5 * DAY);
		await handle.db.update(sessions).set({ expiresAt: soon }).where(eq(sessions.id, session.id));
		const result = await validateSessionToken(handle.db, token, 30);
		expect(result.session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * DAY);
	});

	it('ends on sign-out', async () => {
		const token = generateSessionToken();
		const session = await createSession(handle.db, token, userId);
		await invalidateSession(handle.db, session.id);
		expect((await validateSessionToken(handle.db, token)).user).toBeNull();
	});
});
