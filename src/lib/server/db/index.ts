import { readConfig } from '../config';
import { type Db, type DbHandle, openPglite, openPostgres } from './client';
import { guardDriverFaults } from './driver-faults';

export type { Db } from './client';

let handle: DbHandle | undefined;

/** Opens the app's database once: PostgreSQL when DATABASE_URL is set, else embedded PGlite in DATA_DIR. */
export async function connectDatabase(config = readConfig()): Promise<DbHandle> {
	if (handle) return handle;
	handle = config.databaseUrl
		? await openPostgres(config.databaseUrl, config.poolMax)
		: await openPglite({ dataDir: config.pgliteDir });
	const opened = handle;
	if (opened.replacePool) guardDriverFaults(() => opened.replacePool?.());
	return handle;
}

/** The app's database. Routes call this; domain functions receive it as a parameter. */
export function db(): Db {
	if (!handle) throw new Error('Database not connected: connectDatabase() runs in the server init hook');
	return handle.db;
}

export async function closeDatabase() {
	await handle?.close();
	handle = undefined;
}
