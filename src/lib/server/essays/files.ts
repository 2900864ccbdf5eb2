/**
 * Essay entry files: what an uploaded file really is (by content, never by its name), how many words a .docx
 * holds, the anonymised copy a judge downloads, and where the file lives on disk (content-addressed).
 *
 * The zip reader and writer are our own (node:zlib only) so that every limit is enforced while inflating:
 * the sizes a zip declares can lie, so each entry is inflated with `maxOutputLength` set to its declared size
 * and the total is bounded before anything is inflated. PDF parsing and rewriting use pdf-lib.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import mammoth from 'mammoth';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFStream, EncryptedPDFError } from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';
import { pdfText } from './pdf-text';

/** Limits for a .docx (a Word essay is a few hundred KB; images push it to a few MB). */
export const DOCX_LIMITS = {
	/** Entries in the zip: a real .docx has 10–100 parts. */
	maxEntries: 1000,
	/** Total uncompressed bytes of all parts. */
	maxTotalUncompressed: 50 * 1024 * 1024,
	/** Above `ratioFloor` uncompressed bytes, the total may be at most this many times the file's size. */
	maxRatio: 100,
	ratioFloor: 5 * 1024 * 1024
} as const;

/** The value that replaces author names in the judge's copy. */
export const NEUTRAL_AUTHOR = 'Ẩn danh';

export type FileKind = 'docx' | 'pdf';

/**
 * Why a file is refused. Codes, not messages: the route maps each to a translated message (paraglide), and tests
 * and logs compare stable values.
 */
export type RejectCode =
	| 'empty'
	| 'too_large'
	/** An old Word .doc (OLE container); password-protected .docx files are OLE containers too. */
	| 'legacy_doc'
	| 'not_docx_or_pdf'
	| 'broken_docx'
	| 'zip_bomb'
	| 'broken_pdf'
	| 'encrypted_pdf';

export type InspectResult = { ok: true; kind: FileKind; sha256: string } | { ok: false; code: RejectCode };

// ---------------------------------------------------------------------------------------------------------------
// Content addressing

/** SHA-256 of the bytes, lower-case hex: the file's name in storage. */
export function contentAddress(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Where a file with this SHA-256 lives under `root` (the configured storage folder, which must lie outside the
 * web root): `root/ab/cd/abcd…`. Two levels keep folders small (65,536 buckets). Throws on anything but a
 * 64-hex-digit hash, so a caller can never build a path that escapes `root`.
 */
export function storagePath(root: string, sha256: string): string {
	if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('storagePath: not a sha256 hex digest');
	return path.join(path.resolve(root), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

// ---------------------------------------------------------------------------------------------------------------
// Inspection

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]; // PK\3\4
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[], at = 0): boolean {
	if (bytes.length < at + magic.length) return false;
	return magic.every((b, i) => bytes[at + i] === b);
}

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
	return Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength).indexOf(needle, from);
}

/**
 * Decide what an upload is from its bytes. Async because a PDF is parsed with pdf-lib to be sure the judge's copy
 * can be produced later. Order: size, then magic bytes, then the format's own checks.
 */
export async function inspectUpload(
	bytes: Uint8Array,
	{ maxBytes }: { maxBytes: number }
): Promise<InspectResult> {
	if (bytes.length === 0) return { ok: false, code: 'empty' };
	if (bytes.length > maxBytes) return { ok: false, code: 'too_large' };

	if (startsWith(bytes, PDF_MAGIC)) {
		const code = await checkPdf(bytes);
		return code ? { ok: false, code } : { ok: true, kind: 'pdf', sha256: contentAddress(bytes) };
	}
	if (startsWith(bytes, ZIP_MAGIC)) {
		const read = readDocx(bytes);
		return 'code' in read
			? { ok: false, code: read.code }
			: { ok: true, kind: 'docx', sha256: contentAddress(bytes) };
	}
	if (startsWith(bytes, OLE_MAGIC)) return { ok: false, code: 'legacy_doc' };
	return { ok: false, code: 'not_docx_or_pdf' };
}

