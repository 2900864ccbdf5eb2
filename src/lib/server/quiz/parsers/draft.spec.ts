import { describe, expect, it } from 'vitest';
import { cleanBlock, parseAnswerLetters, parseDifficulty, questionKey } from './draft';

describe('answers as organizers write them', () => {
	it.each([
		['B', ['B']],
		['b', ['B']],
		['B.', ['B']],
		['(B)', ['B']],
		['B. 1945', ['B']],
		['A, C', ['A', 'C']],
		['A;C', ['A', 'C']],
		['A và C', ['A', 'C']],
		['A & D', ['A', 'D']],
		['AC', ['A', 'C']],
		['A, B và D', ['A', 'B', 'D']],
		['B - Sai', ['B']]
	])('reads %j', (written, letters) => {
		expect(parseAnswerLetters(written)).toEqual(letters);
	});

	it.each(['Cả hai', 'Đúng', '', 'không có'])('finds no letter in %j', (written) => {
		expect(parseAnswerLetters(written)).toBeNull();
	});
});

describe('difficulty words', () => {
	it('reads numbers, Dễ/Trung bình/Khó and the levels of Vietnamese tests, with or without diacritics', () => {
		expect(
			['1', 'Dễ', 'de', 'Nhận biết', '2', 'Trung bình', 'Thông hiểu', '3', 'KHÓ', 'Vận dụng cao'].map(
				parseDifficulty
			)
		).toEqual([1, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
		expect(parseDifficulty('4')).toBeNull();
	});
});

describe('duplicates and text', () => {
	it('treats case, spacing, NFD and the order of options as the same question', () => {
		expect(questionKey('Phát biểu nào  đúng?', ['Một', 'Hai'])).toBe(
			questionKey('PHÁT BIỂU NÀO ĐÚNG?'.normalize('NFD'), ['hai', 'MỘT'])
		);
		expect(questionKey('Phát biểu nào đúng?', ['Một', 'Hai'])).not.toBe(
			questionKey('Phát biểu nào đúng?', ['Một', 'Ba'])
		);
	});

	it('keeps line breaks in a question but not blank lines or stray spaces', () => {
		expect(cleanBlock('  Điền vào chỗ trống:  \r\n\r\n   "Không có gì   quý hơn"  \n')).toBe(
			'Điền vào chỗ trống:\n"Không có gì quý hơn"'
		);
	});
});
