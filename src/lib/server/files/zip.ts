/**
 * A zip reader and writer of our own (node:zlib only), so that every limit is enforced while inflating: the sizes a
 * zip declares can lie, so each entry is inflated with `maxOutputLength` set to its declared size, and the declared
 * total is bounded before anything is inflated. Every Office file the app reads passes through here (office.ts).
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
	name: string;
	data: Uint8Array;
}

export interface ZipLimits {
	/** Entries in the archive. */
	maxEntries: number;
	/** Total uncompressed bytes of all entries. */
	maxTotalUncompressed: number;
	/** Above `ratioFloor` uncompressed bytes, the total may be at most this many times the file's size. */
	maxRatio: number;
	ratioFloor: number;
	/** Folders where an entry may itself be a zip (Office keeps embedded objects there); never unpacked. */
	nestedZipsUnder: readonly string[];
}

/** `broken`: not a zip we read (damaged, encrypted, zip64, …); `bomb`: over a limit. */
export type ZipRefusal = 'broken' | 'bomb';

export type ZipRead = { ok: true; entries: ZipEntry[] } | { ok: false; code: ZipRefusal };

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4

export function isZip(bytes: Uint8Array): boolean {
	return bytes.length >= 4 && ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

interface Header {
	name: string;
	method: number;
	crc: number;
	csize: number;
	usize: number;
	local: number;
}

/** The central directory, read without inflating anything. */
function centralDirectory(
	buf: Buffer,
	maxEntries: number
): { ok: true; headers: Header[] } | { ok: false; code: ZipRefusal } {
	const broken = { ok: false, code: 'broken' } as const;
	// End of central directory: the last 22 bytes plus a comment of at most 65,535 bytes.
	let eocd = -1;
	for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
		if (buf.readUInt32LE(i) === 0x06054b50) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return broken;
	const disk = buf.readUInt16LE(eocd + 4);
	const cdDisk = buf.readUInt16LE(eocd + 6);
	const count = buf.readUInt16LE(eocd + 10);
	const cdSize = buf.readUInt32LE(eocd + 12);
	const cdOffset = buf.readUInt32LE(eocd + 16);
	if (disk !== 0 || cdDisk !== 0 || count === 0xffff || cdOffset === 0xffffffff) return broken;
	if (count > maxEntries) return { ok: false, code: 'bomb' };
	if (cdOffset + cdSize > eocd) return broken;

	const headers: Header[] = [];
	const names = new Set<string>();
	let p = cdOffset;
	for (let n = 0; n < count; n++) {
		if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) return broken;
		const flags = buf.readUInt16LE(p + 8);
		const method = buf.readUInt16LE(p + 10);
		const crc = buf.readUInt32LE(p + 16);
		const csize = buf.readUInt32LE(p + 20);
		const usize = buf.readUInt32LE(p + 24);
		const nameLen = buf.readUInt16LE(p + 28);
		const extraLen = buf.readUInt16LE(p + 30);
		const commentLen = buf.readUInt16LE(p + 32);
		const local = buf.readUInt32LE(p + 42);
		if (p + 46 + nameLen > eocd) return broken;
		const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
		if (flags & 1) return broken; // encrypted entry
		if (method !== 0 && method !== 8) return broken;
		if (csize === 0xffffffff || usize === 0xffffffff || local === 0xffffffff) return broken; // zip64
		if (names.has(name)) return broken;
		names.add(name);
		headers.push({ name, method, crc, csize, usize, local });
		p += 46 + nameLen + extraLen + commentLen;
	}
	return { ok: true, headers };
}

/** The entry names of a zip (its central directory), without inflating anything. */
export function zipNames(
	bytes: Uint8Array,
	maxEntries: number
): { ok: true; names: string[] } | { ok: false; code: ZipRefusal } {
	if (bytes.length < 22) return { ok: false, code: 'broken' };
	const cd = centralDirectory(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), maxEntries);
	return cd.ok ? { ok: true, names: cd.headers.map((h) => h.name) } : cd;
}

/**
 * Read every entry of a zip, inflating with hard limits. Returns the entries in their order, or a refusal.
 * Refuses: zip64 and multi-disk archives, encrypted entries, methods other than store/deflate, duplicate names,
 * too many entries, too many (declared or actual) uncompressed bytes, a ratio above the limit, CRC mismatches,
 * and nested zips outside `nestedZipsUnder`.
 */