async function checkPdf(bytes: Uint8Array): Promise<RejectCode | null> {
	// "%%EOF" must be near the end (trailing whitespace or a little garbage after it is common).
	const tail = bytes.subarray(Math.max(0, bytes.length - 1024));
	if (indexOfBytes(tail, Buffer.from('%%EOF')) < 0) return 'broken_pdf';
	// pdf-lib throws EncryptedPDFError only when asked not to ignore encryption; a trailer /Encrypt is the signal.
	if (/\/Encrypt[\s/<[]/.test(Buffer.from(bytes).toString('latin1'))) return 'encrypted_pdf';
	try {
		const doc = await PDFDocument.load(bytes, { updateMetadata: false });
		if (doc.isEncrypted) return 'encrypted_pdf';
		if (doc.getPageCount() < 1) return 'broken_pdf';
	} catch (e) {
		return e instanceof EncryptedPDFError ? 'encrypted_pdf' : 'broken_pdf';
	}
	return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Zip reading (bounded) and writing

interface ZipEntry {
	name: string;
	data: Uint8Array;
}

/**
 * Read every entry of a zip, inflating with hard limits. Returns the entries in their order, or a code.
 * Refuses: zip64 and multi-disk archives, encrypted entries, methods other than store/deflate, duplicate names,
 * too many entries, too many (declared or actual) uncompressed bytes, CRC mismatches, and nested zips outside
 * word/embeddings/ (Word stores embedded Excel charts there as .xlsx; we never unpack those).
 */
function readZip(bytes: Uint8Array): { entries: ZipEntry[] } | { code: RejectCode } {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const broken = { code: 'broken_docx' as const };
	const bomb = { code: 'zip_bomb' as const };

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
	if (count > DOCX_LIMITS.maxEntries) return bomb;
	if (cdOffset + cdSize > eocd) return broken;

	type Header = { name: string; method: number; crc: number; csize: number; usize: number; local: number };
	const headers: Header[] = [];
	const names = new Set<string>();
	let declaredTotal = 0;
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
		declaredTotal += usize;
		headers.push({ name, method, crc, csize, usize, local });
		p += 46 + nameLen + extraLen + commentLen;
	}
	if (declaredTotal > DOCX_LIMITS.maxTotalUncompressed) return bomb;
	if (declaredTotal > DOCX_LIMITS.ratioFloor && declaredTotal > DOCX_LIMITS.maxRatio * bytes.length)
		return bomb;

	const entries: ZipEntry[] = [];
	for (const h of headers) {
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
		if (startsWith(data, ZIP_MAGIC) && !h.name.startsWith('word/embeddings/')) return bomb;
		entries.push({ name: h.name, data });
	}
	return { entries };
}

/** A .docx: a readable zip with [Content_Types].xml and word/document.xml (non-empty). */
function readDocx(bytes: Uint8Array): { entries: ZipEntry[] } | { code: RejectCode } {
	const read = readZip(bytes);
	if ('code' in read) return read;
	const names = new Map(read.entries.map((e) => [e.name, e]));
	const types = names.get('[Content_Types].xml');
	const doc = names.get('word/document.xml');
	if (!types || !doc) return { code: 'not_docx_or_pdf' };
	if (doc.data.length === 0) return { code: 'broken_docx' };
	return read;
}

/** Write entries as a plain zip (deflate, no zip64). Inputs come from `readZip`, so sizes fit 32 bits. */
function writeZip(entries: ZipEntry[]): Uint8Array {
	const locals: Buffer[] = [];
	const centrals: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name, 'utf8');
		const isDir = e.name.endsWith('/');
		const method = isDir || e.data.length === 0 ? 0 : 8;
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
	return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

// ---------------------------------------------------------------------------------------------------------------
// Word count

/**
 * Words in a .docx's main text (mammoth's raw text of word/document.xml). A word is a run of non-space
 * characters holding at least one letter or digit: Vietnamese writes each syllable apart, and that is how
 * contest rules count ("1.000 chữ"); stray dashes and bullets are not words. Throws on a file `inspectUpload`
 * would refuse (the zip is read with the same limits before mammoth sees it).
 */
export async function docxWordCount(bytes: Uint8Array): Promise<number> {
	const read = readDocx(bytes);
	if ('code' in read) throw new Error(`docxWordCount: ${read.code}`);
	const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
	return countWords(value);
}

/**
 * Words in an uploaded file's text, counted as `countWords` does: a .docx through mammoth, a PDF through its
 * fonts' text (pdf-text.ts). Null when nothing countable can be read (a scanned PDF, glyphs without a map): the
 * word limits cannot be checked then, and entries.ts refuses such a file where the contest has limits.
 */
export async function fileWordCount(bytes: Uint8Array, kind: FileKind | string): Promise<number | null> {
	if (kind === 'docx') return docxWordCount(bytes);
	if (kind !== 'pdf') return null;
	let words: number;
	try {
		words = countWords(await pdfText(bytes));
	} catch {
		return null;
	}
	return words > 0 ? words : null;
}

export { pdfText };

/** Words in plain text, counted the same way as `docxWordCount`. */
export function countWords(text: string): number {
	return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

// ---------------------------------------------------------------------------------------------------------------
// Author metadata

function xmlEscape(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Replace the text of the elements with these local names (any namespace prefix). */
function replaceElements(xml: string, localNames: string[], value: string): string {
	const re = new RegExp(
		`<((?:[\\w.-]+:)?(?:${localNames.join('|')}))(\\s[^>]*)?(?:/>|>[\\s\\S]*?</\\1\\s*>)`,
		'g'
	);
	return xml.replace(re, (_m, tag: string, attrs: string | undefined) => {
		return `<${tag}${attrs ?? ''}>${xmlEscape(value)}</${tag}>`;
	});
}

/** Replace the values of attributes with these local names (any prefix): w:author, w15:userId, … */
function replaceAttributes(xml: string, localNames: string[], value: string): string {
	const re = new RegExp(`(\\s(?:[\\w.-]+:)?(?:${localNames.join('|')})\\s*=\\s*)("[^"]*"|'[^']*')`, 'g');
	return xml.replace(re, (_m, head: string) => `${head}"${xmlEscape(value)}"`);
}

function stripDocx(bytes: Uint8Array): Uint8Array {
	const read = readDocx(bytes);
	if ('code' in read) throw new Error(`stripAuthorMetadata: ${read.code}`);
	const entries = read.entries.map((e) => {
		const xml = () => Buffer.from(e.data).toString('utf8');
		let out: string | null = null;
		if (e.name === 'docProps/core.xml') {
			out = replaceElements(xml(), ['creator', 'lastModifiedBy'], NEUTRAL_AUTHOR);
		} else if (e.name === 'docProps/app.xml') {
			out = replaceElements(xml(), ['Company', 'Manager'], '');
		} else if (e.name === 'docProps/custom.xml') {
			// custom properties (a department's template often fills "Người soạn", "Đơn vị"): values emptied, names kept
			out = xml().replace(/>([^<]+)</g, '><');
		} else if (e.name.startsWith('word/') && e.name.endsWith('.xml')) {
			// Tracked changes (w:ins, w:del, w:moveFrom, w:rPrChange, …) and comments carry w:author and w:initials;
			// word/people.xml lists w15:person w15:author with a w15:userId (often the name or e-mail).
			out = replaceAttributes(xml(), ['author', 'initials', 'userId'], NEUTRAL_AUTHOR);
		} else if (e.name.endsWith('.rels')) {
			// An attached template is an external file: URL such as file:///C:\Users\NguyenVanA\…\Normal.dotm.
			out = xml().replace(/(\sTarget\s*=\s*)("file:[^"]*"|'file:[^']*')/gi, '$1"file:///Normal.dotm"');
		}
		return out === null ? e : { name: e.name, data: new Uint8Array(Buffer.from(out, 'utf8')) };
	});
	return writeZip(entries);
}

/**
 * PDF: the document information dictionary loses Author, Creator and Producer (Creator and Producer normally
 * name software, but "Microsoft Word – Nguyễn Văn A" or a licensee name happens, and judges need none of them;
 * Title, Subject and Keywords stay, they describe the work). The XMP metadata stream (which repeats dc:creator
 * and more) is removed from the catalog, the pages and the file; markup annotations (comments) lose their /T
 * author. pdf-lib rewrites the whole file but keeps every object it parsed, so the objects nothing points to any
 * more (an incrementally updated PDF's earlier Info dictionary and XMP stream, with the author's name) are dropped.
 */
async function stripPdf(bytes: Uint8Array): Promise<Uint8Array> {
	const doc = await PDFDocument.load(bytes, { updateMetadata: false });
	const { context, catalog } = doc;
	const infoRef = context.trailerInfo.Info;
	const info = infoRef ? context.lookup(infoRef) : undefined;
	if (info instanceof PDFDict) {
		for (const key of ['Author', 'Creator', 'Producer']) info.delete(PDFName.of(key));
	}
	const dropMetadata = (dict: PDFDict) => {
		const ref = dict.get(PDFName.of('Metadata'));
		if (ref instanceof PDFRef) context.delete(ref);
		dict.delete(PDFName.of('Metadata'));
	};
	dropMetadata(catalog);
	for (const page of doc.getPages()) {
		dropMetadata(page.node);
		// Comments and highlights (markup annotations) carry their author's name in /T; on form fields (widgets)
		// /T is the field's name, which the form needs.
		const annots = page.node.Annots();
		for (let i = 0; i < (annots?.size() ?? 0); i++) {
			const annot = annots?.lookup(i);
			if (annot instanceof PDFDict && annot.get(PDFName.of('Subtype')) !== PDFName.of('Widget')) {
				annot.delete(PDFName.of('T'));
			}
		}
	}
	dropUnreachable(context);
	return await doc.save({ updateFieldAppearances: false });
}

/** Deletes every indirect object that the trailer's Root and Info do not reach. */
function dropUnreachable(context: PDFContext) {
	const reached = new Set<string>();
	const pending: PDFObject[] = [context.trailerInfo.Root, context.trailerInfo.Info].filter(
		(o): o is PDFObject => o !== undefined
	);
	while (pending.length > 0) {
		const object = pending.pop()!;
		if (object instanceof PDFRef) {
			if (reached.has(object.tag)) continue;
			reached.add(object.tag);
			const target = context.lookup(object);
			if (target) pending.push(target);
		} else if (object instanceof PDFDict) {
			for (const [, value] of object.entries()) pending.push(value);
		} else if (object instanceof PDFArray) {
			pending.push(...object.asArray());
		} else if (object instanceof PDFStream) {
			pending.push(object.dict);
		}
	}
	for (const [ref] of context.enumerateIndirectObjects()) {
		if (!reached.has(ref.tag)) context.delete(ref);
	}
}

/**
 * The copy a judge downloads: author names removed from the metadata (see stripDocx/stripPdf for what is
 * touched). Names typed into the essay's own text are the author's business and the contest rules'. Call only
 * on bytes that passed `inspectUpload` with this kind; throws otherwise.
 */
export async function stripAuthorMetadata(bytes: Uint8Array, kind: FileKind): Promise<Uint8Array> {
	return kind === 'docx' ? stripDocx(bytes) : await stripPdf(bytes);
}
