import { readConfig } from '../config';
import { type Db, type DbHandle, openPglite, openPostgres } from './client';

export type { Db } from './client';

let handle: DbHandle | undefined;

/** Opens the app's database once: PostgreSQL when DATABASE_URL is set, else embedded PGlite in DATA_DIR. */
export async function connectDatabase(config = readConfig()): Promise<DbHandle> {
	if (handle) return handle;
	handle = config.databaseUrl
		? await openPostgres(config.databaseUrl, config.poolMax)
		: await openPglite({ dataDir: config.pgliteDir });
	return handle;
}

/** The app's database. Routes call this; domain functions receive it as a parameter. */
export function db(): Db {
	if (!handle) throw new Error('Database not connected: connectDatabase() runs in the server init hook');
	return handle.db;
}

/** Whether connectDatabase() has run (readiness probes ask before the init hook finished). */
export const connected = () => handle !== undefined;

export async function closeDatabase() {
	await handle?.close();
	handle = undefined;
}
