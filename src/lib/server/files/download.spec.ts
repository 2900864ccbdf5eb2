import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../config';
import type { DbHandle } from '../db/client';
import { createTestDb } from '../testing/db';
import { downloadResponse } from './download';
import { PostgresStore } from './postgres-store';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle?.close());

describe('downloads', () => {
	it('sends a file of many chunks whole, with its length and type, as the client reads it', async () => {
		const store = new PostgresStore(handle.db, 1000);
		const bytes = new Uint8Array(4_321).map((_, i) => (i * 7) % 256);
		const { sha256 } = await store.put(bytes);
		const response = downloadResponse((await store.open(sha256))!, 'pdf', 'attachment; filename="MH-1.pdf"');
		expect(response.headers.get('content-length')).toBe('4321');
		expect(response.headers.get('content-type')).toBe('application/pdf');
		expect(response.headers.get('cache-control')).toBe('private, no-store');
		expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
	});
});

describe('which store the server uses', () => {
	it('the database with DATABASE_URL, the folder without, and FILE_STORE decides when set', () => {
		const url = 'postgres://app@db/cuocthi';
		expect(readConfig({ DATABASE_URL: url }).fileStore).toBe('db');
		expect(readConfig({}).fileStore).toBe('disk');
		expect(readConfig({ DATABASE_URL: url, FILE_STORE: 'disk' }).fileStore).toBe('disk');
		expect(readConfig({ FILE_STORE: 'db' }).fileStore).toBe('db');
		expect(() => readConfig({ FILE_STORE: 'postgres' })).toThrow(/FILE_STORE/);
	});
});