export function readZip(bytes: Uint8Array, limits: ZipLimits): ZipRead {
	if (bytes.length < 22) return { ok: false, code: 'broken' };
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const broken = { ok: false, code: 'broken' } as const;
	const bomb = { ok: false, code: 'bomb' } as const;
	const cd = centralDirectory(buf, limits.maxEntries);
	if (!cd.ok) return cd;

	const declaredTotal = cd.headers.reduce((sum, h) => sum + h.usize, 0);
	if (declaredTotal > limits.maxTotalUncompressed) return bomb;
	if (declaredTotal > limits.ratioFloor && declaredTotal > limits.maxRatio * bytes.length) return bomb;

	const entries: ZipEntry[] = [];
	for (const h of cd.headers) {
		if (h.local + 30 > buf.length || buf.readUInt32LE(h.local) !== 0x04034b50) return broken;
		const start = h.local + 30 + buf.readUInt16LE(h.local + 26) + buf.readUInt16LE(h.local + 28);
		if (start + h.csize > buf.length) return broken;
		const raw = buf.subarray(start, start + h.csize);
		let data: Uint8Array;
		if (h.method === 0) {
			if (h.csize !== h.usize) return broken;
			data = raw;
		} else {
			try {
				// The declared size bounds the output: a lying header cannot make us allocate more.
				data = inflateRawSync(raw, { maxOutputLength: Math.max(1, h.usize) });
			} catch (e) {
				const code = (e as { code?: string }).code;
				return code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError ? bomb : broken;
			}
		}
		if (data.length !== h.usize) return data.length > h.usize ? bomb : broken;
		if (crc32(data) >>> 0 !== h.crc >>> 0) return broken;
		if (isZip(data) && !limits.nestedZipsUnder.some((folder) => h.name.startsWith(folder))) return bomb;
		entries.push({ name: h.name, data });
	}
	return { ok: true, entries };
}

/**
 * Write entries as a plain zip (no zip64). `compress: false` stores them: what a library reads right after us
 * costs no second inflation. Inputs come from `readZip`, so sizes fit 32 bits.
 */
export function writeZip(
	entries: ZipEntry[],
	{ compress = true }: { compress?: boolean } = {}
): Buffer<ArrayBuffer> {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name, 'utf8');
		const isDir = e.name.endsWith('/');
		const method = !compress || isDir || e.data.length === 0 ? 0 : 8;
		const body = method === 8 ? deflateRawSync(e.data) : Buffer.from(e.data);
		const crc = crc32(e.data) >>> 0;
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4); // version needed
		local.writeUInt16LE(0x0800, 6); // UTF-8 names
		local.writeUInt16LE(method, 8);
		local.writeUInt16LE(0, 10); // time
		local.writeUInt16LE(0x21, 12); // date 1980-01-01
		local.writeUInt32LE(crc, 14);
		local.writeUInt32LE(body.length, 18);
		local.writeUInt32LE(e.data.length, 22);
		local.writeUInt16LE(name.length, 26);
		local.writeUInt16LE(0, 28);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4); // version made by
		central.writeUInt16LE(20, 6);
		central.writeUInt16LE(0x0800, 8);
		central.writeUInt16LE(method, 10);
		central.writeUInt16LE(0, 12);
		central.writeUInt16LE(0x21, 14);
		central.writeUInt32LE(crc, 16);
		central.writeUInt32LE(body.length, 20);
		central.writeUInt32LE(e.data.length, 24);
		central.writeUInt16LE(name.length, 28);
		central.writeUInt32LE(isDir ? 0x10 : 0, 38); // external attributes
		central.writeUInt32LE(offset, 42);
		locals.push(local, name, body);
		centrals.push(central, name);
		offset += local.length + name.length + body.length;
	}
	const cd = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	const parts = [...locals, cd, end];
	// Buffer.alloc never shares a pooled ArrayBuffer: `.buffer` is this zip alone (exceljs takes an ArrayBuffer)
	const out = Buffer.alloc(parts.reduce((n, part) => n + part.length, 0));
	let at = 0;
	for (const part of parts) at += part.copy(out, at);
	return out;
}
