import { type SQL, sql } from 'drizzle-orm';
import { readConfig } from '../config';
import { type Db, rowsOf } from '../db/client';

export type Hit = { ok: true } | { ok: false; retryAfter: number };

/**
 * In-process fixed-window counters: what the limits were before they were shared. Kept as the yardstick of
 * scripts/bench-rate-limit.ts (the cost of sharing) and for a limit that only protects this process.
 */
export class RateLimiter {
	private readonly windows = new Map<string, { count: number; resetAt: number }>();
	private nextSweep = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Counts one hit; returns how many seconds to wait when the key is over its limit. */
	hit(key: string, now = Date.now()): Hit {
		const entry = this.windows.get(key);
		if (!entry || entry.resetAt <= now) {
			// forget expired keys at most once a window, so a crowd of new keys costs no repeated full scans
			if (now >= this.nextSweep) {
				this.sweep(now);
				this.nextSweep = now + this.windowMs;
			}
			this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
			return { ok: true };
		}
		if (entry.count >= this.limit) return { ok: false, retryAfter: Math.ceil((entry.resetAt - now) / 1000) };
		entry.count++;
		return { ok: true };
	}

	reset(key: string) {
		this.windows.delete(key);
	}

	clear() {
		this.windows.clear();
	}

	private sweep(now: number) {
		for (const [key, entry] of this.windows) if (entry.resetAt <= now) this.windows.delete(key);
	}
}

/**
 * Fixed-window counters shared by every app process through PostgreSQL (the UNLOGGED table `rate_counters`): with N
 * processes an in-memory per-account limit would allow N times the guesses. One statement per hit, an atomic upsert
 * that starts a new window when the old one has ended and returns the count (docs/ARCHITECTURE.md: its cost).
 * Limits are strict per account and generous per address: a whole office or a carrier NAT shares one address.
 */
export class SharedRateLimiter {
	/** RATE_LIMIT_STORE=memory: this process's own counters (one process, or the benchmark's cost-of-sharing row) */
	private readonly local: RateLimiter | null;

	constructor(
		/** the counters' key prefix: one name per limit */
		readonly name: string,
		readonly limit: number,
		readonly windowMs: number,
		store: 'db' | 'memory' = 'db'
	) {
		this.local = store === 'memory' ? new RateLimiter(limit, windowMs) : null;
	}

	/** whether every process counts against the same limit (the counters are in the database) */
	get shared() {
		return this.local === null;
	}

	/** Counts one hit; returns how many seconds to wait when the key is over its limit. */
	async hit(db: Db, key: string): Promise<Hit> {
		if (this.local) return this.local.hit(key);
		const [row] = rowsOf<{ count: number; retry: number }>(await db.execute(this.upsert(key)));
		return this.verdict(row);
	}

	/**
	 * The statement that counts one hit of `key` and returns `count` and `retry`, for a statement that does its work
	 * in the same round trip (`with hit as (…)`: quiz/attempts.ts saveAnswer). Database store only.
	 */
	upsert(key: string): SQL {
		return sql`
			insert into rate_counters as c (key, count, expires_at)
			values (${`${this.name}:${key}`}, 1, now() + ${this.windowMs}::int * interval '1 millisecond')
			on conflict (key) do update set
				count = case when c.expires_at <= now() then 1 else c.count + 1 end,
				expires_at = case when c.expires_at <= now()
					then now() + ${this.windowMs}::int * interval '1 millisecond' else c.expires_at end
			returning count, ceil(extract(epoch from expires_at - now()))::int as retry`;
	}

	/** What the `count` and `retry` of `upsert` mean. */
	verdict(row: { count: number; retry: number }): Hit {
		if (row.count <= this.limit) return { ok: true };
		return { ok: false, retryAfter: Math.max(1, row.retry) };
	}
}

/** Rows of windows that have ended (an hourly sweep: a stale row is reset by its next hit anyway). */
export async function deleteExpiredRateCounters(db: Db) {
	await db.execute(sql`delete from rate_counters where expires_at < now()`);
}

const MINUTE = 60_000;
const store = readConfig().rateLimitStore;

/**
 * Every limit is shared through PostgreSQL (unless RATE_LIMIT_STORE=memory, README "Configuration"). Start admission (quiz/admission.ts) is not a limit: it protects this
 * process from a burst and stays in its memory.
 */
export const limits = {
	// sign-in and sign-up limits: PostgreSQL too, with their own rules (auth/sign-in-guard.ts, auth/throttle.ts)
	/** quiz starts of one person (a start that resumes the attempt in progress counts too) */
	quizStartPerUser: new SharedRateLimiter('start', 20, MINUTE, store),
	/** answer saves of one person: a 30-question quiz with changes of mind stays far below */
	answerSavePerUser: new SharedRateLimiter('save', 300, MINUTE, store),
	/** essay drafts, submissions and uploads of one person */
	essayWritePerUser: new SharedRateLimiter('essay', 30, MINUTE, store),
	/** public certificate checks from one address: an office checking its certificates, not a crawler */
	certificateVerifyPerIp: new SharedRateLimiter('verify', 120, MINUTE, store)
};
