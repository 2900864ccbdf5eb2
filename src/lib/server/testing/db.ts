import fs from 'node:fs/promises';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type DbHandle, openPglite, openPostgres } from '../db/client';

/**
 * A fresh, migrated, empty database for one test file: PGlite in-process by default, or (with TEST_DATABASE_URL)
 * a new PostgreSQL database copied from the migrated template, dropped on close.
 */
export async function createTestDb(): Promise<DbHandle> {
	const template = inject('pgTemplate');
	const base = process.env.TEST_DATABASE_URL;
	if (template && base) {
		const name = `${template.replace(/_template$/, '')}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
		const admin = postgres(base, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${name} template ${template}`);
		const url = new URL(base);
		url.pathname = `/${name}`;
		const handle = await openPostgres(url.toString(), 20);
		return {
			...handle,
			async close() {
				await handle.close();
				await admin.unsafe(`drop database if exists ${name} with (force)`);
				await admin.end();
			}
		};
	}
	const dump = inject('pgliteDump');
	if (!dump) throw new Error('global setup did not prepare a test database');
	return openPglite({ loadDataDir: new Blob([await fs.readFile(dump)]) });
}
