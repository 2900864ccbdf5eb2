import { describe, expect, it } from 'vitest';
import { locateColumns, PEOPLE_COLUMNS, UNIT_COLUMNS } from './columns';
import { readTable } from './read-table';
import { validatePersonRows, validateUnitRows } from './rows';
import { buildTemplate } from './template';

describe('templates', () => {
	it.each([
		['units', 'xlsx'],
		['units', 'csv'],
		['people', 'xlsx'],
		['people', 'csv']
	] as const)('the %s %s template reads back with its example rows valid', async (kind, format) => {
		const file = await buildTemplate(kind, format, {
			sheetName: 'Hướng dẫn',
			lines: ['Một dòng hướng dẫn.']
		});
		expect(file.fileName).toMatch(new RegExp(`\\.${format}$`));
		const table = await readTable(file.bytes, kind);
		if (!table.ok) throw new Error(table.error.code);
		expect(table.format).toBe(format);
		const located =
			kind === 'units'
				? locateColumns(table.sheet.headers, UNIT_COLUMNS)
				: locateColumns(table.sheet.headers, PEOPLE_COLUMNS);
		if (!located.ok) throw new Error(located.error.code);
		const { drafts, problems } =
			kind === 'units'
				? validateUnitRows(table.sheet.rows, located.index as never)
				: validatePersonRows(table.sheet.rows, located.index as never);
		expect(problems).toEqual([]);
		expect(drafts).toHaveLength(2);
	});

	it('starts the CSV with a BOM so that Excel shows Vietnamese', async () => {
		const file = await buildTemplate('people', 'csv');
		expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(file.bytes)).toContain(
			'Họ và tên,Ngày sinh,Mã đơn vị,Số điện thoại,Email,Số CCCD'
		);
	});
});
