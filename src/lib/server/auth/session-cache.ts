import type { SessionUser, ValidSession } from './session';

/**
 * How long a validated session is believed without asking the database again (answer saves only). A participant
 * saves once per question, every 10–60 s: a shorter TTL would almost never be hit. Its only bound that matters is a
 * LISTEN outage (below); otherwise an ended session is forgotten within milliseconds.
 */
export const SESSION_CACHE_TTL_MS = 60_000;

interface Entry {
	session: ValidSession;
	user: SessionUser;
	until: number;
}

/**
 * Validated sessions of this process, kept up to a minute so that an answer save costs one statement fewer. A session
 * that ends (sign-out, password change, disable: the database announces it at commit, migration 0020) is forgotten
 * when the announcement arrives through the LISTEN connection, within milliseconds; if that connection dropped, the
 * whole cache is forgotten when it is back, so the bound is then the TTL. Without a LISTEN connection nothing is
 * cached.
 */
export class SessionCache {
	private readonly entries = new Map<string, Entry>();
	/** counts invalidations: an answer read from the database before one arrived is not cached after it */
	private epoch = 0;
	private nextSweep = 0;

	constructor(
		readonly ttlMs = SESSION_CACHE_TTL_MS,
		readonly maxEntries = 100_000
	) {}

	/** The cached session, unless it expired, is due for its sliding extension, or is older than the TTL. */
	get(id: string, refreshFrom: (expiresAt: Date) => number, now = Date.now()) {
		const entry = this.entries.get(id);
		if (!entry) return undefined;
		if (now >= entry.until || now >= refreshFrom(entry.session.expiresAt)) {
			this.entries.delete(id);
			return undefined;
		}
		return entry;
	}

	/** Taken before the database lookup, handed to `set` after it. */
	mark() {
		return this.epoch;
	}

	set(id: string, value: { session: ValidSession; user: SessionUser }, mark: number, now = Date.now()) {
		if (mark !== this.epoch) return;
		if (now >= this.nextSweep || this.entries.size >= this.maxEntries) {
			for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
			this.nextSweep = now + this.ttlMs;
			if (this.entries.size >= this.maxEntries) return;
		}
		this.entries.set(id, { ...value, until: now + this.ttlMs });
	}

	endSession(id: string) {
		this.epoch++;
		this.entries.delete(id);
	}

	endUser(userId: number) {
		this.epoch++;
		for (const [key, entry] of this.entries) if (entry.user.id === userId) this.entries.delete(key);
	}

	clear() {
		this.epoch++;
		this.entries.clear();
	}

	/** A payload of the live channel: `session:<id>`, `user:<id>`; anything else is not about sessions. */
	received(payload: string) {
		if (payload.startsWith('session:')) this.endSession(payload.slice(8));
		else if (payload.startsWith('user:')) this.endUser(Number(payload.slice(5)));
	}

	get size() {
		return this.entries.size;
	}
}
