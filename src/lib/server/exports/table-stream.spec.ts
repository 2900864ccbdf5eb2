import { describe, expect, it } from 'vitest';
import { parseCsv } from '../testing/csv';
import { csvField, downloadHeaders, tableStream, type TableExport } from './table-stream';

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

describe('CSV for a Vietnamese Excel', () => {
	const table: TableExport<{ name: string; score: number; at: Date }> = {
		sheetName: 'x',
		columns: [
			{ header: 'Họ tên', value: (r) => r.name },
			{ header: 'Điểm', value: (r) => r.score },
			{ header: 'Lúc', value: (r) => r.at }
		],
		batches: (async function* () {
			yield [{ name: 'Nguyễn; Văn A', score: 7.5, at: new Date('2026-12-05T01:02:03Z') }];
		})()
	};

	it('separates by ";" with a decimal comma, and still quotes text', async () => {
		const bytes = new Uint8Array(await new Response(tableStream(table, 'csv-semicolon')).arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM that makes Excel read UTF-8
		const text = new TextDecoder().decode(bytes);
		expect(text).toBe('"Họ tên";"Điểm";"Lúc"\r\n"Nguyễn; Văn A";7,5;05/12/2026 08:02:03\r\n');
		expect(downloadHeaders('Kết quả', 'csv-semicolon')['content-disposition']).toContain(
			'filename="Ket-qua.csv"'
		);
	});
});
