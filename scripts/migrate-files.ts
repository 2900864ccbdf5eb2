// npm run files:migrate — copies every essay file the database refers to from FILES_DIR into the database (the
// store used with DATABASE_URL), checking each file's SHA-256. Safe to run again: files already there are skipped.
// Exits 1 when a referenced file is missing from the folder or damaged, so that the move is not taken as complete.
import { readConfig } from '../src/lib/server/config';
import { closeDatabase, connectDatabase } from '../src/lib/server/db';
import { DiskStore } from '../src/lib/server/files/disk-store';
import { copyFilesFromDisk } from '../src/lib/server/files/migrate-from-disk';
import { PostgresStore } from '../src/lib/server/files/postgres-store';

const config = readConfig();
const handle = await connectDatabase(config);
await handle.migrate(config.migrationsDir);
const target = config.databaseUrl ? new URL(config.databaseUrl).host : `PGlite in ${config.pgliteDir}`;
console.log(`Copying essay files from ${config.filesDir} into the database (${target})…`);
const report = await copyFilesFromDisk(
	handle.db,
	new DiskStore(config.filesDir),
	new PostgresStore(handle.db),
	(sha256, outcome) => {
		if (outcome === 'missing') console.error(`missing from the folder: ${sha256}`);
		if (outcome === 'damaged')
			console.error(`damaged (content does not match its name), not copied: ${sha256}`);
	}
);
console.log(
	`${report.referenced} files referenced: ${report.copied} copied, ${report.present} already in the database, ` +
		`${report.missing.length} missing, ${report.damaged.length} damaged.`
);
if (config.fileStore !== 'db')
	console.log('FILE_STORE is "disk": set it to "db" (or unset it) to serve these files.');
await closeDatabase();
process.exitCode = report.missing.length + report.damaged.length > 0 ? 1 : 0;
