/**
 * Opening an Office file (.docx, .xlsx) safely: the one way the app reads one. The zip is read with the use's
 * limits (zip.ts, checked while inflating), then every XML part is checked before any parser sees it: no DOCTYPE
 * anywhere (entity expansion, external entities), well-formed .xml and .rels parts, and a bound on the XML that a
 * DOM-building library (exceljs, mammoth) will hold. Libraries then read `repack(file)`: the verified entries,
 * stored, so what they inflate is exactly what was checked (zip readers disagree on crafted archives).
 */
import { checkXml, xmlText } from './xml-check';
import { readZip, writeZip, type ZipEntry, type ZipLimits } from './zip';

export interface OfficeLimits extends ZipLimits {
	/** Total bytes of the XML parts: a library builds objects from them, at many times their size. */
	maxXmlBytes: number;
}

const MB = 1024 * 1024;

/** The limits of each use. A real file is far below them; see docs/SECURITY.md for the figures. */
export const OFFICE_LIMITS = {
	/** An essay .docx: a few hundred KB of text, images push it to a few MB. */
	essayDocx: {
		maxEntries: 1000,
		maxTotalUncompressed: 50 * MB,
		maxRatio: 100,
		ratioFloor: 5 * MB,
		maxXmlBytes: 20 * MB,
		nestedZipsUnder: ['word/embeddings/']
	},
	/** A question bank .docx: up to 1,000 questions; pictures are never read. */
	bankDocx: {
		maxEntries: 1000,
		maxTotalUncompressed: 50 * MB,
		maxRatio: 100,
		ratioFloor: 5 * MB,
		maxXmlBytes: 20 * MB,
		nestedZipsUnder: ['word/embeddings/']
	},
	/**
	 * An .xlsx import (people, units, a question bank): 20,000 rows of a dozen columns are about 15 MB of XML;
	 * exceljs holds a sheet in memory at roughly 30 times its XML.
	 */
	importXlsx: {
		maxEntries: 500,
		maxTotalUncompressed: 40 * MB,
		maxRatio: 50,
		ratioFloor: 4 * MB,
		maxXmlBytes: 32 * MB,
		nestedZipsUnder: ['xl/embeddings/']
	}
} as const satisfies Record<string, OfficeLimits>;

/**
 * Why an Office file is refused: `broken` (not a zip we read), `bomb` (over a size, ratio or count limit, or a zip
 * inside), `xml_doctype` (a DOCTYPE in any XML part), `xml_malformed` (an XML part a parser would refuse).
 */
export type OfficeRefusal = 'broken' | 'bomb' | 'xml_doctype' | 'xml_malformed';

export interface OfficeFile {
	entries: ZipEntry[];
	/** The bytes of a part, by its name in the zip (no leading slash). */
	part(name: string): Uint8Array | undefined;
}

export type OfficeOpen = { ok: true; file: OfficeFile } | { ok: false; code: OfficeRefusal };

const XML_PART = /\.(xml|rels)$/i;
const DOCTYPE = Buffer.from('<!DOCTYPE');
const DOCTYPE_UTF16LE = Buffer.from('<!DOCTYPE', 'utf16le');
const DOCTYPE_UTF16BE = Buffer.from('<!DOCTYPE', 'utf16le').swap16();

function hasDoctype(data: Uint8Array): boolean {
	const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	return buf.includes(DOCTYPE) || buf.includes(DOCTYPE_UTF16LE) || buf.includes(DOCTYPE_UTF16BE);
}

export function openOffice(bytes: Uint8Array, limits: OfficeLimits): OfficeOpen {
	const read = readZip(bytes, limits);
	if (!read.ok) return read;
	let xmlBytes = 0;
	for (const entry of read.entries) {
		// VML drawings and other XML-like parts are not always well-formed, but none may declare entities.
		if (hasDoctype(entry.data)) return { ok: false, code: 'xml_doctype' };
		if (!XML_PART.test(entry.name)) continue;
		xmlBytes += entry.data.length;
		if (xmlBytes > limits.maxXmlBytes) return { ok: false, code: 'bomb' };
		const text = xmlText(entry.data);
		const problem = text === null ? 'malformed' : checkXml(text);
		if (problem) return { ok: false, code: problem === 'doctype' ? 'xml_doctype' : 'xml_malformed' };
	}
	const byName = new Map(read.entries.map((e) => [e.name, e.data]));
	return { ok: true, file: { entries: read.entries, part: (name) => byName.get(name) } };
}

/** The checked entries as a stored zip, for exceljs or mammoth to read. */
export function repack(file: OfficeFile): Buffer<ArrayBuffer> {
	return writeZip(file.entries, { compress: false });
}
