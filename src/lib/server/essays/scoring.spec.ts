import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	advance,
	aggregateScores,
	checkRubric,
	needsThirdJudge,
	rankEntries,
	rubricTotal,
	settleScore,
	suggestAwards,
	type JudgeScore
} from './scoring';

const rubric = [
	{ id: 'content', maxPoints: 90 },
	{ id: 'presentation', maxPoints: 10 }
];

describe('rubricTotal', () => {
	it('adds the criteria, half points included', () => {
		expect(rubricTotal(rubric, { content: 72.5, presentation: 8 })).toEqual({ ok: true, total: 80.5 });
		expect(rubricTotal(rubric, { content: 0, presentation: 10 })).toEqual({ ok: true, total: 10 });
	});

	it('refuses a submission with a criterion left unscored', () => {
		expect(rubricTotal(rubric, { content: 70 })).toEqual({
			ok: false,
			errors: [{ criterionId: 'presentation', code: 'missing' }]
		});
	});

	it('reports each out-of-range or off-step criterion by code', () => {
		expect(rubricTotal(rubric, { content: 90.5, presentation: -1 })).toEqual({
			ok: false,
			errors: [
				{ criterionId: 'content', code: 'above_max' },
				{ criterionId: 'presentation', code: 'below_zero' }
			]
		});
		expect(rubricTotal(rubric, { content: 70.25, presentation: Number.NaN })).toEqual({
			ok: false,
			errors: [
				{ criterionId: 'content', code: 'not_half_step' },
				{ criterionId: 'presentation', code: 'not_a_number' }
			]
		});
	});

	it('refuses points for a criterion the rubric does not have', () => {
		expect(rubricTotal(rubric, { content: 70, presentation: 5, style: 3 })).toEqual({
			ok: false,
			errors: [{ criterionId: 'style', code: 'unknown_criterion' }]
		});
	});
});

describe('checkRubric', () => {
	it('accepts maxima that sum exactly to the scale', () => {
		expect(checkRubric(rubric, 100)).toEqual({ ok: true });
	});

	it('refuses maxima that do not sum to the scale', () => {
		expect(checkRubric(rubric, 120)).toEqual({
			ok: false,
			errors: [{ criterionId: null, code: 'sum_not_scale' }]
		});
	});

	it('refuses empty rubrics, non-positive maxima and duplicate ids', () => {
		expect(checkRubric([], 100)).toEqual({
			ok: false,
			errors: [{ criterionId: null, code: 'no_criteria' }]
		});
		expect(
			checkRubric(
				[
					{ id: 'content', maxPoints: 100 },
					{ id: 'content', maxPoints: 0 }
				],
				100
			)
		).toEqual({
			ok: false,
			errors: [
				{ criterionId: 'content', code: 'duplicate_id' },
				{ criterionId: 'content', code: 'max_not_positive' }
			]
		});
	});
});

describe('needsThirdJudge', () => {
	it('calls a third judge at exactly the threshold, not below it', () => {
		expect(needsThirdJudge([80, 60], 20)).toBe(true);
		expect(needsThirdJudge([60, 80], 20)).toBe(true);
		expect(needsThirdJudge([79.5, 60], 20)).toBe(false);
		expect(needsThirdJudge([80, 60.5], 20)).toBe(false);
		expect(needsThirdJudge([85, 60], 20)).toBe(true);
	});

	it('looks at the spread (max − min) of every regular judge, not only the first two', () => {
		// issue 11: three judges 80 / 82 / 60 with a threshold of 15 were never flagged
		expect(needsThirdJudge([80, 82, 60], 15)).toBe(true);
		expect(needsThirdJudge([80, 75, 30], 20)).toBe(true);
		expect(needsThirdJudge([60, 70, 74.5], 15)).toBe(false);
		expect(needsThirdJudge([60, 70, 75], 15)).toBe(true);
		expect(needsThirdJudge([80], 20)).toBe(false);
	});
});

