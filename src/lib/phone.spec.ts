import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone } from './phone';

describe('normalizePhone', () => {
	it.each([
		'0912345678',
		'+84 912 345 678',
		'+84912345678',
		'84912345678',
		'0084 912 345 678',
		'(+84) 912.345.678',
		'+84 0912 345 678',
		'0084 0912345678',
		'0912-345-678',
		'912345678',
		'０９１２３４５６７８'
	])('reads %s as the same person', (input) => {
		expect(normalizePhone(input)).toBe('0912345678');
	});

	it.each(['', 'abc', '091234567', '09123456789', '0212345678', '+1 202 555 0100', '0112345678'])(
		'refuses %s',
		(input) => {
			expect(normalizePhone(input)).toBeNull();
		}
	);

	it('formats for display', () => {
		expect(formatPhone('0912345678')).toBe('0912 345 678');
	});
});
