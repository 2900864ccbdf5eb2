import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { headerKey, locateColumns, PEOPLE_COLUMNS, UNIT_COLUMNS } from './columns';
import { MAX_ROWS, readTable } from './read-table';
import { parseBirthDate, validatePersonRows } from './rows';
import { csv, PEOPLE_HEADERS, xlsx } from './spec-helpers';

async function read(bytes: Uint8Array, kind: 'units' | 'people' = 'people') {
	const result = await readTable(bytes, kind);
	if (!result.ok) throw new Error(result.error.code);
	return result;
}

describe('reading an uploaded file', () => {
	it('reads a UTF-8 CSV with or without a BOM, with commas or semicolons', async () => {
		for (const bytes of [
			csv([
				['Họ và tên', 'Mã'],
				['An', 'X']
			]),
			csv(
				[
					['Họ và tên', 'Mã'],
					['An', 'X']
				],
				{ bom: false, delimiter: ';' }
			)
		]) {
			const { format, sheet } = await read(bytes);
			expect(format).toBe('csv');
			expect(sheet.headers).toEqual(['Họ và tên', 'Mã']);
			expect(sheet.rows).toEqual([{ row: 2, cells: ['An', 'X'] }]);
		}
	});

	it('numbers rows as Excel does, across blank lines and a quoted cell on two lines', async () => {
		const text = '\uFEFFHọ và tên,Ghi chú\r\nAn,"hai\r\ndòng"\r\n,\r\nBình,\r\n';
		const { sheet } = await read(new TextEncoder().encode(text));
		expect(sheet.rows.map((r) => [r.row, r.cells[0]])).toEqual([
			[2, 'An'],
			[4, 'Bình']
		]);
	});

	it('tells the format by content, not by name, and refuses what it cannot read', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
		const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
		// "Nguyễn" saved as Windows-1258 is not UTF-8
		const legacy = new Uint8Array([0x4e, 0x67, 0x75, 0x79, 0xea, 0xde, 0x6e, 0x0d, 0x0a]);
		const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
		const codes = [];
		for (const bytes of [new Uint8Array(), png, xls, legacy, brokenZip, csv([['Họ và tên']])])
			codes.push(await readTable(bytes, 'people').then((r) => (r.ok ? 'ok' : r.error.code)));
		expect(codes).toEqual([
			'file_empty',
			'file_type',
			'file_xls',
			'file_type',
			'file_unreadable',
			'file_no_rows'
		]);
	});

	it(`refuses more than ${MAX_ROWS} rows`, async () => {
		const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => [`Người ${i}`]);
		const result = await readTable(csv([['Họ và tên'], ...rows]), 'people');
		expect(result).toEqual({
			ok: false,
			error: { code: 'file_too_many_rows', params: { max: MAX_ROWS, rows: MAX_ROWS + 1 } }
		});
	});

	it('reads an .xlsx: the sheet named after the kind, formulas, rich text and dates', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('Ghi chú').addRow(['not this one']);
		const sheet = workbook.addWorksheet('Người dùng');
		sheet.addRow(['Họ và tên', 'Ngày sinh', 'Số người']);
		sheet.addRow([
			{ richText: [{ text: 'Nguyễn ' }, { text: 'Văn An', font: { bold: true } }] },
			new Date(Date.UTC(1985, 2, 15)),
			{ formula: '1+1', result: 2 }
		]);
		sheet.addRow([]);
		sheet.addRow(['Bình', null, { formula: 'NA()', result: { error: '#N/A' } }]);
		const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
		const { format, sheet: read_ } = await read(bytes);
		expect(format).toBe('xlsx');
		expect(read_.headers).toEqual(['Họ và tên', 'Ngày sinh', 'Số người']);
		expect(read_.rows).toEqual([
			{ row: 2, cells: ['Nguyễn Văn An', new Date(Date.UTC(1985, 2, 15)), 2] },
			{ row: 4, cells: ['Bình', null, null] }
		]);
	});

	it('keeps an .xlsx row number when a cell holds a number that lost its leading zero', async () => {
		const { sheet } = await read(
			await xlsx([PEOPLE_HEADERS, ['An', '01/02/1990', 'CB', 912345678, null, 1085012345]])
		);
		const located = locateColumns(sheet.headers, PEOPLE_COLUMNS);
		if (!located.ok) throw new Error(located.error.code);
		const { drafts, problems } = validatePersonRows(sheet.rows, located.index);
		expect(problems).toEqual([]);
		expect(drafts[0]).toMatchObject({ row: 2, phone: '0912345678', cccd: '001085012345' });
	});
});

