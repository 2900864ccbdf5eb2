import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { histogramOf, scoreHistogram } from './histogram';
import { finishedAttempt } from './spec-helpers';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

describe('score histogram', () => {
	it('bins each person once by their best score, from 0 to the number of questions', async () => {
		const db = handle.db;
		const unit = await makeUnit(db, 'HI', null, 10);
		const { round } = await makeQuizRound(db, { perAttempt: 4, bankSize: 8 });
		const scores = [[0], [1, 2], [2], [4, 3]];
		for (const tries of scores) {
			const userId = (await makeUser(db, unit.id)).id;
			for (const [i, correct] of tries.entries()) {
				await finishedAttempt(db, {
					roundId: round.id,
					userId,
					unitId: unit.id,
					correct,
					finishedAt: new Date(Date.UTC(2026, 10, 23, 3, i))
				});
			}
		}
		const histogram = await scoreHistogram(db, round.id);
		expect(histogram.maxScore).toBe(4);
		expect(histogram.bins.map((b) => b.people)).toEqual([1, 0, 2, 0, 1]);
		expect(histogram.people).toBe(4);
		expect(histogram.meanScore).toBe(2);
		expect(histogram.medianScore).toBe(2);
	});

	it('has empty bins and no mean for a round nobody finished', () => {
		expect(histogramOf(3, [])).toEqual({
			maxScore: 3,
			bins: [0, 1, 2, 3].map((score) => ({ score, people: 0 })),
			people: 0,
			meanScore: null,
			medianScore: null
		});
		// the lower median of an even count
		expect(
			histogramOf(2, [
				{ score: 0, people: 2 },
				{ score: 2, people: 2 }
			]).medianScore
		).toBe(0);
	});
});
