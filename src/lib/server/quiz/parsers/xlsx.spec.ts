import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildQuestionTemplate, parseQuestionFile } from './index';

async function xlsx(rows: (string | number | null)[][], sheetName = 'Câu hỏi'): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.addWorksheet('Hướng dẫn').addRow(['Điền câu hỏi vào trang "Câu hỏi"']);
	const sheet = workbook.addWorksheet(sheetName);
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

async function parse(bytes: Uint8Array) {
	const result = await parseQuestionFile(bytes);
	if (!result.ok) throw new Error(`file refused: ${result.error.code}`);
	expect(result.format).toBe('xlsx');
	return result;
}

describe('Excel .xlsx question files', () => {
	it('reads the template it offers for download, examples included', async () => {
		const template = await buildQuestionTemplate({ sheetName: 'Hướng dẫn', lines: ['Một dòng hướng dẫn'] });
		const result = await parse(template.bytes);
		expect(result.problems).toEqual([]);
		expect(
			result.questions.map((q) => [q.number, q.line, q.topic, q.options.length, q.correct, q.difficulty])
		).toEqual([
			[1, 2, 'Quy tắc ứng xử', 4, [0], 1],
			[2, 3, 'Quy tắc ứng xử', 4, [0, 2], 2],
			[3, 4, 'Tư tưởng, đạo đức, phong cách Hồ Chí Minh', 2, [0], 1]
		]);
		expect(result.questions[0].explanation).toBe('Theo quy tắc ứng xử của cán bộ, công chức, viên chức.');
	});

	it('finds headers spelled without diacritics, below a title row, with hints in brackets', async () => {
		const result = await parse(
			await xlsx([
				['NGÂN HÀNG CÂU HỎI'],
				['Cau hoi', 'Phuong an A', 'Phuong an B', 'Phuong an C', 'Dap an (VD: B hoac A,C)', 'Muc do'],
				['Hỏi một?'.normalize('NFD'), 'Có', 'Không', 'Có thể', 'a, c', 'Trung bình'],
				[null, null, null, null, null, null],
				['Hỏi hai?', 'Có', 2016, null, 'B', 3]
			])
		);
		expect(result.problems).toEqual([]);
		expect(result.questions).toEqual([
			{
				number: 1,
				line: 3,
				text: 'Hỏi một?',
				options: ['Có', 'Không', 'Có thể'],
				correct: [0, 2],
				difficulty: 2
			},
			{ number: 2, line: 5, text: 'Hỏi hai?', options: ['Có', '2016'], correct: [1], difficulty: 3 }
		]);
	});

	it('reports each broken row by question number and Excel row', async () => {
		const result = await parse(
			await xlsx([
				[
					'STT',
					'Chủ đề',
					'Câu hỏi',
					'Phương án A',
					'Phương án B',
					'Phương án C',
					'Phương án D',
					'Đáp án',
					'Mức độ'
				],
				[1, 'Pháp luật', 'Không có đáp án?', 'Có', 'Không', null, null, null, null],
				[2, 'Pháp luật', 'Đáp án ngoài?', 'Có', 'Không', null, null, 'D', null],
				[3, 'Pháp luật', null, 'Có', 'Không', null, null, 'A', null],
				[4, 'Pháp luật', 'Thiếu phương án C?', 'Có', 'Không', null, 'Bốn', 'A', null],
				[5, 'Pháp luật', 'Mức độ lạ?', 'Có', 'Không', null, null, 'A', 'cao'],
				[6, 'Pháp luật', 'Không có đáp án?', 'Có', 'Không', null, null, 'A', null]
			])
		);
		expect(result.problems.map((p) => [p.number, p.line, p.code, p.params ?? {}])).toEqual([
			[1, 2, 'no_answer', {}],
			[2, 3, 'answer_not_option', { letter: 'D', last: 'B' }],
			[3, 4, 'empty_text', {}],
			[4, 5, 'empty_option', { letter: 'C' }],
			[5, 6, 'difficulty_invalid', { value: 'cao' }],
			[6, 7, 'duplicate_in_file', { first: 1 }]
		]);
	});

	it('names the required columns a sheet lacks', async () => {
		const result = await parseQuestionFile(
			await xlsx([
				['Câu hỏi', 'Phương án A'],
				['Hỏi?', 'Có']
			])
		);
		expect(result).toEqual({
			ok: false,
			error: { code: 'missing_columns', params: { columns: 'Phương án B, Đáp án' } }
		});
		const none = await parseQuestionFile(await xlsx([['Họ và tên', 'Đơn vị']], 'Danh sách'));
		expect(none.ok ? null : none.error.params.columns).toBe('Câu hỏi, Phương án A, Phương án B, Đáp án');
	});
});
