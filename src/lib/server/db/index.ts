import { readConfig } from '../config';
import { type Db, type DbHandle, openPglite, openPostgres } from './client';
import { guardDriverFaults } from './driver-faults';

export type { Db } from './client';

let handle: DbHandle | undefined;
let readHandle: DbHandle | undefined;

/**
 * Opens the app's database once: PostgreSQL when DATABASE_URL is set, else embedded PGlite in DATA_DIR. With
 * DATABASE_READ_URL as well, a second, read-only pool to a streaming replica serves `readDb()`.
 */
export async function connectDatabase(config = readConfig()): Promise<DbHandle> {
	if (handle) return handle;
	if (!config.databaseUrl) {
		if (config.databaseReadUrl) console.warn('DATABASE_READ_URL is ignored without DATABASE_URL');
		handle = await openPglite({ dataDir: config.pgliteDir });
		return handle;
	}
	const primary = await openPostgres(config.databaseUrl, config.poolMax);
	if (config.databaseReadUrl) {
		try {
			readHandle = await openPostgres(config.databaseReadUrl, config.poolMax, { readOnly: true });
		} catch (err) {
			await primary.close();
			throw new Error(`read replica (DATABASE_READ_URL): ${(err as Error).message}`, { cause: err });
		}
	}
	handle = primary;
	// a driver fault (docs/RELIABILITY.md) replaces the pools it may have broken
	guardDriverFaults(() => {
		primary.replacePool?.();
		readHandle?.replacePool?.();
	});
	return handle;
}

/** The app's database (the primary). Routes call this; domain functions receive it as a parameter. */
export function db(): Db {
	if (!handle) throw new Error('Database not connected: connectDatabase() runs in the server init hook');
	return handle.db;
}

/**
 * The handle for the heavy reads that may lag the primary by the replica's delay: leaderboards and standings,
 * dashboards, exports, public results, certificate verification (docs/ARCHITECTURE.md "Read replica"). It is the
 * primary itself when DATABASE_READ_URL is unset and always on PGlite. Never for a read that must see the caller's
 * own write, never for a write (its connections are read-only).
 */
export function readDb(): Db {
	return readHandle ? readHandle.db : db();
}

/** Whether connectDatabase() has run (readiness probes ask before the init hook finished). */
export const connected = () => handle !== undefined;

export async function closeDatabase() {
	await Promise.all([handle?.close(), readHandle?.close()]);
	handle = undefined;
	readHandle = undefined;
}
