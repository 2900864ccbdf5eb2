import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatPercent, formatRate, formatScore } from './format';

describe('Vietnamese formats', () => {
	it('shows a calendar date as day/month/year', () => {
		expect(formatDate('1990-05-07')).toBe('07/05/1990');
	});

	it("shows an instant in Vietnam's time (UTC+7), 24-hour clock", () => {
		expect(formatDateTime(new Date('2026-11-21T17:30:00Z'))).toBe('22/11/2026 00:30');
		expect(formatDateTime('2026-11-21T05:05:00Z')).toBe('21/11/2026 12:05');
	});

	it('shows a rate with a decimal comma, and none without a headcount', () => {
		expect(formatRate(974, 1000)).toBe('97,4\u00a0%');
		expect(formatRate(3, 0)).toBeNull();
	});

	it('writes percentages and scores the Vietnamese way', () => {
		expect(formatPercent(0.678)).toBe('67,8\u00a0%');
		expect(formatPercent(1)).toBe('100\u00a0%');
		expect(formatScore(7.4)).toBe('7,4');
		expect(formatScore(7.45, 2)).toBe('7,45');
		expect(formatScore(null)).toBe('–');
	});
});
