import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from './retry-policy';

/** How many posts a page makes in `windowMs` against a server that always fails, with a fixed random draw. */
function postsWithin(windowMs: number, random: () => number, retryAfterSeconds: number | null = null) {
	let t = 0;
	let posts = 0;
	for (let failures = 1; t <= windowMs; failures++) {
		posts++;
		t += retryDelay(failures, { random, retryAfterSeconds });
	}
	return posts;
}

describe('retrying a failed submit', () => {
	it('backs off exponentially: a server that keeps failing gets a handful of posts in 10 s, not one per tick', () => {
		expect(postsWithin(10_000, () => 0)).toBeLessThanOrEqual(5);
		expect(postsWithin(10_000, () => 1)).toBeLessThanOrEqual(4);
		expect(postsWithin(60_000, () => 0)).toBeLessThanOrEqual(8);
	});

	it('spreads the pages that failed together (jitter), within half to all of the step', () => {
		const low = retryDelay(3, { random: () => 0 });
		const high = retryDelay(3, { random: () => 0.999 });
		expect(high).toBeGreaterThan(low);
		expect(low).toBeGreaterThanOrEqual(high / 2 - 1);
	});

	it('never waits longer than the cap between two tries (the deadline sweep finishes stragglers anyway)', () => {
		expect(retryDelay(30, { random: () => 0.999 })).toBeLessThanOrEqual(30_000);
	});

	it('honours the server’s Retry-After', () => {
		expect(retryDelay(1, { retryAfterSeconds: 20, random: () => 0 })).toBeGreaterThanOrEqual(20_000);
		expect(postsWithin(10_000, () => 0, 6)).toBeLessThanOrEqual(2);
	});

	it('reads Retry-After as seconds or as an HTTP date, and ignores nonsense', () => {
		expect(parseRetryAfter('7')).toBe(7);
		const now = Date.UTC(2026, 11, 5, 4, 0, 0);
		expect(parseRetryAfter('Sat, 05 Dec 2026 04:00:30 GMT', now)).toBe(30);
		expect(parseRetryAfter('soon')).toBeNull();
		expect(parseRetryAfter(null)).toBeNull();
		expect(parseRetryAfter('-5')).toBeNull();
	});
});
