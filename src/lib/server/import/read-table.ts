import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { cleanText, foldForSearch } from '../../text';
import { OFFICE_LIMITS, openOffice, repack, type OfficeRefusal } from '../files/office';
import type { CellValue, FileError, ImportKind, Sheet, SheetRow } from './types';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_ROWS = 20_000;

export type TableFormat = 'xlsx' | 'csv';
type ReadResult = { ok: true; format: TableFormat; sheet: Sheet } | { ok: false; error: FileError };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** the old binary .xls (OLE compound file) */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const fail = (code: FileError['code'], params: FileError['params'] = {}): ReadResult => ({
	ok: false,
	error: { code, params }
});

/**
 * Reads the first sheet of an .xlsx (or the sheet named after the kind) or a UTF-8 CSV into a header and rows.
 * The format is told by the content, never by the file name: a zip is an .xlsx, valid UTF-8 text is a CSV.
 */
export async function readTable(bytes: Uint8Array, kind: ImportKind): Promise<ReadResult> {
	if (bytes.length === 0) return fail('file_empty');
	if (bytes.length > MAX_FILE_BYTES) return fail('file_too_large', { maxMb: MAX_FILE_BYTES / 1024 / 1024 });
	if (startsWith(bytes, ZIP)) return readXlsx(bytes, kind);
	if (startsWith(bytes, OLE)) return fail('file_xls');
	let text: string;
	try {
		// fatal: a binary file or a legacy-encoded CSV (Windows-1258) is refused instead of read as mojibake
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return fail('file_type');
	}
	if (text.includes('\u0000')) return fail('file_type');
	return readCsv(text);
}

function finish(format: TableFormat, headers: string[], rows: SheetRow[]): ReadResult {
	if (headers.every((h) => h === '') || rows.length === 0) return fail('file_no_rows');
	if (rows.length > MAX_ROWS) return fail('file_too_many_rows', { max: MAX_ROWS, rows: rows.length });
	return { ok: true, format, sheet: { headers, rows } };
}

const isBlank = (cell: CellValue) => cell === null || (typeof cell === 'string' && cell.trim() === '');

function readCsv(text: string): ReadResult {
	const parsed = Papa.parse<string[]>(text, {
		header: false,
		skipEmptyLines: false,
		delimiter: delimiterOf(text)
	});
	const [header = [], ...records] = parsed.data;
	if (records.length > MAX_ROWS * 2)
		return fail('file_too_many_rows', { max: MAX_ROWS, rows: records.length });
	const rows: SheetRow[] = [];
	records.forEach((cells, i) => {
		if (cells.every(isBlank)) return;
		// a record is one Excel row even when a quoted cell spans lines, so the index gives Excel's number
		rows.push({ row: i + 2, cells });
	});
	return finish(
		'csv',
		header.map((h) => cleanText(h)),
		rows
	);
}

/**
 * Excel in Vietnamese (decimal comma) saves CSV with semicolons. The header line tells which: papaparse's own
 * guess gives up on a file that ends with an empty line, as every file Excel saves does.
 */
function delimiterOf(text: string): string {
	const header = text.slice(0, text.search(/\r?\n|$/));
	const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length - 1] as const);
	const [best, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
	return n > 0 ? best : ',';
}

const SHEET_NAMES: Record<ImportKind, string[]> = {
	units: ['don vi', 'units'],
	people: ['nguoi dung', 'nguoi', 'people', 'can bo', 'danh sach']
};

const OFFICE_ERRORS: Record<OfficeRefusal, FileError['code']> = {
	broken: 'file_unreadable',
	bomb: 'file_bomb',
	xml_doctype: 'file_unsafe_xml',
	xml_malformed: 'file_unreadable'
};

async function readXlsx(bytes: Uint8Array, kind: ImportKind): Promise<ReadResult> {
	const opened = openOffice(bytes, OFFICE_LIMITS.importXlsx);
	if (!opened.ok) return fail(OFFICE_ERRORS[opened.code]);
	const workbook = new ExcelJS.Workbook();
	try {
		// exceljs reads only the checked parts, stored: it inflates nothing we did not bound
		await workbook.xlsx.load(repack(opened.file).buffer);
	} catch {
		return fail('file_unreadable');
	}
	const wanted = SHEET_NAMES[kind];
	const sheet =
		workbook.worksheets.find((ws) => wanted.includes(foldForSearch(ws.name))) ?? workbook.worksheets[0];
	if (!sheet) return fail('file_no_rows');
	if (sheet.actualRowCount > MAX_ROWS * 2)
		return fail('file_too_many_rows', { max: MAX_ROWS, rows: sheet.actualRowCount - 1 });
	const header = sheet.getRow(1);
	const headers: string[] = [];
	for (let c = 1; c <= header.cellCount; c++)
		headers.push(cleanText(textOf(cellValue(header.getCell(c).value))));
	const rows: SheetRow[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		if (rowNumber === 1) return;
		const cells: CellValue[] = [];
		for (let c = 1; c <= headers.length; c++) cells.push(cellValue(row.getCell(c).value));
		if (!cells.every(isBlank)) rows.push({ row: rowNumber, cells });
	});
	return finish('xlsx', headers, rows);
}

/** Formulas give their result, links and rich text their text, errors (#N/A) nothing. */
function cellValue(value: ExcelJS.CellValue | { richText: ExcelJS.RichText[] } | undefined): CellValue {
	if (value === null || value === undefined) return null;
	if (value instanceof Date || typeof value !== 'object') return value;
	if ('richText' in value) return value.richText.map((part) => part.text).join('');
	if ('hyperlink' in value) return cellValue(value.text as ExcelJS.CellValue);
	if ('formula' in value || 'sharedFormula' in value) return cellValue(value.result);
	return null;
}

/** A cell as text; a date cell becomes YYYY-MM-DD (Excel dates carry no time zone: exceljs gives UTC). */
export function textOf(cell: CellValue): string {
	if (cell === null) return '';
	if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
	return String(cell);
}
