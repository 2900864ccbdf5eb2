// One entry point for an uploaded question file: the content (never the name) says what it is.
import { type Draft, findDuplicates, finishDraft } from './draft';
import { OFFICE_LIMITS, type OfficeRefusal, openOffice } from '../../files/office';
import { readZip, zipNames } from '../../files/zip';
import { MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS } from '../pictures/pictures';
import { sniffPicture } from '../pictures/sniff';
import { BUNDLE_LIMITS, isBundle, splitBundle } from './bundle';
import { readDocxLines } from './docx';
import { isNumbered, type LinesParse, parseAiken, parseNumbered, type SourceLine } from './lines';
import {
	type FileError,
	type FileErrorCode,
	type IgnoredLine,
	MAX_FILE_BYTES,
	MAX_QUESTIONS,
	type ParsedQuestion,
	type ParseProblem,
	type ParseResult,
	type QuestionFileFormat
} from './types';
import { readXlsxDrafts } from './xlsx';

export * from './types';
export { buildQuestionTemplate } from './template';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** Word 97–2003 .doc and Excel .xls (OLE compound files) */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF = [0x25, 0x50, 0x44, 0x46];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const fail = (code: FileError['code'], params: FileError['params'] = {}): ParseResult => ({
	ok: false,
	error: { code, params }
});

/** A zip is a .docx when it holds word/document.xml, an .xlsx when it holds xl/workbook.xml. */
function zipKind(names: string[]): 'docx' | 'xlsx' | null {
	if (names.includes('word/document.xml')) return 'docx';
	if (names.includes('xl/workbook.xml')) return 'xlsx';
	return null;
}

const OFFICE_ERRORS: Record<OfficeRefusal, FileErrorCode> = {
	broken: 'file_unreadable',
	bomb: 'file_bomb',
	xml_doctype: 'file_unsafe_xml',
	xml_malformed: 'file_unreadable'
};

/** Text files: UTF-8 (with or without BOM), or UTF-16 with a BOM (Notepad's "Unicode"). */
function decodeText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: FileError } {
	const head = bytes.subarray(0, 4096);
	const utf16 =
		bytes[0] === 0xff && bytes[1] === 0xfe
			? 'utf-16le'
			: bytes[0] === 0xfe && bytes[1] === 0xff
				? 'utf-16be'
				: null;
	if (utf16) return { ok: true, text: new TextDecoder(utf16).decode(bytes) };
	// control characters other than tab, line breaks and form feed: a binary file, not text in another encoding
	if (head.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d))
		return { ok: false, error: { code: 'file_type', params: {} } };
	try {
		return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
	} catch {
		// Windows-1258, TCVN3 or VNI text: refuse it rather than import mojibake
		return { ok: false, error: { code: 'file_encoding', params: {} } };
	}
}

/** TCVN3 (.VnTime) and VNI fonts spell "Câu" as "C©u" and "Caâu": text typed before Unicode. */
const LEGACY_FONT = /C©u|Caâu|§¸p ¸n/;

function linesParse(lines: SourceLine[]): { format: 'numbered' | 'aiken'; parse: LinesParse } {
	return isNumbered(lines)
		? { format: 'numbered', parse: parseNumbered(lines) }
		: { format: 'aiken', parse: parseAiken(lines) };
}

/** A picture the import would refuse: not PNG, JPEG or WebP by its content, or over a limit. */
function badPicture(bytes: Uint8Array): boolean {
	if (bytes.length === 0 || bytes.length > MAX_PICTURE_BYTES) return true;
	const sniffed = sniffPicture(bytes);
	return !sniffed.ok || sniffed.value.width * sniffed.value.height > MAX_PICTURE_PIXELS;
}

/** Every picture a question names must be in the file and be one the import accepts. */
function pictureProblems(questions: ParsedQuestion[], pictures: Map<string, Uint8Array>): ParseProblem[] {
	const problems: ParseProblem[] = [];
	for (const q of questions) {
		const named = [q.picture, ...(q.optionPictures ?? [])].filter((p) => p != null);
		const missing = named.find((p) => !pictures.has(p.key));
		if (missing)
			problems.push({
				number: q.number,
				line: q.line,
				code: 'picture_missing',
				params: { name: missing.key }
			});
		else if (named.some((p) => badPicture(pictures.get(p.key)!)))
			problems.push({ number: q.number, line: q.line, code: 'picture_bad' });
	}
	return problems;
}

