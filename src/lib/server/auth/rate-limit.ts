/**
 * In-process fixed-window counters. Limits are strict per account and generous per IP: a whole office or a
 * carrier NAT signs in from one address when a round opens, and must never be locked out together.
 * (Per process: with N app processes the per-IP ceiling is N times higher, which errs on the generous side.)
 */
export class RateLimiter {
	private readonly windows = new Map<string, { count: number; resetAt: number }>();
	private nextSweep = 0;

	constructor(
		readonly limit: number,
		readonly windowMs: number
	) {}

	/** Counts one hit; returns how many seconds to wait when the key is over its limit. */
	hit(key: string, now = Date.now()): { ok: true } | { ok: false; retryAfter: number } {
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

const MINUTE = 60_000;

export const limits = {
	// sign-in and sign-up limits are shared by every process through PostgreSQL: auth/sign-in-guard.ts
	/** quiz starts of one person (a start that resumes the attempt in progress counts too) */
	quizStartPerUser: new RateLimiter(20, MINUTE),
	/** answer saves of one person: a 30-question quiz with changes of mind stays far below */
	answerSavePerUser: new RateLimiter(300, MINUTE),
	/** essay drafts, submissions and uploads of one person */
	essayWritePerUser: new RateLimiter(30, MINUTE),
	/** public certificate checks from one address: an office checking its certificates, not a crawler */
	certificateVerifyPerIp: new RateLimiter(120, MINUTE)
};

export function resetAllRateLimits() {
	for (const limiter of Object.values(limits)) limiter.clear();
}
