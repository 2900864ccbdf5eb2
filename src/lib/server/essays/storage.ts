/**
 * Essay files on disk, named by their SHA-256 (files.ts storagePath) under the configured folder, which lies
 * outside the web root. A file is written to a temporary name in its final folder and renamed into place, so a
 * reader never sees half a file, and writing the same bytes twice is harmless.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { contentAddress, storagePath } from './files';

/** Stores `bytes` under their content address; returns the SHA-256. Idempotent. */
export async function saveFile(root: string, bytes: Uint8Array): Promise<string> {
	const sha256 = contentAddress(bytes);
	const target = storagePath(root, sha256);
	if (await exists(target)) return sha256;
	await fs.mkdir(path.dirname(target), { recursive: true });
	const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		await fs.writeFile(temp, bytes, { flag: 'wx' });
		await fs.rename(temp, target);
	} catch (err) {
		await fs.rm(temp, { force: true });
		throw err;
	}
	return sha256;
}

/** The bytes stored under this SHA-256, or null when there is no such file. */
export async function readFile(root: string, sha256: string): Promise<Uint8Array | null> {
	try {
		return new Uint8Array(await fs.readFile(storagePath(root, sha256)));
	} catch (err) {
		if ((err as { code?: string }).code === 'ENOENT') return null;
		throw err;
	}
}

async function exists(file: string): Promise<boolean> {
	try {
		await fs.access(file);
		return true;
	} catch {
		return false;
	}
}
