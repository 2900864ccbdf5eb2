import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isNotNull, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, rowsOf } from '../db/client';
import { fileBlobs, fileChunks } from '../db/schema';
import { storagePath } from '../essays/files';
import { createTestDb } from '../testing/db';
import { DiskStore } from './disk-store';
import { PostgresStore } from './postgres-store';
import { ContentMismatch, type FileStore, readWhole, sha256Of } from './store';

let handle: DbHandle;
let dir: string;
beforeAll(async () => {
	handle = await createTestDb();
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'file-store-'));
});
afterAll(async () => {
	await handle?.close();
	await fs.rm(dir, { recursive: true, force: true });
});

/** What a driver holds: complete files, and anything half-written left behind. */
interface Driver {
	name: string;
	store: () => FileStore;
	complete: () => Promise<number>;
	leftovers: () => Promise<number>;
}

async function countFiles(folder: string): Promise<number> {
	const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
	return entries.filter((e) => e.isFile()).length;
}

const blobCount = async (where: ReturnType<typeof isNull>) =>
	(
		await handle.db
			.select({ n: sql<number>`count(*)::int` })
			.from(fileBlobs)
			.where(where)
	)[0].n;

const drivers: Driver[] = [
	{
		name: 'DiskStore',
		store: () => new DiskStore(path.join(dir, 'disk')),
		complete: async () =>
			(await countFiles(path.join(dir, 'disk'))) - (await countFiles(path.join(dir, 'disk', '.incoming'))),
		leftovers: () => countFiles(path.join(dir, 'disk', '.incoming'))
	},
	{
		name: 'PostgresStore',
		// small chunks, so that every test crosses chunk boundaries
		store: () => new PostgresStore(handle.db, 1000),
		complete: () => blobCount(isNotNull(fileBlobs.sha256)),
		leftovers: async () =>
			(await blobCount(isNull(fileBlobs.sha256))) +
			(
				await handle.db
					.select({ n: sql<number>`count(*)::int` })
					.from(fileChunks)
					.where(sql`${fileChunks.blobId} not in (select ${fileBlobs.id} from ${fileBlobs})`)
			)[0].n
	}
];

/** Deterministic bytes that differ for every label. */
function bytesOf(label: string, size: number): Uint8Array {
	const out = new Uint8Array(size);
	let x = [...label].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
	for (let i = 0; i < size; i++) {
		x = (x * 1_103_515_245 + 12_345) >>> 0;
		out[i] = x >>> 24;
	}
	return out;
}

/** `bytes` as a stream of uneven pieces, as a network upload or a file read would deliver them. */
async function* pieces(bytes: Uint8Array, sizes = [1, 700, 333, 2048]): AsyncGenerator<Uint8Array> {
	let offset = 0;
	for (let i = 0; offset < bytes.length; i++) {
		const size = sizes[i % sizes.length];
		yield bytes.slice(offset, offset + size);
		offset += size;
	}
}

