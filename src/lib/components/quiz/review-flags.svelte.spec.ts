import { describe, expect, it } from 'vitest';
import { ReviewFlags } from './review-flags.svelte';

function memoryStorage() {
	const data = new Map<string, string>();
	return {
		getItem: (k: string) => data.get(k) ?? null,
		setItem: (k: string, v: string) => void data.set(k, v),
		removeItem: (k: string) => void data.delete(k),
		data
	};
}

describe('review flags', () => {
	it('toggles a flag and keeps the flags across a reload of the page', () => {
		const storage = memoryStorage();
		const flags = new ReviewFlags('flags:1', () => storage);
		flags.toggle(3);
		flags.toggle(0);
		expect(flags.positions).toEqual([0, 3]);

		const again = new ReviewFlags('flags:1', () => storage);
		again.restore();
		expect(again.has(3)).toBe(true);
		again.toggle(3);
		again.toggle(0);
		expect(again.positions).toEqual([]);
		expect(storage.data.has('flags:1')).toBe(false);
	});

	it('ignores unreadable stored flags', () => {
		const storage = memoryStorage();
		storage.setItem('flags:2', '{not json');
		const flags = new ReviewFlags('flags:2', () => storage);
		flags.restore();
		expect(flags.positions).toEqual([]);
	});
});
