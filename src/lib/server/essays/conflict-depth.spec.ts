import { describe, expect, it } from 'vitest';
import { assignJudges, isConflict, pickThirdJudge, type JudgeRef } from './assignment';

// A department (/1/2/) with two sibling cells, and another department (/1/3/):
//   /1/          bloc (depth 0)
//   /1/2/        department A (depth 1)
//   /1/2/4/      cell A1 (depth 2)
//   /1/2/6/      cell A2 (depth 2), sibling of A1
//   /1/3/5/      cell B1 under department B
const BLOC = '/1/';
const A = '/1/2/';
const A1 = '/1/2/4/';
const A2 = '/1/2/6/';
const B1 = '/1/3/5/';

describe('conflict level (conflict depth)', () => {
	it('keeps the lineage rule when no level is set: siblings of one department do not conflict', () => {
		expect(isConflict(A2, A1)).toBe(false);
		expect(isConflict(A2, A1, null)).toBe(false);
		expect(isConflict(A, A1, null)).toBe(true);
	});

	it('at department level (depth 1), sibling cells of one department conflict, other departments do not', () => {
		expect(isConflict(A2, A1, 1)).toBe(true);
		expect(isConflict(A, A1, 1)).toBe(true);
		expect(isConflict(B1, A1, 1)).toBe(false);
		// the bloc itself sits above the level: its judges are free to mark any department
		expect(isConflict(BLOC, A1, 1)).toBe(false);
	});

	it('at cell level (depth 2), only the same cell (or below it) conflicts', () => {
		expect(isConflict(A1, A1, 2)).toBe(true);
		expect(isConflict(A1 + '9/', A1, 2)).toBe(true);
		expect(isConflict(A2, A1, 2)).toBe(false);
		expect(isConflict(A, A1, 2)).toBe(false);
	});

	it('auto-assignment never gives an entry a judge from a sibling cell of its department at depth 1', () => {
		const judges: JudgeRef[] = [
			{ id: 1, unitPath: A2, conflictDepth: 1 },
			{ id: 2, unitPath: B1, conflictDepth: 1 }
		];
		const r = assignJudges({ entries: [{ id: 10, authorUnitPath: A1 }], judges, perEntry: 2 });
		expect(r.assignments).toEqual([{ entryId: 10, judgeId: 2 }]);
		expect(r.unassignable).toEqual([{ entryId: 10, reason: 'conflicts', missing: 1 }]);
	});

	it('third-judge picking skips a judge from a sibling cell at depth 1', () => {
		const judges: JudgeRef[] = [
			{ id: 1, unitPath: A2, conflictDepth: 1 },
			{ id: 2, unitPath: B1, conflictDepth: 1 }
		];
		const picked = pickThirdJudge({
			entryAuthorUnitPath: A1,
			judges,
			loads: new Map([
				[1, 0],
				[2, 9]
			]),
			alreadyOn: []
		});
		expect(picked).toBe(2);
	});
});
