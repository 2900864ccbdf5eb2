import { describe, expect, it } from 'vitest';
import type { Rating } from './icc';
import { FLAG_THRESHOLDS, judgeReliability } from './judges';

const r = (entryId: string, judgeId: string, value: number): Rating => ({ entryId, judgeId, value });

describe('per-judge reliability', () => {
	it('measures leniency against co-judges on the same entries, and the gap to the settled score', () => {
		// A scores 2 above B on e1 and 4 above B on e2; B and C only share e3 (C 6 below B)
		const ratings = [
			r('e1', 'A', 12),
			r('e1', 'B', 10),
			r('e2', 'A', 14),
			r('e2', 'B', 10),
			r('e3', 'B', 16),
			r('e3', 'C', 10)
		];
		const settled = new Map([
			['e1', 11],
			['e2', 12],
			['e3', null]
		]);
		const byJudge = new Map(judgeReliability(ratings, settled, 100).map((j) => [j.judgeId, j]));
		expect(byJudge.get('A')!.leniency).toEqual({ offset: 3, entries: 2 });
		// B: −2, −4, +6 → 0
		expect(byJudge.get('B')!.leniency).toEqual({ offset: 0, entries: 3 });
		expect(byJudge.get('C')!.leniency).toEqual({ offset: -6, entries: 1 });
		// A: |12−11| and |14−12| → 1.5 over 2 entries; e3 has no settled score yet
		expect(byJudge.get('A')!.settledGap).toEqual({ mean: 1.5, entries: 2 });
		expect(byJudge.get('C')!.settledGap).toBeNull();
		// B's scores 10, 10, 16: mean 12, population SD √8
		expect(byJudge.get('B')!.sd).toBeCloseTo(Math.sqrt(8), 10);
		expect([...byJudge.values()].flatMap((j) => j.flags)).toEqual([]);
	});

	it('flags a lenient judge and one far from the settled score once enough entries are shared', () => {
		// on a 20-point scale the leniency threshold is 2 points, the settled-gap threshold 3
		const ratings: Rating[] = [];
		for (let i = 0; i < 4; i++) ratings.push(r(`e${i}`, 'soft', 10 + i + 4), r(`e${i}`, 'other', 10 + i));
		const settled = new Map(Array.from({ length: 4 }, (_, i) => [`e${i}`, 10 + i] as const));
		const soft = judgeReliability(ratings, settled, 20).find((j) => j.judgeId === 'soft')!;
		expect(soft.flags).toEqual([
			{ code: 'lenient', points: 4, entries: 4 },
			{ code: 'far_from_settled', points: 4, entries: 4 }
		]);
		const other = judgeReliability(ratings, settled, 20).find((j) => j.judgeId === 'other')!;
		expect(other.flags).toEqual([{ code: 'harsh', points: 4, entries: 4 }]);
	});

	it('does not flag on fewer shared entries than the threshold', () => {
		const few = FLAG_THRESHOLDS.minSharedEntries - 1;
		const ratings: Rating[] = [];
		for (let i = 0; i < few; i++) ratings.push(r(`e${i}`, 'soft', 18), r(`e${i}`, 'other', 2));
		expect(judgeReliability(ratings, new Map(), 20).flatMap((j) => j.flags)).toEqual([]);
	});

	it('flags a judge whose scores barely move while the round spreads widely', () => {
		const ratings: Rating[] = [];
		for (let i = 0; i < 6; i++) ratings.push(r(`e${i}`, 'flat', 50 + (i % 2)), r(`e${i}`, 'wide', i * 18));
		const flat = judgeReliability(ratings, new Map(), 100).find((j) => j.judgeId === 'flat')!;
		expect(flat.flags.map((f) => f.code)).toContain('narrow_spread');
		const wide = judgeReliability(ratings, new Map(), 100).find((j) => j.judgeId === 'wide')!;
		expect(wide.flags.map((f) => f.code)).not.toContain('narrow_spread');
	});

	it('gives no leniency to a judge who shares no entry', () => {
		const [alone] = judgeReliability([r('e1', 'A', 5)], new Map(), 10);
		expect(alone).toMatchObject({ scores: 1, mean: 5, sd: 0, leniency: null, settledGap: null, flags: [] });
	});
});
