import { describe, expect, it } from 'vitest';
import { drawQuestions, sample, shuffle } from './draw';
import {
	acceptsSaveAt,
	attemptDeadline,
	compareEntries,
	competitionRanks,
	isAnswerCorrect,
	isBetterAttempt,
	type RankedEntry
} from './grading';

/** A repeatable generator for the drawing tests. */
function seeded(seed: number) {
	let s = seed;
	return () => {
		s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
		return s / 2_147_483_648;
	};
}

describe('grading', () => {
	it('a single-answer question is right only with its one option', () => {
		expect(isAnswerCorrect([2], [2])).toBe(true);
		expect(isAnswerCorrect([1], [2])).toBe(false);
		expect(isAnswerCorrect([1, 2], [2])).toBe(false);
		expect(isAnswerCorrect(null, [2])).toBe(false);
		expect(isAnswerCorrect([], [2])).toBe(false);
	});

	it('a multi-answer question needs all its options and no other', () => {
		expect(isAnswerCorrect([2, 0], [0, 2])).toBe(true);
		expect(isAnswerCorrect([0], [0, 2])).toBe(false);
		expect(isAnswerCorrect([0, 2, 3], [0, 2])).toBe(false);
		expect(isAnswerCorrect([0, 0], [0, 2])).toBe(false);
	});
});

describe('the ranking order', () => {
	const at = (s: number) => new Date(Date.UTC(2026, 10, 23, 3, 0, s));
	const entry = (c: number, d: number | null, ms: number, s: number): RankedEntry => ({
		correctCount: c,
		predictionDistance: d,
		durationMs: ms,
		finishedAt: at(s)
	});

	it('more correct answers first', () => {
		expect(compareEntries(entry(9, 100, 9000, 9), entry(8, 0, 1, 0))).toBeLessThan(0);
	});
	it('then the closer prediction, with no prediction last', () => {
		expect(compareEntries(entry(8, 3, 9000, 9), entry(8, 5, 1, 0))).toBeLessThan(0);
		expect(compareEntries(entry(8, null, 1, 0), entry(8, 500, 9000, 9))).toBeGreaterThan(0);
	});
	it('then the shorter time taken', () => {
		expect(compareEntries(entry(8, 3, 100, 9), entry(8, 3, 200, 0))).toBeLessThan(0);
	});
	it('then the earlier submission', () => {
		expect(compareEntries(entry(8, 3, 100, 1), entry(8, 3, 100, 2))).toBeLessThan(0);
	});
	it('shows ties that survive all four as ties', () => {
		const sorted = [entry(9, 1, 10, 0), entry(8, 1, 10, 0), entry(8, 1, 10, 0), entry(7, 0, 5, 0)];
		expect(competitionRanks(sorted)).toEqual([1, 2, 2, 4]);
	});
	it('of one person’s attempts, the most correct then the earliest counts', () => {
		expect(
			isBetterAttempt({ correctCount: 9, finishedAt: at(5) }, { correctCount: 8, finishedAt: at(1) })
		).toBe(true);
		expect(
			isBetterAttempt({ correctCount: 8, finishedAt: at(5) }, { correctCount: 8, finishedAt: at(1) })
		).toBe(false);
	});
});

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
