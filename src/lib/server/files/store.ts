/**
 * Where essay files live: one interface, two drivers. `DiskStore` keeps them in a local folder (the embedded
 * default); `PostgresStore` keeps them in the database, so that every app machine behind a balancer serves every
 * file. Both are content-addressed (a file is named by its SHA-256, and storing the same bytes twice stores them
 * once), neither ever shows half a file, and both take and give streams, so a 50 MB file is never whole in memory.
 */
import { createHash } from 'node:crypto';

export interface StoredFile {
	sha256: string;
	size: number;
}

export interface OpenedFile {
	size: number;
	/** the bytes, read only as fast as the consumer pulls them */
	stream: ReadableStream<Uint8Array>;
}

export interface PutOptions {
	/** the SHA-256 the content must have: on a mismatch nothing is stored and put throws ContentMismatch */
	expect?: string;
}

export interface FileStore {
	readonly kind: 'disk' | 'db';
	put(content: Uint8Array | AsyncIterable<Uint8Array>, options?: PutOptions): Promise<StoredFile>;
	/** the file with this SHA-256, or null when the store does not hold it; throws on a name that is not a hash */
	open(sha256: string): Promise<OpenedFile | null>;
	has(sha256: string): Promise<boolean>;
	/**
	 * Removes the file (nothing when it is not there). Only the job results' retention sweep calls it, for a file no
	 * row references any more (jobs/retention.ts): the store itself never knows who else holds the same bytes.
	 */
	delete(sha256: string): Promise<void>;
}

export class ContentMismatch extends Error {
	constructor(
		readonly expected: string,
		readonly actual: string
	) {
		super(`content hashes to ${actual}, not ${expected}`);
		this.name = 'ContentMismatch';
	}
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function assertSha256(sha256: string): void {
	if (!SHA256_HEX.test(sha256)) throw new Error('file store: not a sha256 hex digest');
}

export function sha256Of(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** The pieces of `content`, hashed as they pass: `done()` then gives the SHA-256 and size of all of them. */
export function hashing(content: Uint8Array | AsyncIterable<Uint8Array>) {
	const hash = createHash('sha256');
	let size = 0;
	async function* pieces(): AsyncGenerator<Uint8Array> {
		const source = content instanceof Uint8Array ? [content] : content;
		for await (const piece of source) {
			hash.update(piece);
			size += piece.length;
			yield piece;
		}
	}
	return { pieces: pieces(), done: (): StoredFile => ({ sha256: hash.digest('hex'), size }) };
}

/** Regroups a stream of pieces of any size into pieces of exactly `bytes` (the last one shorter), copying once. */
export async function* rechunk(source: AsyncIterable<Uint8Array>, bytes: number): AsyncGenerator<Uint8Array> {
	let buffer = new Uint8Array(bytes);
	let filled = 0;
	for await (const piece of source) {
		let offset = 0;
		while (offset < piece.length) {
			const take = Math.min(bytes - filled, piece.length - offset);
			buffer.set(piece.subarray(offset, offset + take), filled);
			filled += take;
			offset += take;
			if (filled === bytes) {
				yield buffer;
				buffer = new Uint8Array(bytes);
				filled = 0;
			}
		}
	}
	if (filled > 0) yield buffer.subarray(0, filled);
}

/** The whole file in memory: only for what needs all of it at once (counting a .docx's words), never a download. */
export async function readWhole(store: FileStore, sha256: string): Promise<Uint8Array | null> {
	const opened = await store.open(sha256);
	if (!opened) return null;
	const whole = new Uint8Array(opened.size);
	let offset = 0;
	for await (const piece of piecesOf(opened.stream)) {
		whole.set(piece, offset);
		offset += piece.length;
	}
	return whole;
}

/** A web stream as an async iterable (the DOM typings do not declare ReadableStream iterable); cancels it if left early. */
export async function* piecesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
	const reader = stream.getReader();
	let finished = false;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			yield value;
		}
		finished = true;
	} finally {
		if (!finished) await reader.cancel().catch(() => {});
		reader.releaseLock();
	}
}
