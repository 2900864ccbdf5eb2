import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { eq, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db';
import { contests, roleGrants, sessions, units, users } from '../db/schema';
import type { Role } from '../db/schema';
import type { LiveHub } from '../live/hub';
import { GLOBAL_SCOPE, type LedUnit, type OrganizerScope, scopeFromGrants } from './scope';
import { SessionCache } from './session-cache';

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
	/** what the person may organize: everything (global organizer, administrator), some contests and units, or nothing */
	organizer: OrganizerScope | null;
	/** the units whose subtrees the person leads (unit leader grants): the /lead pages */
	leads: LedUnit[];
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
	await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, userId));
	return session;
}

const grantUnit = alias(units, 'grant_unit');
const grantContest = alias(contests, 'grant_contest');
const grantEligible = alias(units, 'grant_eligible');

/**
 * One query: the session with its (enabled) user, global roles and organizer grants (with the paths they reach). Sliding expiry: a session used in the
 * second half of its life is extended to a full period again.
 */
export async function validateSessionToken(
	db: Db,
	token: string,
	days = 30
): Promise<{ session: ValidSession; user: SessionUser; extended?: true } | { session: null; user: null }> {
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
			grantContestId: roleGrants.contestId,
			grantUnitId: roleGrants.unitId,
			grantUnitPath: grantUnit.path,
			grantEligiblePath: grantEligible.path
		})
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.leftJoin(roleGrants, eq(roleGrants.userId, users.id))
		.leftJoin(grantUnit, eq(grantUnit.id, roleGrants.unitId))
		.leftJoin(grantContest, eq(grantContest.id, roleGrants.contestId))
		.leftJoin(grantEligible, eq(grantEligible.id, grantContest.eligibleUnitId))
		.where(eq(sessions.id, id));
	if (rows.length === 0) return { session: null, user: null };
	const first = rows[0];
	if (first.disabledAt || Date.now() >= first.expiresAt.getTime()) {
		await db.delete(sessions).where(eq(sessions.id, id));
		return { session: null, user: null };
	}
	const session: ValidSession = { id, userId: first.userId, expiresAt: first.expiresAt };
	let extended: true | undefined;
	if (Date.now() >= session.expiresAt.getTime() - (days * DAY) / 2) {
		session.expiresAt = new Date(Date.now() + days * DAY);
		await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
		extended = true;
	}
	const global = rows.filter((r) => r.grantContestId === null && r.grantUnitId === null);
	const roles = [...new Set(global.map((r) => r.role))].filter((r): r is Role => r !== null);
	const judges = rows.some((r) => r.role === 'judge');
	const organizer =
		roles.includes('organizer') || roles.includes('admin')
			? GLOBAL_SCOPE
			: scopeFromGrants(
					rows
						.filter((r) => r.role === 'organizer')
						.map((r) => ({
							contestId: r.grantContestId,
							unitPath: r.grantUnitPath,
							contestEligiblePath: r.grantEligiblePath
						}))
				);
	const leads = rows
		.filter((r) => r.role === 'leader' && r.grantUnitId !== null && r.grantUnitPath !== null)
		.map((r) => ({ unitId: r.grantUnitId as number, path: r.grantUnitPath as string }));
	return {
		session,
		extended,
		user: {
			id: first.userId,
			fullName: first.fullName,
			unitId: first.unitId,
			mustChangePassword: first.mustChangePassword,
			roles,
			judges,
			organizer,
			leads
		}
	};
}

const cache = new SessionCache();
let cacheOn = false;

/**
 * Lets `validateSessionCached` keep sessions for up to a minute, forgotten when the database announces their end
 * through this hub's LISTEN connection (every process's); off again when the hub closes.
 */
export function cacheSessionsThrough(hub: LiveHub) {
	const unwatch = hub.watch(cache);
	cacheOn = true;
	hub.onClose(() => {
		unwatch();
		cacheOn = false;
		cache.clear();
	});
}

/**
 * `validateSessionToken`, answered from this process's memory when the same session was validated within the last
 * minute (SESSION_CACHE_TTL_MS) and has not ended since (docs/PERFORMANCE.md). For answer saves: the cached user
 * is refreshed on disable and password rules only, not on a change of name, unit or roles.
 */
export async function validateSessionCached(db: Db, token: string, days = 30) {
	return validateThroughCache(cacheOn ? cache : null, db, token, days);
}

/** `validateSessionCached` with the given cache (none: the database every time); tests give each "process" one. */
export async function validateThroughCache(
	through: SessionCache | null,
	db: Db,
	token: string,
	days = 30
): Promise<{ session: ValidSession; user: SessionUser; extended?: true } | { session: null; user: null }> {
	if (!through) return validateSessionToken(db, token, days);
	const id = sessionIdOf(token);
	const hit = through.get(id, (expiresAt) => expiresAt.getTime() - (days * DAY) / 2);
	if (hit) return { session: hit.session, user: hit.user };
	const mark = through.mark();
	const result = await validateSessionToken(db, token, days);
	if (result.session) through.set(id, { session: result.session, user: result.user }, mark);
	return result;
}

export async function invalidateSession(db: Db, sessionId: string) {
	await db.delete(sessions).where(eq(sessions.id, sessionId));
	cache.endSession(sessionId); // this process at once; the others when the trigger's NOTIFY arrives
}

/** Ends every session of a user: on disable and on password change (then a new one is made for the changer). */
export async function invalidateUserSessions(db: Db, userId: number) {
	await db.delete(sessions).where(eq(sessions.userId, userId));
	cache.endUser(userId);
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
