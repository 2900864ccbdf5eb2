import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { entryFiles } from '../db/schema';
import { storagePath } from '../essays/files';
import { createTestDb } from '../testing/db';
import { DiskStore } from './disk-store';
import { copyFilesFromDisk } from './migrate-from-disk';
import { PostgresStore } from './postgres-store';
import { readWhole, sha256Of } from './store';

let handle: DbHandle;
let root: string;
beforeAll(async () => {
	handle = await createTestDb();
	root = await fs.mkdtemp(path.join(os.tmpdir(), 'files-migrate-'));
});
afterAll(async () => {
	await handle?.close();
	await fs.rm(root, { recursive: true, force: true });
});

const text = (s: string) => new TextEncoder().encode(s);

describe('copying files from the folder into the database', () => {
	it('copies every referenced file once, checks each hash, and reports what it could not copy', async () => {
		const disk = new DiskStore(root);
		const original = text('Bài dự thi gốc, có tên tác giả'.repeat(100));
		const stripped = text('Bản không tên tác giả'.repeat(100));
		const lone = text('Bài thứ hai, bản gốc cũng là bản không tên');
		for (const bytes of [original, stripped, lone]) await disk.put(bytes);
		await disk.put(text('một tệp không bài nào dùng'));
		// referenced but gone from the folder, and one whose bytes were damaged on disk
		const gone = sha256Of(text('đã mất'));
		const damaged = sha256Of(text('nguyên vẹn'));
		await fs.mkdir(path.dirname(storagePath(root, damaged)), { recursive: true });
		await fs.writeFile(storagePath(root, damaged), text('hỏng'));
		await handle.db.insert(entryFiles).values([
			{
				sha256: sha256Of(original),
				kind: 'docx',
				sizeBytes: original.length,
				strippedSha256: sha256Of(stripped)
			},
			{ sha256: sha256Of(lone), kind: 'pdf', sizeBytes: lone.length, strippedSha256: sha256Of(lone) },
			{ sha256: gone, kind: 'pdf', sizeBytes: 7, strippedSha256: gone },
			{ sha256: damaged, kind: 'pdf', sizeBytes: 9, strippedSha256: damaged }
		]);

		const database = new PostgresStore(handle.db, 1000);
		const first = await copyFilesFromDisk(handle.db, disk, database);
		expect(first).toEqual({ referenced: 5, copied: 3, present: 0, missing: [gone], damaged: [damaged] });
		for (const bytes of [original, stripped, lone])
			expect(await readWhole(database, sha256Of(bytes))).toEqual(bytes);
		expect(await database.has(damaged)).toBe(false);
		expect(await database.has(sha256Of(text('một tệp không bài nào dùng')))).toBe(false);

		// run again after the damaged file was restored from a backup: only that one is copied
		await fs.writeFile(storagePath(root, damaged), text('nguyên vẹn'));
		const second = await copyFilesFromDisk(handle.db, disk, database);
		expect(second).toEqual({ referenced: 5, copied: 1, present: 3, missing: [gone], damaged: [] });
		expect(await readWhole(database, damaged)).toEqual(text('nguyên vẹn'));
	});
});
