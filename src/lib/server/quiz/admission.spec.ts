import { describe, expect, it } from 'vitest';
import { Admission } from './admission';

function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

describe('admission control for a burst of starts', () => {
	it('runs up to `active` at once, queues the next ones, and refuses at once beyond the queue', async () => {
		const admission = new Admission(2, 1, 5_000, [2, 6]);
		const g = gate();
		const order: string[] = [];
		const job = (name: string) => () => g.opened.then(() => order.push(name));
		const a = admission.run(job('a'));
		const b = admission.run(job('b'));
		const c = admission.run(job('c')); // waits
		const refused = await admission.run(job('d')); // queue full
		expect(refused.ok).toBe(false);
		if (!refused.ok) {
			expect(refused.retryAfter).toBeGreaterThanOrEqual(2);
			expect(refused.retryAfter).toBeLessThanOrEqual(6);
		}
		expect(admission.load).toEqual({ running: 2, waiting: 1 });
		g.open();
		const results = await Promise.all([a, b, c]);
		expect(results.every((r) => r.ok)).toBe(true);
		expect(order).toEqual(['a', 'b', 'c']);
		expect(admission.load).toEqual({ running: 0, waiting: 0 });
	});

	it('refuses a waiter whose turn does not come within the wait limit, and frees the slot after an error', async () => {
		const admission = new Admission(1, 5, 30);
		const g = gate();
		const first = admission.run(() => g.opened);
		const second = await admission.run(async () => 'never');
		expect(second.ok).toBe(false);
		expect(admission.load).toEqual({ running: 1, waiting: 0 });
		g.open();
		await first;
		await expect(admission.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(admission.load).toEqual({ running: 0, waiting: 0 });
		expect(await admission.run(async () => 42)).toEqual({ ok: true, value: 42 });
	});

	it('refuses at once while the process says it is overloaded, and admits again when it is not', async () => {
		let overloaded = true;
		const admission = new Admission(4, 10, 1_000, [3, 3], () => overloaded);
		let ran = 0;
		expect(await admission.run(async () => ran++)).toEqual({ ok: false, retryAfter: 3 });
		expect(ran).toBe(0);
		overloaded = false;
		expect(await admission.run(async () => ++ran)).toEqual({ ok: true, value: 1 });
	});

	it('tells before any other work that a start would be refused now, and not while a place is free', async () => {
		let overloaded = false;
		const admission = new Admission(1, 1, 5_000, [4, 4], () => overloaded);
		expect(admission.refusesNow()).toBeNull();
		const g = gate();
		const first = admission.run(() => g.opened);
		expect(admission.refusesNow()).toBeNull(); // the queue still has a place
		const second = admission.run(() => g.opened);
		expect(admission.refusesNow()).toEqual({ ok: false, retryAfter: 4 });
		g.open();
		await Promise.all([first, second]);
		expect(admission.refusesNow()).toBeNull();
		overloaded = true;
		expect(admission.refusesNow()).toEqual({ ok: false, retryAfter: 4 });
	});
});