describe('settleScore', () => {
	it('mean: averages every judge', () => {
		expect(settleScore([80, 60, 75], 'mean')).toBe(71.67);
		expect(settleScore([80, 61], 'mean')).toBe(70.5);
	});

	it('third_settles: the third judge decides, two judges are averaged', () => {
		expect(settleScore([80, 55, 62], 'third_settles')).toBe(62);
		expect(settleScore([80, 61], 'third_settles')).toBe(70.5);
	});

	it('third_settles with three regular judges: the mean until an extra judge scores, then the extra judge', () => {
		expect(settleScore([70, 72, 74], 'third_settles', { extra: false })).toBe(72);
		expect(settleScore([80, 82, 60, 75], 'third_settles', { extra: true })).toBe(75);
	});

	it('closest_two: averages the closest pair', () => {
		expect(settleScore([80, 55, 75], 'closest_two')).toBe(77.5);
		expect(settleScore([80, 55, 60], 'closest_two')).toBe(57.5);
	});

	it('closest_two: between equally close pairs the higher one wins', () => {
		expect(settleScore([50, 70, 60], 'closest_two')).toBe(65);
	});

	it('has nothing to settle without scores, and keeps a lone score', () => {
		expect(settleScore([], 'mean')).toBeNull();
		expect(settleScore([64.5], 'closest_two')).toBe(64.5);
	});

	it('always lands within the judges’ scores', () => {
		const halfPoints = fc.integer({ min: 0, max: 200 }).map((n) => n / 2);
		fc.assert(
			fc.property(
				fc.array(halfPoints, { minLength: 1, maxLength: 5 }),
				fc.constantFrom('mean' as const, 'third_settles' as const, 'closest_two' as const),
				(totals, rule) => {
					const settled = settleScore(totals, rule)!;
					expect(settled).toBeGreaterThanOrEqual(Math.min(...totals) - 0.005);
					expect(settled).toBeLessThanOrEqual(Math.max(...totals) + 0.005);
				}
			)
		);
	});
});

describe('aggregateScores', () => {
	// Judge A is lenient (70/90, mean 80, SD 10), judge B severe (50/60, mean 55, SD 5). Pool of 8 scores:
	// mean 540/8 = 67.5, variance (2·2.5² + 2·22.5² + 2·17.5² + 2·7.5²)/8 = 218.75, SD √218.75 ≈ 14.7902.
	// z = ±1 for every score, so an entry's normalized mean is 67.5, or 67.5 ± 14.7902 = 82.29 / 52.71.
	const scores: JudgeScore[] = [
		{ entryId: 'e1', judgeId: 'A', total: 70 },
		{ entryId: 'e1', judgeId: 'B', total: 60 },
		{ entryId: 'e2', judgeId: 'A', total: 70 },
		{ entryId: 'e2', judgeId: 'B', total: 50 },
		{ entryId: 'e3', judgeId: 'A', total: 90 },
		{ entryId: 'e3', judgeId: 'B', total: 60 },
		{ entryId: 'e4', judgeId: 'A', total: 90 },
		{ entryId: 'e4', judgeId: 'B', total: 50 }
	];

	it('puts raw and normalized aggregates side by side', () => {
		const result = aggregateScores(scores, { scale: 100, minScores: 4 });
		expect(result.pool).toEqual({ count: 8, mean: 67.5, sd: 14.79 });
		expect(result.entries.get('e1')).toMatchObject({
			count: 2,
			mean: 65,
			median: 65,
			spread: 10,
			normalizedMean: 67.5
		});
		expect(result.entries.get('e2')?.normalizedMean).toBe(52.71);
		expect(result.entries.get('e3')?.normalizedMean).toBe(82.29);
		expect(result.entries.get('e4')).toMatchObject({
			count: 2,
			mean: 70,
			median: 70,
			spread: 40,
			normalizedMean: 67.5
		});
	});

	it('reports each judge against the pool', () => {
		const { judges } = aggregateScores(scores, { scale: 100, minScores: 4 });
		expect(judges.get('A')).toEqual({ count: 4, mean: 80, sd: 10, meanVsPool: 12.5, normalizable: true });
		expect(judges.get('B')).toEqual({ count: 4, mean: 55, sd: 5, meanVsPool: -12.5, normalizable: true });
	});

	it('shows normalization as not applicable below the minimum number of scores', () => {
		const result = aggregateScores(scores, { scale: 100 });
		expect(result.judges.get('A')?.normalizable).toBe(false);
		expect([...result.entries.values()].map((e) => e.normalizedMean)).toEqual([null, null, null, null]);
		expect(result.entries.get('e3')?.mean).toBe(75);
	});

	it('leaves an entry unnormalized when one of its judges has too few scores or gives one score to all', () => {
		const withThird = [
			...scores,
			{ entryId: 'e4', judgeId: 'C', total: 40 },
			{ entryId: 'e5', judgeId: 'A', total: 80 },
			{ entryId: 'e5', judgeId: 'D', total: 70 },
			{ entryId: 'e6', judgeId: 'D', total: 70 }
		];
		const result = aggregateScores(withThird, { scale: 100, minScores: 2 });
		expect(result.judges.get('C')?.normalizable).toBe(false);
		expect(result.judges.get('D')).toMatchObject({ count: 2, sd: 0, normalizable: false });
		expect(result.entries.get('e4')).toMatchObject({
			count: 3,
			median: 50,
			spread: 50,
			normalizedMean: null
		});
		expect(result.entries.get('e5')?.normalizedMean).toBeNull();
		expect(result.entries.get('e1')?.normalizedMean).not.toBeNull();
	});

	it('refuses two scores by one judge for one entry', () => {
		expect(() => aggregateScores([scores[0], scores[0]], { scale: 100 })).toThrow(/duplicate/);
	});
});

