import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatRate } from './format';

describe('Vietnamese formats', () => {
	it('shows a calendar date as day/month/year', () => {
		expect(formatDate('1990-05-07')).toBe('07/05/1990');
	});

	it("shows an instant in Vietnam's time (UTC+7), 24-hour clock", () => {
		const text = formatDateTime(new Date('2026-11-21T17:30:00Z'));
		expect(text).toContain('22/11/2026');
		expect(text).toContain('00:30');
	});

	it('shows a rate with a decimal comma, and none without a headcount', () => {
		expect(formatRate(974, 1000)).toBe('97,4%');
		expect(formatRate(3, 0)).toBeNull();
	});
});
