import type { Cookies } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { knownDevices, users } from '../db/schema';
import { generateSessionToken, sessionIdOf } from './session';
import { type Check, clearKeys, refundAttempt, type Rule, takeAttempt, type Verdict } from './throttle';

const MINUTE = 60_000;

/**
 * The sign-in policy (docs/SECURITY.md). Its aim: guessing is slow, and nobody can use the limits to shut an account's
 * owner, or a whole office, out.
 * - per account AND address: 5 attempts in 15 minutes, then that address waits (strict, but only for that address);
 * - per account, from anywhere: 10 free attempts an hour, then a growing delay (2 s, 4 s, … at most 1 minute):
 *   never a lock, so the owner gets in at the latest a minute after an attacker's last guess;
 * - from a device that signed in to the account before (a cookie): neither of those, only 10 attempts in
 *   15 minutes for that device, so a guessing attack elsewhere does not hold the owner back at all;
 * - per address: 1,000 attempts in 10 minutes over all accounts, successes not counted (an office of hundreds
 *   signing in at a round's opening stays far below; devices known to their account pass regardless).
 * One counter per account whatever was typed (phone or email); unknown logins count under what was typed.
 */
export const SIGN_IN_RULES = {
	pair: { kind: 'window', limit: 5, windowMs: 15 * MINUTE },
	account: { kind: 'delay', free: 10, windowMs: 60 * MINUTE, baseMs: 2000, maxMs: MINUTE },
	device: { kind: 'window', limit: 10, windowMs: 15 * MINUTE },
	address: { kind: 'window', limit: 1000, windowMs: 10 * MINUTE }
} satisfies Record<string, Rule>;

/** Sign-ups: created accounts per address (cheap refused requests never count), and attempts per phone. */
export const SIGN_UP_RULES = {
	address: { kind: 'window', limit: 300, windowMs: 10 * MINUTE },
	phone: { kind: 'window', limit: 5, windowMs: 10 * MINUTE }
} satisfies Record<string, Rule>;

export const DEVICE_COOKIE = 'device';

export type SignInAttempt = {
	ok: true;
	keys: { pair?: string; device?: string; account?: string; address?: string };
};

/** The account a login names ('acct:42'), or the login itself when nobody has it. */
export async function accountKeyOf(db: Db, login: { phone: string } | { email: string } | { raw: string }) {
	if ('raw' in login) return `login:${login.raw.toLowerCase().slice(0, 100)}`;
	const where = 'phone' in login ? eq(users.phone, login.phone) : eq(users.email, login.email.toLowerCase());
	const [user] = await db.select({ id: users.id }).from(users).where(where);
	if (user) return `acct:${user.id}`;
	return `login:${('phone' in login ? login.phone : login.email.toLowerCase()).slice(0, 100)}`;
}

/** The user a device cookie was given to, or null. */
export async function deviceOwner(db: Db, token: string | undefined): Promise<number | null> {
	if (!token || token.length > 64) return null;
	const [row] = await db
		.select({ userId: knownDevices.userId })
		.from(knownDevices)
		.where(eq(knownDevices.tokenHash, sessionIdOf(token)));
	return row?.userId ?? null;
}

/** Counts the attempt before the password is checked (so parallel guesses cannot all pass), or refuses it. */
export async function beginSignIn(
	db: Db,
	input: { accountKey: string; address: string; deviceToken?: string; deviceUserId: number | null },
	now?: Date
): Promise<SignInAttempt | Extract<Verdict, { ok: false }>> {
	const { accountKey, address } = input;
	const knownDevice = input.deviceUserId !== null && accountKey === `acct:${input.deviceUserId}`;
	const keys: SignInAttempt['keys'] = knownDevice
		? { device: `dev:${sessionIdOf(input.deviceToken!)}` }
		: { pair: `pair:${accountKey}|${address}`, account: accountKey, address: `ip:${address}` };
	const checks: Check[] = [];
	if (keys.device) checks.push({ key: keys.device, rule: SIGN_IN_RULES.device });
	if (keys.pair) checks.push({ key: keys.pair, rule: SIGN_IN_RULES.pair });
	if (keys.account) checks.push({ key: keys.account, rule: SIGN_IN_RULES.account });
	if (keys.address) checks.push({ key: keys.address, rule: SIGN_IN_RULES.address });
	const verdict = await takeAttempt(db, checks, now);
	return verdict.ok ? { ok: true, keys } : verdict;
}

/**
 * After a successful sign-in: this address's and device's counts for the account are cleared, and the attempt is
 * taken back from the account and the address. The account's delay caused by others stays.
 */
export async function signInSucceeded(db: Db, attempt: SignInAttempt): Promise<void> {
	const { pair, device, account, address } = attempt.keys;
	await clearKeys(
		db,
		[pair, device].filter((k): k is string => !!k)
	);
	await refundAttempt(
		db,
		[account, address].filter((k): k is string => !!k)
	);
}

/** Remembers this browser as one that signed in to the account (a new token unless it already is one). */
export async function rememberDevice(
	db: Db,
	cookies: Cookies,
	userId: number,
	current: string | undefined,
	secure: boolean
) {
	let token = current;
	if (!token || (await deviceOwner(db, token)) !== userId) {
		token = generateSessionToken();
		await db
			.insert(knownDevices)
			.values({ tokenHash: sessionIdOf(token), userId })
			.onConflictDoNothing();
	} else {
		await db
			.update(knownDevices)
			.set({ lastUsedAt: new Date() })
			.where(eq(knownDevices.tokenHash, sessionIdOf(token)));
	}
	cookies.set(DEVICE_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure,
		maxAge: 365 * 24 * 3600
	});
}
