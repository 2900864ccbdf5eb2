import { describe, expect, it } from 'vitest';
import { parseCsv } from '../testing/csv';
import { csvField } from './table-stream';

describe('CSV fields', () => {
	it('quote every text so a ";" cannot start a formula cell in a Vietnamese Excel', () => {
		const name = "X;=cmd|' /C calc'!A0;";
		expect(csvField(name)).toBe(`"X;=cmd|' /C calc'!A0;"`);
		// read with ";" as the separator, as Excel with Vietnamese regional settings does: still one cell
		const semicolonCells = csvField(name)
			.match(/("([^"]|"")*"|[^;]+)/g)
			?.filter((c) => c.startsWith('='));
		expect(semicolonCells ?? []).toEqual([]);
	});

	it('defuse a formula at the start of a field and keep numbers as numbers', () => {
		expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvField('+84912345678')).toBe(`"'+84912345678"`);
		expect(csvField(7.5)).toBe('7.5');
		expect(parseCsv(`${csvField('a,b')},${csvField(3)}\r\n`)).toEqual([['a,b', '3']]);
	});
});
