import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalesce';

describe('Coalescer', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('fires at once after a quiet window, then at most once per window however many pokes arrive', () => {
		const fired: string[] = [];
		const c = new Coalescer<string>(2000, (key) => fired.push(key));
		c.poke('a');
		expect(fired).toEqual(['a']); // leading edge: no wait for the first change
		// 10,000 finishes within the next 2 s: one more push, at the end of the window
		for (let i = 0; i < 10_000; i++) {
			vi.advanceTimersByTime(0.19);
			c.poke('a');
		}
		expect(fired).toEqual(['a']);
		vi.advanceTimersByTime(2000);
		expect(fired).toEqual(['a', 'a']);
		// nothing more arrives: nothing more is sent
		vi.advanceTimersByTime(60_000);
		expect(fired).toEqual(['a', 'a']);
	});

	it('under a steady stream sends one call per window (30 s of pokes every 10 ms → about 15 calls)', () => {
		let n = 0;
		const c = new Coalescer<number>(2000, () => n++);
		for (let t = 0; t < 30_000; t += 10) {
			c.poke(1);
			vi.advanceTimersByTime(10);
		}
		vi.advanceTimersByTime(2000);
		expect(n).toBeGreaterThanOrEqual(15);
		expect(n).toBeLessThanOrEqual(16);
	});

	it('never loses the last change: a poke inside the window is delivered at its end', () => {
		const times: number[] = [];
		const c = new Coalescer<string>(2000, () => times.push(Date.now()));
		const start = Date.now();
		c.poke('a');
		vi.advanceTimersByTime(500);
		c.poke('a');
		vi.advanceTimersByTime(1499);
		expect(times.length).toBe(1);
		vi.advanceTimersByTime(1);
		expect(times.map((t) => t - start)).toEqual([0, 2000]);
	});

	it('keeps keys apart: each contest has its own window', () => {
		const fired: number[] = [];
		const c = new Coalescer<number>(2000, (key) => fired.push(key));
		c.poke(1);
		c.poke(2);
		c.poke(1);
		expect(fired).toEqual([1, 2]);
		vi.advanceTimersByTime(2000);
		expect(fired).toEqual([1, 2, 1]);
	});

	it('forget and clear drop what was pending', () => {
		const fired: number[] = [];
		const c = new Coalescer<number>(2000, (key) => fired.push(key));
		c.poke(1);
		c.poke(1);
		c.poke(2);
		c.poke(2);
		c.forget(1);
		c.clear();
		vi.advanceTimersByTime(10_000);
		expect(fired).toEqual([1, 2]);
	});

	it('a failing call does not break later ones', () => {
		const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
		let n = 0;
		const c = new Coalescer<number>(100, () => {
			n++;
			throw new Error('boom');
		});
		c.poke(1);
		vi.advanceTimersByTime(100);
		c.poke(1);
		expect(n).toBe(2);
		spy.mockRestore();
	});
});
