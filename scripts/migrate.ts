// npm run db:migrate — applies drizzle/ migrations to DATABASE_URL or the embedded PGlite in DATA_DIR.
import { readConfig } from '../src/lib/server/config';
import { closeDatabase, connectDatabase } from '../src/lib/server/db';

const config = readConfig();
const handle = await connectDatabase(config);
await handle.migrate(config.migrationsDir);
console.log(`Migrations from ${config.migrationsDir} applied (${handle.kind}).`);
await closeDatabase();
