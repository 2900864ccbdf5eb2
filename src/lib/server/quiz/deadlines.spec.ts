import { describe, expect, it } from 'vitest';
import { acceptsSaveAt, attemptDeadline } from './deadlines';

describe('deadlines', () => {
	const start = new Date('2026-11-23T03:00:00Z');
	it('is the time limit, cut by the round’s close', () => {
		expect(attemptDeadline(start, 1200, new Date('2026-11-30T02:00:00Z')).toISOString()).toBe(
			'2026-11-23T03:20:00.000Z'
		);
		expect(attemptDeadline(start, 1200, new Date('2026-11-23T03:05:00Z')).toISOString()).toBe(
			'2026-11-23T03:05:00.000Z'
		);
	});
	it('accepts saves up to the grace after it, and not a millisecond later', () => {
		const deadline = new Date('2026-11-23T03:20:00Z');
		expect(acceptsSaveAt(new Date('2026-11-23T03:20:30Z'), deadline, 30)).toBe(true);
		expect(acceptsSaveAt(new Date('2026-11-23T03:20:30.001Z'), deadline, 30)).toBe(false);
	});
});