describe.each(drivers)('$name', (driver) => {
	it('stores a stream under its SHA-256 and streams the same bytes back', async () => {
		const store = driver.store();
		const bytes = bytesOf(`${driver.name} stream`, 5_500);
		const stored = await store.put(pieces(bytes));
		expect(stored).toEqual({ sha256: sha256Of(bytes), size: 5_500 });
		expect(await store.has(stored.sha256)).toBe(true);
		const opened = await store.open(stored.sha256);
		expect(opened?.size).toBe(5_500);
		expect(new Uint8Array(await new Response(opened!.stream).arrayBuffer())).toEqual(bytes);
	});

	it('stores bytes given whole, and an empty file', async () => {
		const store = driver.store();
		const bytes = new TextEncoder().encode('Bài dự thi');
		expect((await store.put(bytes)).sha256).toBe(sha256Of(bytes));
		expect(await readWhole(store, sha256Of(bytes))).toEqual(bytes);
		const empty = await store.put(new Uint8Array(0));
		expect(empty.size).toBe(0);
		expect(await readWhole(store, empty.sha256)).toEqual(new Uint8Array(0));
	});

	it('stores the same bytes once, however many times and at once they are written', async () => {
		const store = driver.store();
		const bytes = bytesOf(`${driver.name} twice`, 3_000);
		const before = await driver.complete();
		const results = await Promise.all([
			store.put(pieces(bytes)),
			store.put(pieces(bytes, [1000])),
			store.put(bytes),
			store.put(pieces(bytes, [17]))
		]);
		expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha256Of(bytes)]));
		expect(await driver.complete()).toBe(before + 1);
		expect(await driver.leftovers()).toBe(0);
		expect(await readWhole(store, sha256Of(bytes))).toEqual(bytes);
	});

	it('never shows a file before its last byte is written, nor after the upload broke off', async () => {
		const store = driver.store();
		const bytes = bytesOf(`${driver.name} broken`, 4_000);
		const sha256 = sha256Of(bytes);
		let release: () => void = () => {};
		const paused = new Promise<void>((resolve) => (release = resolve));
		let reachedPause: () => void = () => {};
		const atPause = new Promise<void>((resolve) => (reachedPause = resolve));
		async function* breaksOff() {
			yield bytes.slice(0, 2_500);
			reachedPause();
			await paused;
			throw new Error('connection reset');
		}
		const put = store.put(breaksOff());
		await atPause;
		expect(await store.has(sha256)).toBe(false);
		expect(await store.open(sha256)).toBeNull();
		release();
		await expect(put).rejects.toThrow('connection reset');
		expect(await store.has(sha256)).toBe(false);
		expect(await driver.leftovers()).toBe(0);
	});

	it('refuses content whose hash is not the one expected, and keeps none of it', async () => {
		const store = driver.store();
		const bytes = bytesOf(`${driver.name} expected`, 2_100);
		const other = sha256Of(new TextEncoder().encode('something else'));
		await expect(store.put(pieces(bytes), { expect: other })).rejects.toBeInstanceOf(ContentMismatch);
		await expect(store.put(bytes, { expect: other })).rejects.toBeInstanceOf(ContentMismatch);
		expect(await store.has(sha256Of(bytes))).toBe(false);
		expect(await driver.leftovers()).toBe(0);
		expect((await store.put(pieces(bytes), { expect: sha256Of(bytes) })).size).toBe(2_100);
	});

	it('answers null for a file it does not hold and refuses a name that is not a hash', async () => {
		const store = driver.store();
		expect(await store.open('a'.repeat(64))).toBeNull();
		expect(await store.has('a'.repeat(64))).toBe(false);
		await expect(store.open('../../etc/passwd')).rejects.toThrow();
		await expect(store.has('../../etc/passwd')).rejects.toThrow();
	});
});

describe('DiskStore', () => {
	it('keeps files where earlier versions wrote them: root/ab/cd/<sha256>', async () => {
		const root = path.join(dir, 'layout');
		const bytes = new TextEncoder().encode('bố cục thư mục');
		const { sha256 } = await new DiskStore(root).put(bytes);
		expect(await fs.readFile(storagePath(root, sha256))).toEqual(Buffer.from(bytes));
	});
});

describe('PostgresStore', () => {
	it('stores a file in chunks of at most the chunk size', async () => {
		const { sha256 } = await new PostgresStore(handle.db, 1000).put(bytesOf('chunks', 2_500));
		const chunks = rowsOf<{ seq: number; bytes: number }>(
			await handle.db.execute(sql`
				select c.seq, octet_length(c.data) as bytes from file_chunks c join file_blobs b on b.id = c.blob_id
				where b.sha256 = ${sha256} order by c.seq`)
		);
		expect(chunks.map((c) => [c.seq, Number(c.bytes)])).toEqual([
			[0, 1000],
			[1, 1000],
			[2, 500]
		]);
	});

	it('a complete file cannot be changed in the database', async () => {
		const { sha256 } = await new PostgresStore(handle.db, 1000).put(bytesOf('frozen', 1_500));
		const [blob] = await handle.db
			.select({ id: fileBlobs.id })
			.from(fileBlobs)
			.where(sql`${fileBlobs.sha256} = ${sha256}`);
		await expect(
			handle.db.execute(sql`update file_chunks set data = '\\x00' where blob_id = ${blob.id} and seq = 0`)
		).rejects.toThrow();
		await expect(
			handle.db.execute(sql`insert into file_chunks (blob_id, seq, data) values (${blob.id}, 9, '\\x00')`)
		).rejects.toThrow();
		await expect(
			handle.db.execute(sql`update file_blobs set size = 1 where id = ${blob.id}`)
		).rejects.toThrow();
		expect(await readWhole(new PostgresStore(handle.db), sha256)).toEqual(bytesOf('frozen', 1_500));
	});
});
