import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DbHandle, openPglite, rowsOf } from '../db/client';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { backup, fileChecksums, restore } from './backup';

// On PostgreSQL (PG_TEST_URL): pg_dump / pg_restore into a fresh database. On PGlite: the data folder.
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
let work: string;

beforeAll(async () => {
	work = await fs.mkdtemp(path.join(os.tmpdir(), 'cuocthi-backup-'));
});
afterAll(() => fs.rm(work, { recursive: true, force: true }));

/** Some people and some files, as a running site would have. */
async function seed(handle: DbHandle, filesDir: string) {
	const unit = await makeUnit(handle.db, 'BAK');
	for (let i = 0; i < 5; i++) await makeUser(handle.db, unit.id);
	await fs.mkdir(path.join(filesDir, 'ab'), { recursive: true });
	await fs.writeFile(path.join(filesDir, 'ab', 'cdef.docx'), Buffer.from('bài dự thi '.repeat(1000)));
	await fs.writeFile(path.join(filesDir, 'readme.pdf'), Buffer.from([0, 1, 2, 255]));
}

async function urlOf(handle: DbHandle) {
	const [{ name }] = rowsOf<{ name: string }>(
		await handle.db.execute(sql`select current_database() as name`)
	);
	const url = new URL(process.env.TEST_DATABASE_URL!);
	url.pathname = `/${name}`;
	return url.toString();
}

describe.runIf(onPostgres)('backup and restore on PostgreSQL', () => {
	it('restores into a fresh database with the same row counts and file checksums', async () => {
		const handle = await createTestDb();
		const fresh = `${(await urlOf(handle)).split('/').pop()}_restored`;
		const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
		try {
			const filesDir = path.join(work, 'pg-files');
			await seed(handle, filesDir);
			const out = path.join(work, 'pg-backup');
			const manifest = await backup({ databaseUrl: await urlOf(handle), pgliteDir: '', filesDir }, out);
			expect(manifest.rows['public.users']).toBe(5);
			expect(manifest.rows['drizzle.__drizzle_migrations']).toBeGreaterThan(10);
			expect(Object.keys(manifest.files)).toEqual(['ab/cdef.docx', 'readme.pdf']);
			expect(await fs.readdir(out)).toEqual(['database.dump', 'files', 'manifest.json']);

			await admin.unsafe(`create database ${fresh}`);
			const target = new URL(process.env.TEST_DATABASE_URL!);
			target.pathname = `/${fresh}`;
			const restoredFiles = path.join(work, 'pg-files-restored');
			const { problems } = await restore(out, {
				databaseUrl: target.toString(),
				pgliteDir: '',
				filesDir: restoredFiles
			});
			expect(problems).toEqual([]);
			expect(await fileChecksums(restoredFiles)).toEqual(await fileChecksums(filesDir));
			// a second restore onto the same database is refused, not merged
			await expect(
				restore(out, { databaseUrl: target.toString(), pgliteDir: '', filesDir: path.join(work, 'x') })
			).rejects.toThrow('not empty');
		} finally {
			await admin.unsafe(`drop database if exists ${fresh} with (force)`);
			await admin.end();
			await handle.close();
		}
	});
});

describe.runIf(!onPostgres)('backup and restore of the embedded database', () => {
	it('restores the data folder with the same row counts, and notices a damaged file', async () => {
		const pgliteDir = path.join(work, 'pglite');
		const dump = new Blob([await fs.readFile(inject('pgliteDump')!)]);
		const handle = await openPglite({ dataDir: pgliteDir, loadDataDir: dump });
		const filesDir = path.join(work, 'files');
		await seed(handle, filesDir);
		await handle.close();

		const out = path.join(work, 'backup');
		const manifest = await backup({ pgliteDir, filesDir }, out);
		expect(manifest.engine).toBe('pglite');
		expect(manifest.rows['public.users']).toBe(5);

		const restoredDir = path.join(work, 'restored', 'pglite');
		const restoredFiles = path.join(work, 'restored', 'files');
		expect((await restore(out, { pgliteDir: restoredDir, filesDir: restoredFiles })).problems).toEqual([]);
		const reopened = await openPglite({ dataDir: restoredDir });
		const [{ n }] = rowsOf<{ n: number }>(
			await reopened.db.execute(sql`select count(*)::int as n from users`)
		);
		await reopened.close();
		expect(n).toBe(5);

		await fs.writeFile(path.join(out, 'files', 'readme.pdf'), 'hỏng');
		const again = await restore(out, {
			pgliteDir: path.join(work, 'again', 'pglite'),
			filesDir: path.join(work, 'again', 'files')
		});
		expect(again.problems).toEqual(['readme.pdf: different content']);
	});
});
