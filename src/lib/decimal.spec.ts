import { describe, expect, it } from 'vitest';
import { parseDecimal } from './decimal';

describe('parseDecimal', () => {
	it('reads a decimal comma and a decimal point alike', () => {
		expect(parseDecimal('23,5')).toEqual({ ok: true, value: 23.5 });
		expect(parseDecimal('23.5')).toEqual({ ok: true, value: 23.5 });
		expect(parseDecimal(' 7 ')).toEqual({ ok: true, value: 7 });
		expect(parseDecimal('23,50')).toEqual({ ok: true, value: 23.5 });
		expect(parseDecimal(',5')).toEqual({ ok: true, value: 0.5 });
	});

	it('never turns "2,5" into 25', () => {
		expect(parseDecimal('2,5')).toEqual({ ok: true, value: 2.5 });
	});

	it('leaves an empty field empty', () => {
		expect(parseDecimal('')).toEqual({ ok: true, value: null });
		expect(parseDecimal('   ')).toEqual({ ok: true, value: null });
	});

	it('refuses what it would have to guess: thousands separators, two separators, exponents, words', () => {
		for (const text of [
			'1.000',
			'1,000',
			'2,5,1',
			'2.5.1',
			'1 000',
			'1e2',
			'0x10',
			'Infinity',
			'mười',
			'5,',
			'+5',
			'2,5đ'
		])
			expect(parseDecimal(text), text).toEqual({ ok: false });
	});

	it('reads a minus sign, so that the range check can say "below zero"', () => {
		expect(parseDecimal('-1,5')).toEqual({ ok: true, value: -1.5 });
	});
});
