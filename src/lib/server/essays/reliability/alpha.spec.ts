import { describe, expect, it } from 'vitest';
import { intervalAlpha, roundAlpha } from './alpha';

describe("Krippendorff's alpha (interval)", () => {
	it("reproduces Krippendorff's worked example C (4 observers, 12 units, missing values): 0.849", () => {
		// "Computing Krippendorff's Alpha-Reliability" (2011), the reliability data matrix with missing values
		// (observers A–D × units 1–12; "." = missing). He reports α_interval = 0.849 (nominal 0.743).
		const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null];
		const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3];
		const C = [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null];
		const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null];
		const units = A.map((_, u) => [A[u], B[u], C[u], D[u]].filter((v): v is number => v !== null));
		const result = intervalAlpha(units);
		expect(result.ok && result.alpha).toBeCloseTo(0.849, 3);
		// unit 12 has a single value and is not pairable: 11 units, 40 pairable values
		expect(result).toMatchObject({ entries: 11, values: 40 });
	});

	it('computes a small case by hand', () => {
		// units (1,2) and (3,5): n = 4 pairable values
		// D_o = [ (1−2)²·2/1 + (3−5)²·2/1 ] / 4 = (2 + 8) / 4 = 2.5
		// mean 2.75; Σ(v−mean)² = 3.0625+0.5625+0.0625+5.0625 = 8.75
		// D_e = Σ over ordered pairs (v_i−v_j)² / (n(n−1)) = 2·4·8.75 / 12 = 5.8333…
		// α = 1 − 2.5 / 5.8333 = 0.571428…
		const result = intervalAlpha([
			[1, 2],
			[3, 5]
		]);
		expect(result.ok && result.alpha).toBeCloseTo(1 - 2.5 / (70 / 12), 10);
	});

	it('is 1 for perfect agreement and negative when judges disagree more than chance', () => {
		const perfect = intervalAlpha([
			[2, 2],
			[7, 7, 7]
		]);
		expect(perfect.ok && perfect.alpha).toBeCloseTo(1, 10);
		const opposite = intervalAlpha([
			[1, 9],
			[9, 1]
		]);
		expect(opposite.ok && opposite.alpha).toBeLessThan(0);
	});

	it('says "not enough data" below 2 pairable entries and "no variance" when every score is the same', () => {
		expect(intervalAlpha([[1, 2], [3]])).toMatchObject({ ok: false, reason: 'not_enough_data', entries: 1 });
		expect(intervalAlpha([])).toMatchObject({ ok: false, reason: 'not_enough_data' });
		expect(
			intervalAlpha([
				[4, 4],
				[4, 4]
			])
		).toMatchObject({ ok: false, reason: 'no_variance' });
	});

	it("groups a round's ratings by entry", () => {
		const result = roundAlpha([
			{ entryId: 'a', judgeId: 'x', value: 1 },
			{ entryId: 'b', judgeId: 'x', value: 3 },
			{ entryId: 'a', judgeId: 'y', value: 2 },
			{ entryId: 'b', judgeId: 'z', value: 5 }
		]);
		expect(result.ok && result.alpha).toBeCloseTo(0.571428, 5);
	});
});
