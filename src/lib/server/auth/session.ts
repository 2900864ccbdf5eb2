import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { eq, lt } from 'drizzle-orm';
import type { Db } from '../db';
import { roleGrants, sessions, users } from '../db/schema';
import type { Role } from '../db/schema';

export const SESSION_COOKIE = 'session';
const DAY = 24 * 60 * 60 * 1000;

export interface SessionUser {
	id: number;
	fullName: string;
	unitId: number;
	mustChangePassword: boolean;
	/** global roles; every user is also a participant */
	roles: Role[];
	/** judges at least one contest (a contest-scoped grant): the navigation shows the judging pages */
	judges: boolean;
}

export interface ValidSession {
	id: string;
	userId: number;
	expiresAt: Date;
}

export function generateSessionToken(): string {
	return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

export function sessionIdOf(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Db, token: string, userId: number, days = 30): Promise<ValidSession> {
	const session = { id: sessionIdOf(token), userId, expiresAt: new Date(Date.now() + days * DAY) };
	await db.insert(sessions).values(session);
	return session;
}

/**
 * One query: the session with its (enabled) user and global roles. Sliding expiry: a session used in the
 * second half of its life is extended to a full period again.
 */
export async function validateSessionToken(
	db: Db,
	token: string,
	days = 30
): Promise<{ session: ValidSession; user: SessionUser } | { session: null; user: null }> {
	const id = sessionIdOf(token);
	const rows = await db
		.select({
			expiresAt: sessions.expiresAt,
			userId: users.id,
			fullName: users.fullName,
			unitId: users.unitId,
			mustChangePassword: users.mustChangePassword,
			disabledAt: users.disabledAt,
			role: roleGrants.role,
			grantContestId: roleGrants.contestId
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(roleGrants, eq(roleGrants.userId, users.id))
		.where(eq(sessions.id, id));
	if (rows.length === 0) return { session: null, user: null };
	const first = rows[0];
	if (first.disabledAt || Date.now() >= first.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return { session: null, user: null };
	}
	const session: ValidSession = { id, userId: first.userId, expiresAt: first.expiresAt };
	if (Date.now() >= session.expiresAt.getTime() - (days * DAY) / 2) {
		session.expiresAt = new Date(Date.now() + days * DAY);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
	}
	const roles = [...new Set(rows.filter((r) => r.grantContestId === null).map((r) => r.role))].filter(
		(r): r is Role => r !== null
	);
	const judges = rows.some((r) => r.role === 'judge');
	return {
		session,
		user: {
			id: first.userId,
			fullName: first.fullName,
			unitId: first.unitId,
			mustChangePassword: first.mustChangePassword,
			roles,
			judges
		}
	};
}

export async function invalidateSession(db: Db, sessionId: string) {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user: on disable and on password change (then a new one is made for the changer). */
export async function invalidateUserSessions(db: Db, userId: number) {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db) {
	await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

export function setSessionCookie(cookies: Cookies, token: string, expiresAt: Date, secure: boolean) {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure,
		expires: expiresAt,
		path: '/'
	});
}

export function deleteSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}
