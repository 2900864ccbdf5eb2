// npm run backup [-- FOLDER]: the database (pg_dump with DATABASE_URL, else the PGlite data folder, server stopped)
// and the files folder into one new folder (default backups/<date-time>), with a manifest of row counts and
// checksums. docs/DEPLOYMENT.md "Backup and restore".
import path from 'node:path';
import { readConfig } from '../src/lib/server/config';
import { backup } from '../src/lib/server/ops/backup';

const config = readConfig();
const out = path.resolve(
	process.argv[2] ?? path.join('backups', new Date().toISOString().replace(/[:.]/g, '-'))
);
const manifest = await backup(
	{ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, filesDir: config.filesDir },
	out
);
const rows = Object.values(manifest.rows).reduce((a, b) => a + b, 0);
console.log(
	`Backup of ${manifest.engine} in ${out}: ${Object.keys(manifest.rows).length} tables, ${rows} rows, ${Object.keys(manifest.files).length} files`
);