function finish(
	format: QuestionFileFormat,
	drafts: Draft[],
	ignored: IgnoredLine[],
	lines: SourceLine[] = [],
	pictures: Map<string, Uint8Array> = new Map()
): ParseResult {
	// these spellings never occur in Unicode Vietnamese: whatever was read from them is mojibake
	if (lines.some((l) => LEGACY_FONT.test(l.text))) return fail('legacy_font');
	if (drafts.length === 0) return fail('no_questions');
	if (drafts.length > MAX_QUESTIONS)
		return fail('too_many_questions', { max: MAX_QUESTIONS, count: drafts.length });
	const finished = drafts.map(finishDraft);
	const questions = finished.map((f) => f.question);
	const problems: ParseProblem[] = [
		...finished.flatMap((f) => f.problems),
		...findDuplicates(questions),
		...pictureProblems(questions, pictures)
	];
	problems.sort((a, b) => a.line - b.line || a.number - b.number);
	// only the pictures some question names are kept
	const named = new Set(
		questions.flatMap((q) => [q.picture, ...(q.optionPictures ?? [])]).flatMap((p) => (p ? [p.key] : []))
	);
	const kept = new Map([...pictures].filter(([key]) => named.has(key)));
	return { ok: true, format, questions, problems, ignored, pictures: kept };
}

/** A .zip of one .xlsx and the pictures its "Ảnh" column names by file name. */
async function parseBundle(bytes: Uint8Array): Promise<ParseResult> {
	const read = readZip(bytes, BUNDLE_LIMITS);
	if (!read.ok) return fail(OFFICE_ERRORS[read.code]);
	const bundle = splitBundle(read.entries);
	if (!bundle) return fail('file_type');
	const opened = openOffice(bundle.xlsx, OFFICE_LIMITS.importXlsx);
	if (!opened.ok) return fail(OFFICE_ERRORS[opened.code]);
	const sheet = await readXlsxDrafts(opened.file, MAX_QUESTIONS);
	if (!sheet.ok) return sheet;
	return finish('xlsx', sheet.drafts, [], [], bundle.files);
}

/**
 * Reads an uploaded question file (.docx, .xlsx, or a .txt in the "Câu 1:" layout or Aiken) into questions and
 * every problem found, by question number. Writes nothing: the caller previews, then imports on confirmation.
 */
export async function parseQuestionFile(bytes: Uint8Array): Promise<ParseResult> {
	if (bytes.length === 0) return fail('file_empty');
	if (bytes.length > MAX_FILE_BYTES) return fail('file_too_large', { maxMb: MAX_FILE_BYTES / 1024 / 1024 });
	if (startsWith(bytes, OLE)) return fail('file_legacy_office');
	if (startsWith(bytes, PDF)) return fail('file_type');
	if (startsWith(bytes, ZIP)) {
		// the names (read without inflating anything) say which limits apply
		const listed = zipNames(bytes, OFFICE_LIMITS.bankDocx.maxEntries);
		if (!listed.ok) return fail(OFFICE_ERRORS[listed.code]);
		const kind = zipKind(listed.names);
		if (kind === null && isBundle(listed.names)) return parseBundle(bytes);
		if (kind === null) return fail('file_type');
		const opened = openOffice(bytes, kind === 'xlsx' ? OFFICE_LIMITS.importXlsx : OFFICE_LIMITS.bankDocx);
		if (!opened.ok) return fail(OFFICE_ERRORS[opened.code]);
		if (kind === 'xlsx') {
			const read = await readXlsxDrafts(opened.file, MAX_QUESTIONS);
			if (!read.ok) return read;
			return finish('xlsx', read.drafts, []);
		}
		const docx = await readDocxLines(opened.file);
		if (!docx) return fail('file_unreadable');
		const { parse } = linesParse(docx.lines);
		return finish('docx', parse.drafts, parse.ignored, docx.lines, docx.pictures);
	}
	const decoded = decodeText(bytes);
	if (!decoded.ok) return decoded;
	if (decoded.text.includes('\u0000')) return fail('file_type');
	const lines = decoded.text
		.normalize('NFC')
		.split(/\r\n|\r|\n/)
		.map((text, i) => ({ text, line: i + 1 }));
	const { format, parse } = linesParse(lines);
	return finish(format === 'numbered' ? 'text' : 'aiken', parse.drafts, parse.ignored, lines);
}
