/**
 * Files in the database (PostgreSQL or PGlite), so that every app machine serves every file. A file is a
 * `file_blobs` row and its bytes in `file_chunks` of 1 MB, written one chunk per statement and read one chunk per
 * query: memory holds a chunk or two, never the file, and no transaction stays open while a client uploads or
 * downloads slowly. The blob's hash is set only after its last chunk (a reader finds files by hash, so half a file
 * is never visible); a blob left pending by a crash is deleted by a later put. Why bytea chunks and not large
 * objects: docs/ARCHITECTURE.md.
 */
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { fileBlobs, fileChunks } from '../db/schema';
import {
	assertSha256,
	ContentMismatch,
	type FileStore,
	hashing,
	type OpenedFile,
	type PutOptions,
	rechunk,
	sha256Of,
	type StoredFile
} from './store';

export const CHUNK_BYTES = 1024 * 1024;
/** a pending blob this old was left by a process that died while writing it */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export class PostgresStore implements FileStore {
	readonly kind = 'db';

	constructor(
		private readonly db: Db,
		private readonly chunkBytes = CHUNK_BYTES
	) {}

	async put(content: Uint8Array | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<StoredFile> {
		if (content instanceof Uint8Array) {
			const known = { sha256: sha256Of(content), size: content.length };
			if (options.expect && options.expect !== known.sha256)
				throw new ContentMismatch(options.expect, known.sha256);
			if (await this.has(known.sha256)) return known;
		}
		await this.db
			.delete(fileBlobs)
			.where(
				and(isNull(fileBlobs.sha256), lt(fileBlobs.createdAt, new Date(Date.now() - ABANDONED_AFTER_MS)))
			);
		const [{ id }] = await this.db.insert(fileBlobs).values({}).returning({ id: fileBlobs.id });
		let completed = false;
		try {
			const { pieces, done } = hashing(content);
			let seq = 0;
			for await (const data of rechunk(pieces, this.chunkBytes)) {
				await this.db.insert(fileChunks).values({ blobId: id, seq: seq++, data });
			}
			const stored = done();
			if (options.expect && options.expect !== stored.sha256)
				throw new ContentMismatch(options.expect, stored.sha256);
			try {
				const written = sql`(select coalesce(sum(octet_length(${fileChunks.data})), 0) from ${fileChunks} where ${fileChunks.blobId} = ${id})`;
				const marked = await this.db
					.update(fileBlobs)
					.set({ sha256: stored.sha256, size: stored.size })
					.where(and(eq(fileBlobs.id, id), isNull(fileBlobs.sha256), sql`${written} = ${stored.size}`))
					.returning({ id: fileBlobs.id });
				if (marked.length !== 1) throw new Error('file store: the chunks written do not add up to the file');
				completed = true;
			} catch (err) {
				// the same bytes were stored meanwhile by another request: that copy is the file, ours goes
				if (!uniqueViolation(err)) throw err;
			}
			return stored;
		} finally {
			// best effort: if the database is gone too, the original error matters more, and the sweep above will
			// delete this pending row later
			if (!completed)
				await this.db
					.delete(fileBlobs)
					.where(and(eq(fileBlobs.id, id), isNull(fileBlobs.sha256)))
					.catch(() => {});
		}
	}

	async open(sha256: string): Promise<OpenedFile | null> {
		assertSha256(sha256);
		const [blob] = await this.db
			.select({ id: fileBlobs.id, size: fileBlobs.size })
			.from(fileBlobs)
			.where(eq(fileBlobs.sha256, sha256));
		if (!blob) return null;
		const db = this.db;
		let seq = 0;
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>(
			{
				async pull(controller) {
					if (sent >= blob.size) return controller.close();
					const [chunk] = await db
						.select({ data: fileChunks.data })
						.from(fileChunks)
						.where(and(eq(fileChunks.blobId, blob.id), eq(fileChunks.seq, seq)));
					if (!chunk) throw new Error(`file store: ${sha256} lacks chunk ${seq}`);
					seq += 1;
					sent += chunk.data.length;
					controller.enqueue(chunk.data);
					if (sent >= blob.size) controller.close();
				}
			},
			// fetch a chunk only when the consumer asks for one: a slow download holds one chunk, not the file
			{ highWaterMark: 0 }
		);
		return { size: blob.size, stream };
	}

	async has(sha256: string): Promise<boolean> {
		assertSha256(sha256);
		const rows = await this.db
			.select({ id: fileBlobs.id })
			.from(fileBlobs)
			.where(eq(fileBlobs.sha256, sha256));
		return rows.length > 0;
	}

	async delete(sha256: string): Promise<void> {
		assertSha256(sha256);
		// its chunks go with it (on delete cascade)
		await this.db.delete(fileBlobs).where(eq(fileBlobs.sha256, sha256));
	}
}
