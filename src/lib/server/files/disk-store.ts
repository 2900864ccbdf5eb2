/**
 * Files in a local folder, named by their SHA-256 (essays/files.ts storagePath: `root/ab/cd/abcd…`), outside the
 * web root. A file is written under a temporary name in `root/.incoming` and renamed into place once complete,
 * so a reader never sees half a file, and writing the same bytes twice is harmless.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { storagePath } from '../essays/files';
import {
	assertSha256,
	ContentMismatch,
	type FileStore,
	hashing,
	type OpenedFile,
	type PutOptions,
	sha256Of,
	type StoredFile
} from './store';

export class DiskStore implements FileStore {
	readonly kind = 'disk';

	constructor(readonly root: string) {}

	async put(content: Uint8Array | AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<StoredFile> {
		if (content instanceof Uint8Array) {
			// the hash is known before writing: nothing to write when the file is already here
			const known = { sha256: sha256Of(content), size: content.length };
			if (options.expect && options.expect !== known.sha256)
				throw new ContentMismatch(options.expect, known.sha256);
			if (await this.has(known.sha256)) return known;
		}
		const incoming = path.join(this.root, '.incoming');
		await fs.mkdir(incoming, { recursive: true });
		const temp = path.join(incoming, `${process.pid}.${randomBytes(8).toString('hex')}.tmp`);
		try {
			const { pieces, done } = hashing(content);
			const out = await fs.open(temp, 'wx');
			try {
				for await (const piece of pieces) await out.write(piece);
				await out.sync();
			} finally {
				await out.close();
			}
			const stored = done();
			if (options.expect && options.expect !== stored.sha256)
				throw new ContentMismatch(options.expect, stored.sha256);
			const target = storagePath(this.root, stored.sha256);
			await fs.mkdir(path.dirname(target), { recursive: true });
			await fs.rename(temp, target);
			return stored;
		} finally {
			await fs.rm(temp, { force: true });
		}
	}

	async open(sha256: string): Promise<OpenedFile | null> {
		const file = storagePath(this.root, sha256);
		let handle;
		try {
			handle = await fs.open(file, 'r');
		} catch (err) {
			if ((err as { code?: string }).code === 'ENOENT') return null;
			throw err;
		}
		// reading from the open handle: the size and the bytes are of the same file
		const { size } = await handle.stat();
		const stream = Readable.toWeb(createReadStream(file, { fd: handle }));
		return { size, stream: stream as unknown as ReadableStream<Uint8Array> };
	}

	async has(sha256: string): Promise<boolean> {
		const file = storagePath(this.root, sha256);
		try {
			await fs.access(file);
			return true;
		} catch {
			return false;
		}
	}

	async delete(sha256: string): Promise<void> {
		assertSha256(sha256);
		await fs.rm(storagePath(this.root, sha256), { force: true });
	}
}
