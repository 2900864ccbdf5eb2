import { describe, expect, it } from 'vitest';
import { fromVietnamLocal, nextMondayAt, toVietnamLocal, vietnamWeekday, weeklyRoundWindow } from './time';

describe('datetime-local values in Vietnam time', () => {
	it('reads "10:00 in Hanoi" as 03:00 UTC', () => {
		expect(fromVietnamLocal('2026-11-23T10:00')?.toISOString()).toBe('2026-11-23T03:00:00.000Z');
	});

	it('puts Vietnamese midnight on the previous UTC day', () => {
		expect(fromVietnamLocal('2026-12-01T00:00')?.toISOString()).toBe('2026-11-30T17:00:00.000Z');
		expect(fromVietnamLocal('2027-01-01T00:00')?.toISOString()).toBe('2026-12-31T17:00:00.000Z');
	});

	it('accepts the seconds some browsers add, and surrounding spaces', () => {
		expect(fromVietnamLocal(' 2026-11-23T09:00:30 ')?.toISOString()).toBe('2026-11-23T02:00:30.000Z');
	});

	it('refuses days that do not exist and malformed text', () => {
		for (const bad of [
			'2026-11-31T10:00',
			'2026-02-29T10:00',
			'2026-13-01T10:00',
			'2026-00-10T10:00',
			'2026-11-23T24:00',
			'2026-11-23T10:60',
			'2026-11-23 10:00',
			'23/11/2026 10:00',
			''
		]) {
			expect(fromVietnamLocal(bad), bad).toBeNull();
		}
		expect(fromVietnamLocal('2028-02-29T23:59')?.toISOString()).toBe('2028-02-29T16:59:00.000Z');
	});

	it('shows an instant as the wall clock in Vietnam, across the UTC day and month end', () => {
		expect(toVietnamLocal(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01T00:00');
		expect(toVietnamLocal(new Date('2026-12-31T16:59:59Z'))).toBe('2026-12-31T23:59');
		expect(toVietnamLocal(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01T00:00');
		expect(toVietnamLocal(new Date('2026-02-28T17:30:00Z'))).toBe('2026-03-01T00:30');
	});

	it('round-trips every value a form sends', () => {
		for (const value of ['2026-01-01T00:00', '2026-06-15T12:34', '2026-12-31T23:59', '2028-02-29T07:00']) {
			expect(toVietnamLocal(fromVietnamLocal(value)!)).toBe(value);
		}
	});
});

describe('weekly rounds', () => {
	it('knows the Vietnamese weekday when UTC is still on the day before', () => {
		// 2026-11-22 is a Sunday; 17:30 UTC is already Monday 00:30 in Vietnam.
		expect(vietnamWeekday(new Date('2026-11-22T17:30:00Z'))).toBe(1);
		expect(vietnamWeekday(new Date('2026-11-22T16:59:00Z'))).toBe(7);
	});

	it('starts the next round on the coming Monday at 10:00 Vietnam time', () => {
		// Saturday 21/11/2026 → Monday 23/11/2026 10:00
		expect(toVietnamLocal(nextMondayAt(fromVietnamLocal('2026-11-21T15:00')!))).toBe('2026-11-23T10:00');
		// Monday before 10:00 → the same day
		expect(toVietnamLocal(nextMondayAt(fromVietnamLocal('2026-11-23T09:59')!))).toBe('2026-11-23T10:00');
		// exactly 10:00 → that moment
		expect(toVietnamLocal(nextMondayAt(fromVietnamLocal('2026-11-23T10:00')!))).toBe('2026-11-23T10:00');
		// Monday after 10:00 → a week later
		expect(toVietnamLocal(nextMondayAt(fromVietnamLocal('2026-11-23T10:01')!))).toBe('2026-11-30T10:00');
		// Sunday late evening → Monday 30/11/2026, the last day of the month
		expect(toVietnamLocal(nextMondayAt(fromVietnamLocal('2026-11-29T23:30')!))).toBe('2026-11-30T10:00');
		// across a year end: Thursday 31/12/2026 → Monday 04/01/2027
		expect(toVietnamLocal(nextMondayAt(fromVietnamLocal('2026-12-31T20:00')!))).toBe('2027-01-04T10:00');
	});

	it('runs a weekly round from Monday 10:00 to the next Monday 09:00', () => {
		const { opensAt, closesAt } = weeklyRoundWindow(fromVietnamLocal('2026-11-25T08:00')!);
		expect(toVietnamLocal(opensAt)).toBe('2026-11-30T10:00');
		expect(toVietnamLocal(closesAt)).toBe('2026-12-07T09:00');
		// the next round, started from the close of this one, opens an hour later
		expect(toVietnamLocal(weeklyRoundWindow(closesAt).opensAt)).toBe('2026-12-07T10:00');
	});
});
