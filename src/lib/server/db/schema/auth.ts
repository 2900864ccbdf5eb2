import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

/** Lucia-style sessions: the cookie holds a random token, the table only its SHA-256 (hex). */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)]
);

export type Session = typeof sessions.$inferSelect;

/**
 * Counters of the sign-in and sign-up limits, shared by every app process (src/lib/server/auth/throttle.ts). One row
 * per key ('acct:42', 'pair:42:203.0.113.7', 'ip:203.0.113.7', …); rows of expired windows are simply reset.
 */
export const authThrottle = pgTable(
	'auth_throttle',
	{
		key: text().primaryKey(),
		count: integer().notNull().default(0),
		windowStart: timestamp({ withTimezone: true }).notNull(),
		/** growing-delay rules: no attempt before this */
		nextAllowedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [index('auth_throttle_window_idx').on(t.windowStart)]
);

/**
 * Devices that signed in to an account successfully before (OWASP's "device cookie"): a sign-in from one of them is
 * not held back by the delays an attacker elsewhere causes. The cookie holds a random token; this only its SHA-256.
 */
export const knownDevices = pgTable(
	'known_devices',
	{
		tokenHash: text().primaryKey(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('known_devices_user_idx').on(t.userId)]
);

/**
 * Fixed-window counters of the hot-path limits (quiz starts, answer saves, essay writes, certificate checks), shared
 * by every app process (auth/rate-limit.ts). UNLOGGED (hand-written in the migration): no WAL per hit, and a crash
 * empties it, which only forgives the current minute's counts.
 */
export const rateCounters = pgTable('rate_counters', {
	/** `<limit name>:<who>` */
	key: text().primaryKey(),
	count: integer().notNull(),
	/** the end of the key's current window; an hourly sweep deletes rows past it (no index: hits stay HOT updates) */
	expiresAt: timestamp({ withTimezone: true }).notNull()
});
