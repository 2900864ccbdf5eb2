// npm run restore -- FOLDER: restores a backup (npm run backup) into a fresh database (an empty DATABASE_URL, or a
// PGlite data folder that does not exist yet) and an empty FILES_DIR, then checks row counts and file checksums
// against the backup's manifest; exits 1 on any difference. docs/DEPLOYMENT.md "Backup and restore".
import path from 'node:path';
import { readConfig } from '../src/lib/server/config';
import { restore } from '../src/lib/server/ops/backup';

const from = process.argv[2];
if (!from) {
	console.error('usage: npm run restore -- BACKUP_FOLDER');
	process.exit(2);
}
const config = readConfig();
const { problems } = await restore(path.resolve(from), {
	databaseUrl: config.databaseUrl,
	pgliteDir: config.pgliteDir,
	filesDir: config.filesDir
});
if (problems.length > 0) {
	console.error(`Restored, but it differs from the backup:\n  ${problems.join('\n  ')}`);
	process.exit(1);
}
console.log('Restored; row counts and file checksums match the backup.');