const ranked = rankEntries([
	{ entryId: 'f', score: 70 },
	{ entryId: 'c', score: 80 },
	{ entryId: 'a', score: 90 },
	{ entryId: 'e', score: 80 },
	{ entryId: 'b', score: 85 },
	{ entryId: 'd', score: 80.000000000001 }
]);

describe('rankEntries', () => {
	it('ranks 1, 2, 3, 3, 3, 6 and flags the tie', () => {
		expect(ranked.map((e) => [e.entryId, e.rank, e.tied])).toEqual([
			['a', 1, false],
			['b', 2, false],
			['c', 3, true],
			['d', 3, true],
			['e', 3, true],
			['f', 6, false]
		]);
	});

	it('gives every entry one plus the number of entries strictly above it', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }), (points) => {
				const result = rankEntries(points.map((score, i) => ({ entryId: `x${i}`, score })));
				for (const entry of result) {
					expect(entry.rank).toBe(1 + points.filter((p) => p > entry.score).length);
					expect(entry.tied).toBe(points.filter((p) => p === entry.score).length > 1);
				}
			})
		);
	});
});

describe('advance', () => {
	it('top_k: holds back the tie straddling the k-th place for the organizer', () => {
		expect(advance(ranked, { rule: 'top_k', k: 3 })).toEqual({ advanced: ['a', 'b'], cut: ['c', 'd', 'e'] });
		expect(advance(ranked, { rule: 'top_k', k: 4 })).toEqual({ advanced: ['a', 'b'], cut: ['c', 'd', 'e'] });
	});

	it('top_k: advances a tie that ends exactly at k', () => {
		expect(advance(ranked, { rule: 'top_k', k: 5 })).toEqual({
			advanced: ['a', 'b', 'c', 'd', 'e'],
			cut: []
		});
		expect(advance(ranked, { rule: 'top_k', k: 2 })).toEqual({ advanced: ['a', 'b'], cut: [] });
	});

	it('min_score: advances everyone at or above the minimum', () => {
		expect(advance(ranked, { rule: 'min_score', min: 80 })).toEqual({
			advanced: ['a', 'b', 'c', 'd', 'e'],
			cut: []
		});
	});

	it('top_k: never advances more than k, and the cut fills the gap', () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 25 }),
				fc.integer({ min: 1, max: 25 }),
				(points, k) => {
					const list = rankEntries(points.map((score, i) => ({ entryId: `x${i}`, score })));
					const { advanced, cut } = advance(list, { rule: 'top_k', k });
					expect(advanced.length).toBeLessThanOrEqual(k);
					expect(advanced.length + cut.length).toBeGreaterThanOrEqual(Math.min(k, points.length));
				}
			)
		);
	});
});

describe('suggestAwards', () => {
	it('fills tiers by count and flags ties across a boundary instead of splitting them', () => {
		const tiers = [
			{ name: 'Nhất', count: 1 },
			{ name: 'Nhì', count: 1 },
			{ name: 'Ba', count: 2 }
		];
		expect(suggestAwards(ranked, tiers)).toEqual([
			{ entryId: 'a', tier: 'Nhất', boundaryTie: false },
			{ entryId: 'b', tier: 'Nhì', boundaryTie: false },
			{ entryId: 'c', tier: 'Ba', boundaryTie: true },
			{ entryId: 'd', tier: 'Ba', boundaryTie: true },
			{ entryId: 'e', tier: 'Ba', boundaryTie: true },
			{ entryId: 'f', tier: null, boundaryTie: false }
		]);
	});

	it('gives a tie crossing into the next tier the higher tier, flagged', () => {
		const tiers = [
			{ name: 'Nhất', count: 1 },
			{ name: 'Nhì', count: 3 },
			{ name: 'Khuyến khích', count: 2 }
		];
		expect(suggestAwards(ranked, tiers).map((s) => [s.entryId, s.tier, s.boundaryTie])).toEqual([
			['a', 'Nhất', false],
			['b', 'Nhì', false],
			['c', 'Nhì', true],
			['d', 'Nhì', true],
			['e', 'Nhì', true],
			['f', 'Khuyến khích', false]
		]);
	});
});
