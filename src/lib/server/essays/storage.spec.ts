import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentAddress, storagePath } from './files';
import { readFile, saveFile } from './storage';

let root: string;
beforeAll(async () => {
	root = await fs.mkdtemp(path.join(os.tmpdir(), 'essay-storage-'));
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe('content-addressed storage', () => {
	it('stores bytes under their SHA-256 and reads them back', async () => {
		const bytes = new TextEncoder().encode('Bài dự thi');
		const sha = await saveFile(root, bytes);
		expect(sha).toBe(contentAddress(bytes));
		expect(await fs.readFile(storagePath(root, sha))).toEqual(Buffer.from(bytes));
		expect(await readFile(root, sha)).toEqual(bytes);
	});

	it('writes the same bytes twice without error and leaves no temporary file', async () => {
		const bytes = new TextEncoder().encode('hai lần');
		const results = await Promise.all([saveFile(root, bytes), saveFile(root, bytes), saveFile(root, bytes)]);
		expect(new Set(results).size).toBe(1);
		const folder = path.dirname(storagePath(root, results[0]));
		expect(await fs.readdir(folder)).toEqual([results[0]]);
	});

	it('answers null for a file it does not hold and refuses a name that is not a hash', async () => {
		expect(await readFile(root, 'a'.repeat(64))).toBeNull();
		await expect(readFile(root, '../../etc/passwd')).rejects.toThrow();
	});
});
