import { describe, expect, it } from 'vitest';
import { formatDateTimeValue, parseDateTimeText } from './date-time-text';

describe('the date-time field text', () => {
	it('reads dd/mm/yyyy HH:mm as a Vietnam wall-clock value', () => {
		expect(parseDateTimeText('21/11/2026 08:05')).toBe('2026-11-21T08:05');
		expect(parseDateTimeText(' 1/2/2027 7:30 ')).toBe('2027-02-01T07:30');
		expect(parseDateTimeText('01/02/2027 7h30')).toBe('2027-02-01T07:30');
	});

	it('refuses dates that do not exist and other spellings', () => {
		expect(parseDateTimeText('31/02/2027 08:00')).toBeNull();
		expect(parseDateTimeText('21/13/2026 08:00')).toBeNull();
		expect(parseDateTimeText('21/11/2026 24:00')).toBeNull();
		expect(parseDateTimeText('2026-11-21 08:00')).toBeNull();
		expect(parseDateTimeText('21/11/2026')).toBeNull();
	});

	it('shows a form value as dd/mm/yyyy HH:mm', () => {
		expect(formatDateTimeValue('2026-11-21T08:05')).toBe('21/11/2026 08:05');
		expect(formatDateTimeValue('')).toBe('');
	});
});
