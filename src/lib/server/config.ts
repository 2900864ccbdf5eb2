import path from 'node:path';
import { parseTrustedProxies } from './http/address';

/**
 * Every setting the server reads, in one place (documented in README "Configuration").
 * Plain process.env so that scripts run with tsx (seed, migrate, bench) share it with the app.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
	const dataDir = path.resolve(env.DATA_DIR ?? '.data');
	const databaseUrl = env.DATABASE_URL || undefined;
	return {
		databaseUrl,
		/** a streaming replica for the heavy reads (docs/ARCHITECTURE.md "Read replica"); unset: the primary */
		databaseReadUrl: env.DATABASE_READ_URL || undefined,
		pgliteDir: path.join(dataDir, 'pglite'),
		/** uploaded essay files, stored by content outside the web root */
		filesDir: path.resolve(env.FILES_DIR ?? path.join(dataDir, 'files')),
		/** where essay files are kept: in the database with DATABASE_URL (shared by every machine), else in filesDir */
		fileStore: fileStoreKind(env.FILE_STORE, databaseUrl),
		/** where rate-limit counters live: `db` (default: shared by every process) or `memory` (one process only) */
		rateLimitStore: rateLimitStoreKind(env.RATE_LIMIT_STORE),
		migrationsDir: path.resolve(env.MIGRATIONS_DIR ?? 'drizzle'),
		poolMax: Number(env.DB_POOL_MAX ?? 10),
		seedDemo: (env.SEED_DEMO ?? 'auto') as 'auto' | 'off',
		sessionDays: Number(env.SESSION_DAYS ?? 30),
		/** how often abandoned attempts past deadline + grace are finished (the fault-injection suite runs it often) */
		quizSweepSeconds: Math.max(1, Number(env.QUIZ_SWEEP_SECONDS ?? 30) || 30),
		/** JOB_WORKER=off: this process enqueues background jobs but leaves them to the others (jobs/index.ts) */
		jobWorker: env.JOB_WORKER !== 'off',
		/** days a job's result file is kept before the sweep deletes it (jobs/retention.ts) */
		jobResultDays: positive(env.JOB_RESULT_DAYS, 7),
		/** minutes between two sweeps of old job results (one sweep per period across all processes) */
		jobSweepMinutes: positive(env.JOB_SWEEP_MINUTES, 60),
		/** proxies whose X-Forwarded-For is believed (addresses or IPv4 CIDRs, comma-separated); none: the peer's */
		trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES),
		/** the site's public address (adapter-node's ORIGIN): certificate QR codes point at it */
		origin: env.ORIGIN || undefined,
		/** printed before a certificate's date: "Hà Nội, ngày …"; none: "Ngày …" */
		certificatePlace: env.CERTIFICATE_PLACE || undefined
	};
}

function positive(value: string | undefined, fallback: number): number {
	const parsed = Number(value);
	return value && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

function fileStoreKind(value: string | undefined, databaseUrl: string | undefined): 'disk' | 'db' {
	if (!value) return databaseUrl ? 'db' : 'disk';
	if (value === 'disk' || value === 'db') return value;
	throw new Error(`FILE_STORE must be "disk" or "db", not "${value}"`);
}

function rateLimitStoreKind(value: string | undefined): 'db' | 'memory' {
	if (!value || value === 'db') return 'db';
	if (value === 'memory') return 'memory';
	throw new Error(`RATE_LIMIT_STORE must be "db" or "memory", not "${value}"`);
}

export type Config = ReturnType<typeof readConfig>;
