import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
	it('lets the limit through, then answers with the seconds to wait', () => {
		const limiter = new RateLimiter(3, 60_000);
		const t = 1_000_000;
		expect(limiter.hit('a', t).ok).toBe(true);
		expect(limiter.hit('a', t).ok).toBe(true);
		expect(limiter.hit('a', t).ok).toBe(true);
		expect(limiter.hit('a', t + 15_000)).toEqual({ ok: false, retryAfter: 45 });
		expect(limiter.hit('b', t).ok).toBe(true);
	});

	it('opens again when the window has passed', () => {
		const limiter = new RateLimiter(1, 1_000);
		expect(limiter.hit('a', 0).ok).toBe(true);
		expect(limiter.hit('a', 500).ok).toBe(false);
		expect(limiter.hit('a', 1_000).ok).toBe(true);
	});

	it('reset forgets a key (a successful sign-in clears its count)', () => {
		const limiter = new RateLimiter(1, 60_000);
		limiter.hit('a', 0);
		expect(limiter.hit('a', 1).ok).toBe(false);
		limiter.reset('a');
		expect(limiter.hit('a', 2).ok).toBe(true);
	});
});
