import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { PEOPLE_COLUMNS, UNIT_COLUMNS } from './columns';
import type { CellValue, ImportKind } from './types';

export type TemplateFormat = 'xlsx' | 'csv';

const EXAMPLES: Record<ImportKind, CellValue[][]> = {
	units: [
		['DB-SNV', 'Đảng bộ Sở Nội vụ', '', 3],
		['CB-SNV-VP', 'Chi bộ Văn phòng Sở Nội vụ', 'DB-SNV', 12]
	],
	people: [
		[
			'Nguyễn Văn An',
			new Date(Date.UTC(1985, 2, 15)),
			'CB-SNV-VP',
			'0912 345 678',
			'an.nv@example.vn',
			'001085012345'
		],
		['Trần Thị Bình', '02/07/1990', 'CB-SNV-VP', '+84 987 654 321', '', '']
	]
};

/** Columns typed as text in the sheet, so that Excel keeps 0912… and 001… with their leading zeros. */
const TEXT_COLUMNS = new Set(['code', 'parentCode', 'unitCode', 'phone', 'cccd']);

const FILE_NAMES: Record<ImportKind, string> = { units: 'mau-nhap-don-vi', people: 'mau-nhap-nguoi-dung' };
const SHEET_NAMES: Record<ImportKind, string> = { units: 'Đơn vị', people: 'Người dùng' };

export interface TemplateFile {
	bytes: Uint8Array<ArrayBuffer>;
	fileName: string;
	contentType: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const csvCell = (cell: CellValue) =>
	cell instanceof Date
		? `${pad(cell.getUTCDate())}/${pad(cell.getUTCMonth() + 1)}/${cell.getUTCFullYear()}`
		: String(cell ?? '');

/**
 * The file an organizer fills in: Vietnamese headers, two example rows. The .xlsx also carries a sheet of
 * notes, given by the caller in the interface language.
 */
export async function buildTemplate(
	kind: ImportKind,
	format: TemplateFormat,
	notes: { sheetName: string; lines: string[] } = { sheetName: 'Hướng dẫn', lines: [] }
): Promise<TemplateFile> {
	const columns = kind === 'units' ? UNIT_COLUMNS : PEOPLE_COLUMNS;
	const headers = columns.map((c) => c.header);
	if (format === 'csv') {
		const text = Papa.unparse([headers, ...EXAMPLES[kind].map((row) => row.map(csvCell))], {
			newline: '\r\n'
		});
		// the BOM tells Excel the file is UTF-8; without it Vietnamese turns into mojibake
		return {
			bytes: new TextEncoder().encode(`\uFEFF${text}\r\n`),
			fileName: `${FILE_NAMES[kind]}.csv`,
			contentType: 'text/csv; charset=utf-8'
		};
	}
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = columns.map((c) => ({
		header: c.header,
		key: c.key,
		width: Math.max(16, c.header.length + 6),
		style: TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : c.key === 'birthDate' ? { numFmt: 'dd/mm/yyyy' } : {}
	}));
	sheet.getRow(1).font = { bold: true };
	for (const example of EXAMPLES[kind]) sheet.addRow(example);
	if (notes.lines.length > 0) {
		const help = workbook.addWorksheet(notes.sheetName);
		help.getColumn(1).width = 110;
		for (const line of notes.lines) help.addRow([line]);
	}
	const buffer = await workbook.xlsx.writeBuffer();
	return {
		bytes: new Uint8Array(buffer as ArrayBuffer),
		fileName: `${FILE_NAMES[kind]}.xlsx`,
		contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
	};
}
