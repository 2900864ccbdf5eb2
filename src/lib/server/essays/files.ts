/**
 * Essay entry files: what an uploaded file really is (by content, never by its name), how many words a .docx
 * holds, the clean copy a judge downloads, and where the file lives on disk (content-addressed).
 *
 * A .docx is opened only through files/office.ts (limits checked while inflating, XML checked before a parser
 * sees it). PDF parsing and rewriting use pdf-lib.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import mammoth from 'mammoth';
import { PDFDocument, EncryptedPDFError } from 'pdf-lib';
import { OFFICE_LIMITS, openOffice, repack, type OfficeFile, type OfficeRefusal } from '../files/office';
import { cleanDocx } from './docx-clean';
import { cleanPdf } from './pdf-clean';
import { pdfText } from './pdf-text';

/** Limits for an essay .docx (a Word essay is a few hundred KB; images push it to a few MB). */
export const DOCX_LIMITS = OFFICE_LIMITS.essayDocx;

export { NEUTRAL_AUTHOR, NEUTRAL_TITLE } from './neutral';

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
	/** A DOCTYPE in an XML part: entity expansion or external entities, never written by Word. */
	| 'unsafe_docx'
	/** An XML part that no parser would read. */
	| 'malformed_docx'
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
		const opened = openDocx(bytes);
		return opened.ok
			? { ok: true, kind: 'docx', sha256: contentAddress(bytes) }
			: { ok: false, code: opened.code };
	}
	if (startsWith(bytes, OLE_MAGIC)) return { ok: false, code: 'legacy_doc' };
	return { ok: false, code: 'not_docx_or_pdf' };
}

/** The PDF checks every upload passes (also kinds/other-files.ts): an end marker, not encrypted, pages. */
export async function checkPdf(bytes: Uint8Array): Promise<RejectCode | null> {
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
// .docx

/** Opens an essay .docx with the essay limits (files/office.ts) and checks it holds a Word document. */
function openDocx(bytes: Uint8Array): { ok: true; file: OfficeFile } | { ok: false; code: RejectCode } {
	const opened = openOffice(bytes, OFFICE_LIMITS.essayDocx);
	if (!opened.ok) return { ok: false, code: OFFICE_REJECTS[opened.code] };
	const doc = opened.file.part('word/document.xml');
	if (!opened.file.part('[Content_Types].xml') || !doc) return { ok: false, code: 'not_docx_or_pdf' };
	if (doc.length === 0) return { ok: false, code: 'broken_docx' };
	return opened;
}

const OFFICE_REJECTS: Record<OfficeRefusal, RejectCode> = {
	broken: 'broken_docx',
	bomb: 'zip_bomb',
	xml_doctype: 'unsafe_docx',
	xml_malformed: 'malformed_docx'
};

// ---------------------------------------------------------------------------------------------------------------
// Word count

/**
 * Words in a .docx's main text (mammoth's raw text of word/document.xml). A word is a run of non-space
 * characters holding at least one letter or digit: Vietnamese writes each syllable apart, and that is how
 * contest rules count ("1.000 chữ"); stray dashes and bullets are not words. Throws on a file `inspectUpload`
 * would refuse (the zip is read with the same limits before mammoth sees it).
 */
export async function docxWordCount(bytes: Uint8Array): Promise<number> {
	const opened = openDocx(bytes);
	if (!opened.ok) throw new Error(`docxWordCount: ${opened.code}`);
	const { value } = await mammoth.extractRawText({ buffer: repack(opened.file) });
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
// The judge's copy

/**
 * The copy a judge downloads: clean and inert (docx-clean.ts and pdf-clean.ts say what is removed). Names typed
 * into the essay's own text are the author's business and the contest rules'. Call only on bytes that passed
 * `inspectUpload` with this kind; throws otherwise.
 */
export async function stripAuthorMetadata(bytes: Uint8Array, kind: FileKind): Promise<Uint8Array> {
	if (kind === 'pdf') return await cleanPdf(bytes);
	const opened = openDocx(bytes);
	if (!opened.ok) throw new Error(`stripAuthorMetadata: ${opened.code}`);
	return cleanDocx(opened.file);
}
