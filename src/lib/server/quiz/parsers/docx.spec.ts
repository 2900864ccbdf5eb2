import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildDocx, type Paragraph } from './docx-fixture';
import { parseQuestionFile, type ParseResult } from './index';

async function parse(paragraphs: Paragraph[]) {
	const result = await parseQuestionFile(await buildDocx(paragraphs));
	if (!result.ok) throw new Error(`file refused: ${result.error.code}`);
	expect(result.format).toBe('docx');
	return result;
}

const codes = (result: Extract<ParseResult, { ok: true }>) =>
	result.problems.map((p) => [p.number, p.code, p.params ?? {}]);

describe('Word .docx in the "Câu 1:" layout', () => {
	it('reads questions answered by an "Đáp án" line, skipping the title', async () => {
		const result = await parse([
			'BỘ CÂU HỎI CUỘC THI TÌM HIỂU QUY TẮC ỨNG XỬ',
			'Câu 1: Cán bộ, công chức khi tiếp công dân phải có thái độ thế nào?',
			'A. Lịch sự, tôn trọng',
			'B. Thờ ơ',
			'C. Gây khó khăn',
			'D. Tuỳ trường hợp',
			'Đáp án: A',
			'Câu 2. Chỉ thị 05-CT/TW được ban hành năm nào?',
			'A) 2014',
			'B) 2016',
			'Đáp án đúng: B',
			'Câu 3 - Câu hỏi có hai dòng',
			'dòng thứ hai của câu hỏi',
			'a. một',
			'b. hai',
			'ĐA: b'
		]);
		expect(result.problems).toEqual([]);
		expect(result.ignored).toEqual([{ line: 1, text: 'BỘ CÂU HỎI CUỘC THI TÌM HIỂU QUY TẮC ỨNG XỬ' }]);
		expect(result.questions).toEqual([
			{
				number: 1,
				line: 2,
				text: 'Cán bộ, công chức khi tiếp công dân phải có thái độ thế nào?',
				options: ['Lịch sự, tôn trọng', 'Thờ ơ', 'Gây khó khăn', 'Tuỳ trường hợp'],
				correct: [0]
			},
			{
				number: 2,
				line: 8,
				text: 'Chỉ thị 05-CT/TW được ban hành năm nào?',
				options: ['2014', '2016'],
				correct: [1]
			},
			{
				number: 3,
				line: 12,
				text: 'Câu hỏi có hai dòng\ndòng thứ hai của câu hỏi',
				options: ['một', 'hai'],
				correct: [1]
			}
		]);
	});

	it('reads the answer from a leading "*", several correct options as a multi-answer question', async () => {
		const result = await parse([
			'Câu 1: Những hành vi nào bị nghiêm cấm?',
			'*A. Hách dịch, cửa quyền',
			'B. Hướng dẫn tận tình',
			'* C. Gây phiền hà, sách nhiễu',
			'D. Lắng nghe ý kiến',
			'Câu 2: Chọn một',
			'A. Không',
			'*B. Có'
		]);
		expect(result.problems).toEqual([]);
		expect(result.questions.map((q) => q.correct)).toEqual([[0, 2], [1]]);
		expect(result.questions[0].options).toEqual([
			'Hách dịch, cửa quyền',
			'Hướng dẫn tận tình',
			'Gây phiền hà, sách nhiễu',
			'Lắng nghe ý kiến'
		]);
	});

	it('splits options written on one line, by tabs, spaces or soft line breaks, in letter order only', async () => {
		const result = await parse([
			'Câu 1: Nhận định sau đúng hay sai?',
			'A. Đúng      B. Sai',
			'Đáp án: A',
			'Câu 2: Năm nào?',
			[{ text: 'A. 1945' }, { text: 'B. 1954', tabBefore: true }, { text: '*C. 1975', tabBefore: true }],
			[{ text: 'D. 1986' }],
			'Câu 3: Chất nào?',
			[{ text: 'A. Vitamin C. B. Sắt' }, { text: 'C. Kẽm', breakBefore: true }],
			'Đáp án: B'
		]);
		expect(result.problems).toEqual([]);
		expect(result.questions.map((q) => [q.options, q.correct])).toEqual([
			[['Đúng', 'Sai'], [0]],
			[['1945', '1954', '1975', '1986'], [2]],
			[['Vitamin C.', 'Sắt', 'Kẽm'], [1]]
		]);
	});

	it('normalizes decomposed (NFD) Vietnamese from Word to NFC', async () => {
		const nfd = (s: string) => s.normalize('NFD');
		const result = await parse([
			nfd('Câu 1: Tư tưởng Hồ Chí Minh về đạo đức?'),
			nfd('A. Cần, kiệm, liêm, chính'),
			nfd('B. Chí công vô tư'),
			nfd('Đáp án: A, B'),
			nfd('Giải thích: Cả hai phẩm chất.')
		]);
		const [q] = result.questions;
		expect(q.text).toBe('Tư tưởng Hồ Chí Minh về đạo đức?'.normalize('NFC'));
		expect(q.text).not.toBe(nfd(q.text));
		expect(q.options[0]).toBe('Cần, kiệm, liêm, chính'.normalize('NFC'));
		expect(q.correct).toEqual([0, 1]);
		expect(q.explanation).toBe('Cả hai phẩm chất.');
	});

	it('takes bold or underlined options as the answer when nothing else marks it', async () => {
		const result = await parse([
			[{ text: 'Câu 1: ', bold: true }, { text: 'In đậm?' }],
			'A. Không',
			[{ text: 'B. ' }, { text: 'Đáp án in đậm', bold: true }],
			'Câu 2: Gạch chân?',
			[{ text: 'A. Gạch chân', underline: true }],
			'B. Không',
			'Câu 3: Cả câu in đậm thì không phải đáp án',
			[{ text: 'A. Một', bold: true }],
			[{ text: 'B. Hai', bold: true }]
		]);
		expect(result.questions.map((q) => q.correct)).toEqual([[1], [0], []]);
		expect(codes(result)).toEqual([[3, 'no_answer', {}]]);
	});

	it("reads Word's automatically numbered options (the letters are not in the text)", async () => {
		const result = await parse([
			'Câu 1: Thủ đô của Việt Nam?',
			{ runs: [{ text: 'Hà Nội' }], list: true },
			{ runs: [{ text: 'Huế' }], list: true },
			{ runs: [{ text: 'Đà Nẵng' }], list: true },
			'Đáp án: A'
		]);
		expect(result.problems).toEqual([]);
		expect(result.questions[0]).toMatchObject({ options: ['Hà Nội', 'Huế', 'Đà Nẵng'], correct: [0] });
	});

	it('takes the topic, difficulty and explanation lines, and "Câu 1 (0,5 điểm):" headings', async () => {
		const result = await parse([
			'Chủ đề: Quy tắc ứng xử',
			'Câu 1 (0,5 điểm): Hỏi một?',
			'A. x',
			'B. y',
			'Đáp án: A',
			'Mức độ: Khó',
			'Giải thích: Vì',
			'Điều 5 quy định.',
			'Chủ đề 2: Pháp luật',
			'CÂU 2: Hỏi hai?',
			'A. x',
			'B. z',
			'Đáp án B'
		]);
		expect(result.problems).toEqual([]);
		expect(result.questions).toMatchObject([
			{
				number: 1,
				topic: 'Quy tắc ứng xử',
				difficulty: 3,
				explanation: 'Vì\nĐiều 5 quy định.',
				correct: [0]
			},
			{ number: 2, topic: 'Pháp luật', correct: [1] }
		]);
	});

	it('reports every problem by question number and still lists the questions', async () => {
		const options = (n: number) =>
			'ABCDEFG'
				.slice(0, n)
				.split('')
				.map((l) => `${l}. Phương án ${l}`);
		const result = await parse([
			'Câu 1: Không có phương án',
			'Đáp án: A',
			'Câu 2: Chỉ một phương án',
			'A. Duy nhất',
			'Đáp án: A',
			'Câu 3: Bảy phương án',
			...options(7),
			'Đáp án: A',
			'Câu 4: Không đánh dấu đáp án',
			...options(4),
			'Câu 5: Đáp án ngoài các phương án',
			...options(4),
			'Đáp án: E',
			'Câu 6: Không đánh dấu đáp án',
			...options(4),
			'Câu 7:',
			...options(2),
			'Đáp án: A',
			'Câu 8: Hai cách đánh dấu khác nhau',
			'*A. Một',
			'B. Hai',
			'Đáp án: B',
			'Câu 9: Đáp án không đọc được',
			...options(2),
			'Đáp án: Cả hai',
			'Câu 10: Chữ cái sai thứ tự',
			'A. Một',
			'C. Hai',
			'Đáp án: A',
			'Câu 11: Mức độ lạ',
			...options(2),
			'Đáp án: A',
			'Mức độ: rất khó'
		]);
		expect(result.questions).toHaveLength(11);
		expect(codes(result)).toEqual([
			[1, 'no_options', {}],
			[2, 'too_few_options', {}],
			[3, 'too_many_options', { count: 7, max: 6 }],
			[4, 'no_answer', {}],
			[5, 'answer_not_option', { letter: 'E', last: 'D' }],
			[6, 'no_answer', {}],
			[6, 'duplicate_in_file', { first: 4 }],
			[7, 'empty_text', {}],
			[8, 'answer_conflict', {}],
			[9, 'answer_unreadable', { value: 'Cả hai' }],
			[10, 'option_letters', { letters: 'A, C' }],
			[11, 'difficulty_invalid', { value: 'rất khó' }]
		]);
	});

	it('reports a question whose picture is not one the import accepts', async () => {
		const zip = await JSZip.loadAsync(
			await buildDocx(['Câu 1: Ai trong ảnh?', 'IMAGE', 'A. Một', 'B. Hai', 'Đáp án: A'])
		);
		const xml = await zip.file('word/document.xml')!.async('string');
		// a drawing mammoth sees as a picture: an inline shape pointing at an embedded PNG
		const picture = `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="Ảnh"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="rIdImg"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
		zip.file('word/document.xml', xml.replace(/<w:r><w:t xml:space="preserve">IMAGE<\/w:t><\/w:r>/, picture));
		const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
		zip.file(
			'word/_rels/document.xml.rels',
			rels.replace(
				'</Relationships>',
				'<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/a.png"/></Relationships>'
			)
		);
		zip.file('word/media/a.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
		const result = await parseQuestionFile(await zip.generateAsync({ type: 'uint8array' }));
		expect(result.ok && codes(result)).toEqual([[1, 'picture_bad', {}]]);
	});
});

describe('files that are not a question bank', () => {
	it('refuses a document without any question, and names legacy Vietnamese fonts', async () => {
		const none = await parseQuestionFile(await buildDocx(['Biên bản họp chi bộ', 'Nội dung']));
		expect(none).toEqual({ ok: false, error: { code: 'no_questions', params: {} } });
		const tcvn3 = await parseQuestionFile(await buildDocx(['C©u 1: Hái g×?', 'A. Mét', 'B. Hai']));
		expect(tcvn3).toEqual({ ok: false, error: { code: 'legacy_font', params: {} } });
	});

	it('tells a .doc, a damaged .docx, a zip that is not Word, an empty file and a PDF apart', async () => {
		const error = async (bytes: Uint8Array) => {
			const result = await parseQuestionFile(bytes);
			return result.ok ? null : result.error.code;
		};
		expect(await error(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toBe(
			'file_legacy_office'
		);
		const good = await buildDocx(['Câu 1: x', 'A. a', 'B. b', 'Đáp án: A']);
		expect(await error(good.slice(0, good.length - 200))).toBe('file_unreadable');
		const other = new JSZip();
		other.file('readme.txt', 'xin chào');
		expect(await error(await other.generateAsync({ type: 'uint8array' }))).toBe('file_type');
		expect(await error(new Uint8Array())).toBe('file_empty');
		expect(await error(new TextEncoder().encode('%PDF-1.7\n...'))).toBe('file_type');
		expect(await error(new Uint8Array(10 * 1024 * 1024 + 1))).toBe('file_too_large');
	});
});
