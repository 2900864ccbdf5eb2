import { describe, expect, it } from 'vitest';
import { anovaOf, icc21, roundIcc, type Rating } from './icc';

// Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges. Their Table 4 gives ICC(2,1) = .29.
const SHROUT_FLEISS = [
	[9, 2, 5, 8],
	[6, 1, 3, 2],
	[8, 4, 6, 8],
	[7, 1, 2, 6],
	[10, 5, 6, 9],
	[6, 2, 4, 7]
];

const ratingsOf = (table: number[][], judgePrefix = 'J'): Rating[] =>
	table.flatMap((row, i) =>
		row.map((value, j) => ({ entryId: `E${i}`, judgeId: `${judgePrefix}${j}`, value }))
	);

describe('ICC(2,1)', () => {
	it("reproduces Shrout & Fleiss's Table 2 mean squares and ICC(2,1) = 0.29", () => {
		const a = anovaOf(SHROUT_FLEISS);
		// their Table 3: BMS 11.24 (5 df), JMS 32.49 (3 df), EMS 1.02 (15 df)
		expect(a.ssRows / 5).toBeCloseTo(11.24, 2);
		expect(a.ssJudges / 3).toBeCloseTo(32.49, 2);
		expect(a.ssError / 15).toBeCloseTo(1.02, 2);
		const result = icc21(SHROUT_FLEISS);
		expect(result.ok && result.icc).toBeCloseTo(0.29, 2);
		expect(result).toMatchObject({ entries: 6, judges: 4 });
	});

	it('computes a 3 × 2 case by hand', () => {
		// rows (1,2) (3,3) (5,7); grand mean 3.5
		// SS rows = 2·(1.5−3.5)² + 2·(3−3.5)² + 2·(6−3.5)² = 8 + 0.5 + 12.5 = 21 → MSR = 10.5
		// judge means 3 and 4: SS judges = 3·0.25 + 3·0.25 = 1.5 → MSC = 1.5
		// SS total = 6.25+2.25+0.25+0.25+2.25+12.25 = 23.5 → SS error = 1 → MSE = 0.5
		// ICC = (10.5 − 0.5) / (10.5 + 0.5 + 2·(1.5 − 0.5)/3) = 10 / 11.6667 = 0.857142…
		const result = icc21([
			[1, 2],
			[3, 3],
			[5, 7]
		]);
		expect(result.ok && result.icc).toBeCloseTo(10 / (11 + 2 / 3), 10);
	});

	it('is 1 when the judges agree exactly and the entries differ', () => {
		const result = icc21([
			[4, 4],
			[8, 8],
			[6, 6]
		]);
		expect(result.ok && result.icc).toBeCloseTo(1, 10);
	});

	it('says "not enough data" below 2 entries or 2 judges, and "no variance" when every score is the same', () => {
		expect(icc21([[5, 6]])).toMatchObject({ ok: false, reason: 'not_enough_data' });
		expect(icc21([[5], [6], [7]])).toMatchObject({ ok: false, reason: 'not_enough_data' });
		expect(
			icc21([
				[5, 5],
				[5, 5]
			])
		).toMatchObject({ ok: false, reason: 'no_variance' });
		expect(roundIcc([])).toMatchObject({ ok: false, reason: 'not_enough_data', entries: 0 });
	});

	it('on a round with one panel equals the table figure; panels of the same size are pooled', () => {
		const one = roundIcc(ratingsOf(SHROUT_FLEISS));
		expect(one.ok && one.icc).toBeCloseTo(0.29, 2);
		const doubled = roundIcc([
			...ratingsOf(SHROUT_FLEISS, 'A'),
			...ratingsOf(SHROUT_FLEISS, 'B').map((r) => ({ ...r, entryId: `B${r.entryId}` }))
		]);
		expect(doubled).toMatchObject({ ok: true, entries: 12, judges: 4 });
		// the same table twice, with other judges: every mean square and the entries per panel are unchanged
		// (MSR = 2·56.2/10, MSJ = 2·97.46/6, MSE = 2·15.33/30, 6 entries per panel), so the figure is too
		expect(doubled.ok && doubled.icc).toBeCloseTo(0.2898, 3);
	});

	it('ignores entries scored by one judge and panels holding a single entry', () => {
		const result = roundIcc([
			{ entryId: 'lonely', judgeId: 'A', value: 50 },
			{ entryId: 'odd', judgeId: 'C', value: 10 },
			{ entryId: 'odd', judgeId: 'D', value: 90 },
			...ratingsOf([
				[1, 2],
				[3, 3],
				[5, 7]
			])
		]);
		expect(result).toMatchObject({ ok: true, entries: 3 });
		expect(result.ok && result.icc).toBeCloseTo(0.857142, 5);
	});
});
