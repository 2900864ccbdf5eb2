// npm run seed:demo — seeds the Vietnamese demo organization into the configured database (DATABASE_URL or
// the embedded PGlite in DATA_DIR), after applying migrations. Does nothing if the demo is already there.
import { readConfig } from '../src/lib/server/config';
import { closeDatabase, connectDatabase } from '../src/lib/server/db';
import { demoLoginsText, seedDemo } from '../src/lib/server/seed/demo';

const config = readConfig();
const handle = await connectDatabase(config);
await handle.migrate(config.migrationsDir);
const seeded = await seedDemo(handle.db);
console.log(
	seeded ? 'Demo organization seeded. Demo logins:' : 'Demo organization already present. Demo logins:'
);
console.log(demoLoginsText());
await closeDatabase();
