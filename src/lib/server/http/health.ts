import type { Handle } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { type Db, rowsOf } from '../db/client';
import type { LiveHub } from '../live/hub';

/**
 * `/healthz`: the process is up and serving (no database call: a slow database must not get a healthy process
 * restarted). `/readyz`: this process can do useful work, so a balancer may send it traffic: the database answers,
 * every migration shipped with this build is applied, live updates' LISTEN works, and the process is not draining.
 */
export const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

export type ReadinessCheck = 'draining' | 'database' | 'migrations' | 'live';

export interface ReadinessSources {
	/** undefined before the database is connected */
	db: () => Db | undefined;
	migrationsDir: string;
	hub: () => LiveHub | undefined;
	draining: () => boolean;
	timeoutMs?: number;
}

const shipped = new Map<string, { count: number; lastHash: string }>();

/** The migrations this build ships (read once per folder: they do not change under a running process). */
function shippedMigrations(dir: string) {
	let known = shipped.get(dir);
	if (!known) {
		const files = readMigrationFiles({ migrationsFolder: dir });
		known = { count: files.length, lastHash: files.at(-1)?.hash ?? '' };
		shipped.set(dir, known);
	}
	return known;
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const late = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error('timeout')), ms);
	});
	return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Applied means: the database holds at least as many migrations as the build ships, and the build's last one among
 * them (a newer build may have migrated further during a rolling deploy; this process still works then).
 */
async function migrationsApplied(db: Db, dir: string, ms: number): Promise<'ok' | 'database' | 'migrations'> {
	let want;
	try {
		want = shippedMigrations(dir);
	} catch {
		return 'migrations';
	}
	try {
		const [row] = rowsOf<{ n: number; has: boolean }>(
			await within(
				ms,
				db.execute(
					sql`select count(*)::int as n, coalesce(bool_or(hash = ${want.lastHash}), false) as has
						from drizzle.__drizzle_migrations`
				)
			)
		);
		return row.n >= want.count && (want.count === 0 || row.has) ? 'ok' : 'migrations';
	} catch (err) {
		// no migrations table: the database answers but was never migrated
		return (err as { cause?: { code?: string }; code?: string }).cause?.code === '42P01' ||
			(err as { code?: string }).code === '42P01'
			? 'migrations'
			: 'database';
	}
}

export async function readiness(sources: ReadinessSources) {
	const ms = sources.timeoutMs ?? 2000;
	const failed: ReadinessCheck[] = [];
	if (sources.draining()) failed.push('draining');
	const db = sources.db();
	const data = db ? await migrationsApplied(db, sources.migrationsDir, ms) : 'database';
	if (data !== 'ok') failed.push(data);
	const hub = sources.hub();
	if (!hub || !(await hub.probe(ms))) failed.push('live');
	return { ready: failed.length === 0, failed };
}

const json = (status: number, body: unknown) =>
	new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});

/**
 * Answers the two probes before any other handle runs: no session lookup, no locale, no request log line (a
 * balancer probes every few seconds), no rate limit.
 */
export function healthHandle(sources: ReadinessSources): Handle {
	return async ({ event, resolve }) => {
		const path = event.url.pathname;
		if (!HEALTH_PATHS.has(path)) return resolve(event);
		if (event.request.method !== 'GET' && event.request.method !== 'HEAD')
			return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
		if (path === '/healthz') return json(200, { status: 'ok' });
		const { ready, failed } = await readiness(sources);
		return ready ? json(200, { status: 'ready' }) : json(503, { status: 'not ready', failed });
	};
}
