import { describe, expect, it } from 'vitest';
import { parseQuestionFile } from './index';

const utf8 = (text: string) => new TextEncoder().encode(text);

async function parse(bytes: Uint8Array) {
	const result = await parseQuestionFile(bytes);
	if (!result.ok) throw new Error(`file refused: ${result.error.code}`);
	return result;
}

const AIKEN = `Ai là người đọc Tuyên ngôn độc lập năm 1945?
A. Hồ Chí Minh
B. Trường Chinh
C. Lê Duẩn
D. Phạm Văn Đồng
ANSWER: A

Chỉ thị 05-CT/TW nói về nội dung gì?
A) Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh
B) Cải cách hành chính
ANSWER: A
`;

describe('Aiken text files', () => {
	it('reads questions, options "A." and "A)", and ANSWER lines, with CRLF line ends and a BOM', async () => {
		const result = await parse(utf8(`\uFEFF${AIKEN.replace(/\n/g, '\r\n')}`));
		expect(result.format).toBe('aiken');
		expect(result.problems).toEqual([]);
		expect(result.questions).toEqual([
			{
				number: 1,
				line: 1,
				text: 'Ai là người đọc Tuyên ngôn độc lập năm 1945?',
				options: ['Hồ Chí Minh', 'Trường Chinh', 'Lê Duẩn', 'Phạm Văn Đồng'],
				correct: [0]
			},
			{
				number: 2,
				line: 8,
				text: 'Chỉ thị 05-CT/TW nói về nội dung gì?',
				options: ['Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh', 'Cải cách hành chính'],
				correct: [0]
			}
		]);
	});

	it('reads UTF-16 (Notepad\'s "Unicode") and decomposed text as NFC', async () => {
		const text = AIKEN.normalize('NFD');
		const bytes = new Uint8Array(2 + text.length * 2);
		bytes.set([0xff, 0xfe]);
		for (let i = 0; i < text.length; i++) {
			bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
			bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
		}
		const result = await parse(bytes);
		expect(result.questions[0].options[3]).toBe('Phạm Văn Đồng'.normalize('NFC'));
		expect(result.questions).toHaveLength(2);
	});

	it('reports a missing ANSWER, an answer outside the options, a lone option, and lists a title it skipped', async () => {
		const result = await parse(
			utf8(`ĐỀ ÔN TẬP

Câu không có đáp án?
A. Một
B. Hai
Câu có đáp án lạ?
A. Một
B. Hai
ANSWER: F
Câu có một phương án?
A. Chỉ một
ANSWER: A
`)
		);
		expect(result.ignored).toEqual([{ line: 1, text: 'ĐỀ ÔN TẬP' }]);
		expect(result.questions.map((q) => [q.number, q.line])).toEqual([
			[1, 3],
			[2, 6],
			[3, 10]
		]);
		expect(result.problems.map((p) => [p.number, p.code])).toEqual([
			[1, 'no_answer'],
			[2, 'answer_not_option'],
			[3, 'too_few_options']
		]);
	});

	it('reads a .txt in the "Câu 1:" layout the same way as Word', async () => {
		const result = await parse(
			utf8('Câu 1: Hỏi?\nA. Có   B. Không\nĐáp án: B\nCâu 2: Hỏi tiếp?\n*A. Có\nB. Không\n')
		);
		expect(result.format).toBe('text');
		expect(result.problems).toEqual([]);
		expect(result.questions.map((q) => [q.number, q.options, q.correct])).toEqual([
			[1, ['Có', 'Không'], [1]],
			[2, ['Có', 'Không'], [0]]
		]);
	});

	it('refuses text in a legacy encoding and binary files', async () => {
		// "Câu" in Windows-1258 is not valid UTF-8
		const legacy = await parseQuestionFile(new Uint8Array([0x43, 0xe2, 0x75, 0x20, 0x31, 0x3a, 0x0a]));
		expect(legacy).toEqual({ ok: false, error: { code: 'file_encoding', params: {} } });
		const binary = await parseQuestionFile(
			new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])
		);
		expect(binary).toEqual({ ok: false, error: { code: 'file_type', params: {} } });
		expect(await parseQuestionFile(utf8('\n\n  \n'))).toEqual({
			ok: false,
			error: { code: 'no_questions', params: {} }
		});
	});
});
