import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { authThrottle } from '../db/schema';

/**
 * Limits whose counters live in PostgreSQL, so that every app process sees the same counts (with N processes an
 * in-memory limit would allow N times the guesses). Used where a request is rare and costly anyway (sign-in and
 * sign-up: argon2 dominates), so one short transaction per request costs nothing that matters.
 *
 * - `window`: at most `limit` attempts per key in a fixed window, then refused until the window ends;
 * - `delay`: the first `free` attempts in the window are free, then each waits twice as long as the previous one,
 *   up to `maxMs`: a growing delay, never a lock (an attacker slows an account down, never shuts its owner out).
 */
export type Rule =
	| { kind: 'window'; limit: number; windowMs: number }
	| { kind: 'delay'; free: number; windowMs: number; baseMs: number; maxMs: number };

export type Check = { key: string; rule: Rule };
export type Verdict = { ok: true } | { ok: false; retryAfter: number; key: string };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function delayAfter(rule: Extract<Rule, { kind: 'delay' }>, count: number): number {
	if (count < rule.free) return 0;
	return Math.min(rule.baseMs * 2 ** (count - rule.free), rule.maxMs);
}

/**
 * Counts one attempt against every key, or none: if any key refuses, nothing is counted. Rows are locked in key order,
 * so two requests sharing keys cannot deadlock.
 */
export async function takeAttempt(db: Db, checks: Check[], fixedNow?: Date): Promise<Verdict> {
	const ordered = [...checks].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	if (ordered.length === 0) return { ok: true };
	return db.transaction(async (tx) => {
		const early = fixedNow ?? new Date();
		await tx
			.insert(authThrottle)
			.values(ordered.map((c) => ({ key: c.key, count: 0, windowStart: early, nextAllowedAt: early })))
			.onConflictDoNothing();
		const rows = await tx
			.select()
			.from(authThrottle)
			.where(
				inArray(
					authThrottle.key,
					ordered.map((c) => c.key)
				)
			)
			.orderBy(authThrottle.key)
			.for('update');
		// the time after the locks: a request that waited for another must not judge by a moment before it
		const now = fixedNow ?? new Date();
		const byKey = new Map(rows.map((r) => [r.key, r]));
		const next: { key: string; count: number; windowStart: Date; nextAllowedAt: Date }[] = [];
		for (const { key, rule } of ordered) {
			const row = byKey.get(key)!;
			const expired = row.windowStart.getTime() + rule.windowMs <= now.getTime();
			const count = expired ? 0 : row.count;
			const windowStart = expired ? now : row.windowStart;
			if (rule.kind === 'window' && count >= rule.limit)
				return { ok: false, key, retryAfter: seconds(windowStart.getTime() + rule.windowMs - now.getTime()) };
			if (
				rule.kind === 'delay' &&
				!expired &&
				count >= rule.free &&
				row.nextAllowedAt.getTime() > now.getTime()
			)
				return { ok: false, key, retryAfter: seconds(row.nextAllowedAt.getTime() - now.getTime()) };
			const nextAllowedAt =
				rule.kind === 'delay' ? new Date(now.getTime() + delayAfter(rule, count + 1)) : now;
			next.push({ key, count: count + 1, windowStart, nextAllowedAt });
		}
		for (const row of next)
			await tx
				.update(authThrottle)
				.set({ count: row.count, windowStart: row.windowStart, nextAllowedAt: row.nextAllowedAt })
				.where(eq(authThrottle.key, row.key));
		return { ok: true };
	});
}

/** A `window` key's verdict without counting: a refusal, or null when an attempt would pass. */
export async function peekLimit(
	db: Db,
	key: string,
	rule: Extract<Rule, { kind: 'window' }>,
	now = new Date()
): Promise<Extract<Verdict, { ok: false }> | null> {
	const [row] = await db.select().from(authThrottle).where(eq(authThrottle.key, key));
	if (!row || row.windowStart.getTime() + rule.windowMs <= now.getTime() || row.count < rule.limit)
		return null;
	return { ok: false, key, retryAfter: seconds(row.windowStart.getTime() + rule.windowMs - now.getTime()) };
}

/** Takes back one counted attempt (a success that should not count against the key). */
export async function refundAttempt(db: Db, keys: string[]): Promise<void> {
	if (keys.length === 0) return;
	await db
		.update(authThrottle)
		.set({ count: sql`greatest(${authThrottle.count} - 1, 0)` })
		.where(inArray(authThrottle.key, keys));
}

/** Forgets keys altogether (a successful sign-in clears its account's counters). */
export async function clearKeys(db: Db, keys: string[]): Promise<void> {
	if (keys.length > 0) await db.delete(authThrottle).where(inArray(authThrottle.key, keys));
}

/** Counters whose window ended long ago: only keeps the table small. */
export async function deleteStaleThrottles(db: Db, olderThanMs = 24 * 3600_000, now = new Date()) {
	await db
		.delete(authThrottle)
		.where(
			and(
				lt(authThrottle.windowStart, new Date(now.getTime() - olderThanMs)),
				lt(authThrottle.nextAllowedAt, now)
			)
		);
}
