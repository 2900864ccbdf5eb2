import { describe, expect, it } from 'vitest';
import { drawQuestions, sample, shuffle } from './draw';

/** A repeatable generator for the drawing tests. */
function seeded(seed: number) {
	let s = seed;
	return () => {
		s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
		return s / 2_147_483_648;
	};
}

describe('drawing', () => {
	it('shuffles without losing or repeating items', () => {
		const items = Array.from({ length: 20 }, (_, i) => i);
		const out = shuffle(items, seeded(1));
		expect(out).not.toEqual(items);
		expect([...out].sort((a, b) => a - b)).toEqual(items);
	});

	it('samples distinct items and refuses to draw more than there are', () => {
		const drawn = sample([1, 2, 3, 4, 5], 3, seeded(2));
		expect(new Set(drawn).size).toBe(3);
		expect(() => sample([1, 2], 3)).toThrow();
	});

	it("draws each topic's share and keeps the order when nothing is shuffled", () => {
		const topic = (id: number, n: number) =>
			Array.from({ length: n }, (_, i) => ({ id: id * 100 + i, optionPositions: [0, 1, 2, 3] }));
		const drawn = drawQuestions(
			[
				{ topicId: 1, count: 3, questions: topic(1, 10) },
				{ topicId: 2, count: 2, questions: topic(2, 4) }
			],
			{ shuffleQuestions: false, shuffleOptions: false },
			seeded(3)
		);
		expect(drawn.map((q) => Math.floor(q.questionId / 100))).toEqual([1, 1, 1, 2, 2]);
		expect(drawn.every((q) => q.optionOrder.join() === '0,1,2,3')).toBe(true);
		const shuffled = drawQuestions(
			[{ topicId: 1, count: 10, questions: topic(1, 10) }],
			{
				shuffleQuestions: true,
				shuffleOptions: true
			},
			seeded(4)
		);
		expect(shuffled.some((q) => q.optionOrder.join() !== '0,1,2,3')).toBe(true);
	});
});