describe('cells people type', () => {
	it("reads '0912… and '001… (the apostrophe that keeps Excel's leading zero)", async () => {
		const { sheet } = await read(
			csv([PEOPLE_HEADERS, ['Lý Thị Mơ', '01/02/1990', 'cb', "'0912345678", '', "'001085012345"]])
		);
		const located = locateColumns(sheet.headers, PEOPLE_COLUMNS);
		if (!located.ok) throw new Error(located.error.code);
		const { drafts, problems } = validatePersonRows(sheet.rows, located.index);
		expect(problems).toEqual([]);
		expect(drafts[0]).toMatchObject({ phone: '0912345678', cccd: '001085012345', unitCode: 'CB' });
	});
});

describe('matching columns', () => {
	it('folds case, diacritics and notes in brackets', () => {
		expect(headerKey('Họ và tên')).toBe('ho va ten');
		expect(headerKey('HO VA TEN')).toBe('ho va ten');
		expect(headerKey(' Ngày sinh (dd/mm/yyyy) ')).toBe('ngay sinh');
		expect(headerKey('Số CCCD*'.normalize('NFD'))).toBe('so cccd');
	});

	it('finds columns in any order and spelling, and ignores extra columns', () => {
		const located = locateColumns(['STT', 'so dien thoai', 'Ho ten', 'NGAY SINH', 'Mã ĐV'], PEOPLE_COLUMNS);
		expect(located).toEqual({
			ok: true,
			index: { fullName: 2, birthDate: 3, unitCode: 4, phone: 1, email: -1, cccd: -1, leads: -1 }
		});
	});

	it('names every missing required column', () => {
		expect(locateColumns(['Mã đơn vị', 'Số người'], UNIT_COLUMNS)).toEqual({
			ok: false,
			error: { code: 'missing_columns', params: { columns: 'Tên đơn vị, Mã đơn vị cấp trên' } }
		});
	});

	it('refuses a column given twice', () => {
		expect(locateColumns(['Họ và tên', 'Ho va ten'], PEOPLE_COLUMNS)).toMatchObject({
			ok: false,
			error: { code: 'duplicate_column', params: { column: 'Họ và tên' } }
		});
	});
});

describe('birth dates', () => {
	const today = new Date(Date.UTC(2026, 10, 21));
	it.each([
		['15/03/1985', '1985-03-15'],
		['5/3/1985', '1985-03-05'],
		['15-03-1985', '1985-03-15'],
		['15.03.1985', '1985-03-15'],
		['1985-03-15', '1985-03-15']
	])('reads %s', (input, expected) => {
		expect(parseBirthDate(input, today)).toEqual({ date: expected });
	});

	it('reads a date cell and an Excel serial number', () => {
		expect(parseBirthDate(new Date(Date.UTC(1985, 2, 15)), today)).toEqual({ date: '1985-03-15' });
		expect(parseBirthDate(31121, today)).toEqual({ date: '1985-03-15' });
	});

	it.each([
		['', 'required'],
		[null, 'required'],
		['31/02/1990', 'date_invalid'],
		['03/15/1985', 'date_invalid'],
		['1985', 'date_invalid'],
		['hôm qua', 'date_invalid'],
		['01/01/2020', 'birth_date_range'],
		['01/01/1900', 'birth_date_range']
	])('refuses %s (%s)', (input, error) => {
		expect(parseBirthDate(input, today)).toEqual({ error });
	});
});
