// How much memory the database file store takes for a large file: writes a 50 MB file to disk, stores it with the
// PostgreSQL driver streamed from the disk file, then streams it back as a download would (hashing it), and prints
// the peak RSS and heap above the starting point of each half. Figures in docs/ARCHITECTURE.md.
//   DATABASE_URL=postgres://… npx tsx --expose-gc scripts/measure-file-store.ts [megabytes]
// Without DATABASE_URL it measures embedded PGlite (whose database lives in the same process, so its RSS counts).
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openPglite, openPostgres } from '../src/lib/server/db/client';
import { PostgresStore } from '../src/lib/server/files/postgres-store';
import { piecesOf } from '../src/lib/server/files/store';

const MB = 1024 * 1024;
const size = Number(process.argv[2] ?? 50) * MB;
const work = await fs.mkdtemp(path.join(os.tmpdir(), 'measure-file-store-'));
const source = path.join(work, 'essay.bin');

// random bytes (incompressible, like a .docx or PDF), written 1 MB at a time
const written = createHash('sha256');
const out = await fs.open(source, 'w');
for (let done = 0; done < size; done += MB) {
	const piece = randomBytes(Math.min(MB, size - done));
	written.update(piece);
	await out.write(piece);
}
await out.close();
const expected = written.digest('hex');

const url = process.env.DATABASE_URL;
const handle = url ? await openPostgres(url, 4) : await openPglite({ dataDir: path.join(work, 'pglite') });
await handle.migrate(path.resolve('drizzle'));
const chunkBytes = Number(process.env.CHUNK_KB ?? 1024) * 1024;
const store = new PostgresStore(handle.db, chunkBytes);

// With GC_EACH_MB=1 a full collection runs after every megabyte, so the peak shows what is really held (the live
// set) rather than garbage V8 has not collected yet.
const collectEachMb = process.env.GC_EACH_MB === '1' && globalThis.gc !== undefined;
async function* collecting(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
	let since = 0;
	for await (const piece of source) {
		yield piece;
		since += piece.length;
		if (collectEachMb && since >= MB) {
			globalThis.gc?.();
			since = 0;
		}
	}
}

async function measure<T>(label: string, run: () => Promise<T>): Promise<T> {
	globalThis.gc?.();
	const base = process.memoryUsage();
	let peakRss = 0;
	let peakHeap = 0;
	const sample = () => {
		const now = process.memoryUsage();
		peakRss = Math.max(peakRss, now.rss - base.rss);
		peakHeap = Math.max(peakHeap, now.heapUsed - base.heapUsed);
	};
	const timer = setInterval(sample, 5);
	const started = performance.now();
	const result = await run();
	sample();
	clearInterval(timer);
	const seconds = (performance.now() - started) / 1000;
	console.log(
		`${label.padEnd(8)} ${(size / MB).toFixed(0)} MB in ${seconds.toFixed(2)} s (${(size / MB / seconds).toFixed(0)} MB/s): ` +
			`peak RSS +${(peakRss / MB).toFixed(1)} MB, peak heap +${(peakHeap / MB).toFixed(1)} MB`
	);
	return result;
}

console.log(
	`${handle.kind}, chunks of ${chunkBytes / 1024} KB, node ${process.version}, ${collectEachMb ? 'a full GC after every MB' : 'default GC'}`
);
const stored = await measure('store', () =>
	store.put(collecting(createReadStream(source, { highWaterMark: 64 * 1024 })))
);
if (stored.sha256 !== expected) throw new Error('stored hash differs');
const readBack = await measure('stream', async () => {
	const opened = await store.open(expected);
	if (!opened) throw new Error('not found');
	const hash = createHash('sha256');
	// as adapter-node does with a Response body: read a piece, hand it to the socket, read the next
	for await (const piece of collecting(piecesOf(new Response(opened.stream).body!))) hash.update(piece);
	return hash.digest('hex');
});
if (readBack !== expected) throw new Error('streamed bytes differ');
console.log('hashes match');
await handle.close();
await fs.rm(work, { recursive: true, force: true });
