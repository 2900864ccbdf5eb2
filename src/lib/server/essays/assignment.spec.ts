import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	assignJudges,
	isConflict,
	pickThirdJudge,
	type Assignment,
	type EntryRef,
	type JudgeRef
} from './assignment';

// A hand-made tree:
//   /1/              bloc
//   /1/2/            committee A
//   /1/2/4/          cell A1
//   /1/3/            committee B (sibling of A)
//   /1/3/5/          cell B1
const BLOC = '/1/';
const A = '/1/2/';
const A1 = '/1/2/4/';
const B = '/1/3/';
const B1 = '/1/3/5/';

function loadsOf(judges: readonly JudgeRef[], pairs: readonly Assignment[]): Map<number, number> {
	const m = new Map<number, number>(judges.map((j) => [j.id, 0]));
	for (const p of pairs) m.set(p.judgeId, (m.get(p.judgeId) ?? 0) + 1);
	return m;
}

function spread(loads: Map<number, number>): number {
	const v = [...loads.values()];
	return Math.max(...v) - Math.min(...v);
}

describe('isConflict', () => {
	it('forbids the same unit, an ancestor and a descendant, and allows a sibling', () => {
		expect(isConflict(A, A)).toBe(true); // same unit
		expect(isConflict(BLOC, A)).toBe(true); // judge in an ancestor
		expect(isConflict(A1, A)).toBe(true); // judge in a descendant
		expect(isConflict(B, A)).toBe(false); // sibling
		expect(isConflict(B1, A1)).toBe(false); // cousin
	});

	it('compares whole path segments, not digits', () => {
		expect(isConflict('/1/5/', '/1/50/')).toBe(false);
		expect(isConflict('/1/5', '/1/50/')).toBe(false);
		expect(isConflict('/1/5', '/1/5/7/')).toBe(true);
	});
});

describe('assignJudges', () => {
	it('only ever gives an entry the judge from a sibling unit', () => {
		const judges: JudgeRef[] = [
			{ id: 1, unitPath: A }, // same unit
			{ id: 2, unitPath: BLOC }, // ancestor
			{ id: 3, unitPath: A1 }, // descendant
			{ id: 4, unitPath: B } // sibling
		];
		const r = assignJudges({ entries: [{ id: 10, authorUnitPath: A }], judges, perEntry: 1 });
		expect(r.assignments).toEqual([{ entryId: 10, judgeId: 4 }]);
		expect(r.unassignable).toEqual([]);
	});

	it('reports an entry with too few eligible judges and still gives it the ones it can have', () => {
		const judges: JudgeRef[] = [
			{ id: 1, unitPath: A },
			{ id: 2, unitPath: B },
			{ id: 3, unitPath: B1 }
		];
		const r = assignJudges({
			entries: [
				{ id: 10, authorUnitPath: A1 }, // only 2 and 3 are eligible
				{ id: 11, authorUnitPath: BLOC } // everyone conflicts
			],
			judges,
			perEntry: 2
		});
		expect(r.assignments).toEqual([
			{ entryId: 10, judgeId: 2 },
			{ entryId: 10, judgeId: 3 }
		]);
		expect(r.unassignable).toEqual([{ entryId: 11, reason: 'conflicts', missing: 2 }]);
	});

	it('reports not_enough_judges when the pool is smaller than perEntry', () => {
		const judges: JudgeRef[] = [
			{ id: 1, unitPath: A },
			{ id: 2, unitPath: B }
		];
		const r = assignJudges({ entries: [{ id: 7, authorUnitPath: '/9/' }], judges, perEntry: 3 });
		expect(r.assignments).toHaveLength(2);
		expect(r.unassignable).toEqual([{ entryId: 7, reason: 'not_enough_judges', missing: 1 }]);
	});

	it('keeps loads within one of each other when nothing conflicts', () => {
		const judges: JudgeRef[] = Array.from({ length: 7 }, (_, i) => ({
			id: i + 1,
			unitPath: `/2/${i + 10}/`
		}));
		const entries: EntryRef[] = Array.from({ length: 100 }, (_, i) => ({ id: i + 1, authorUnitPath: '/3/' }));
		const r = assignJudges({ entries, judges, perEntry: 3 });
		expect(r.assignments).toHaveLength(300);
		expect(r.unassignable).toEqual([]);
		expect(spread(loadsOf(judges, r.assignments))).toBeLessThanOrEqual(1);
	});

	it('keeps existing assignments, counts them in the loads and on their entries', () => {
		const judges: JudgeRef[] = [
			{ id: 1, unitPath: A },
			{ id: 2, unitPath: A },
			{ id: 3, unitPath: A }
		];
		const existing: Assignment[] = [
			{ entryId: 100, judgeId: 1 }, // entry 100 is not in this run: load only
			{ entryId: 101, judgeId: 1 },
			{ entryId: 10, judgeId: 2 }, // entry 10 already has judge 2
			{ entryId: 10, judgeId: 2 } // duplicate: counted once
		];
		const entries: EntryRef[] = [
			{ id: 10, authorUnitPath: B },
			{ id: 11, authorUnitPath: B },
			{ id: 12, authorUnitPath: B }
		];
		const r = assignJudges({ entries, judges, perEntry: 2, existing });
		// Entry 10 needs one more, not judge 2; no pair from `existing` is repeated.
		expect(r.assignments.filter((a) => a.entryId === 10)).toHaveLength(1);
		expect(r.assignments).not.toContainEqual({ entryId: 10, judgeId: 2 });
		expect(r.assignments).toHaveLength(5);
		// Loads before: 1→2, 2→1, 3→0; 5 new pairs make 8 in all over 3 judges: 3,3,2 in some order.
		const total = loadsOf(judges, [...existing.slice(0, 3), ...r.assignments]);
		expect([...total.values()].sort()).toEqual([2, 3, 3]);
		// Entry 10 goes first (judge 2 excluded) to the idle judge 3; then each pick is the least loaded.
		expect(r.assignments).toEqual([
			{ entryId: 10, judgeId: 3 },
			{ entryId: 11, judgeId: 2 },
			{ entryId: 11, judgeId: 3 },
			{ entryId: 12, judgeId: 1 },
			{ entryId: 12, judgeId: 2 }
		]);
	});

	it('gives nothing new to an entry that already has perEntry judges', () => {
		const judges: JudgeRef[] = [
			{ id: 1, unitPath: A },
			{ id: 2, unitPath: A },
			{ id: 3, unitPath: A }
		];
		const r = assignJudges({
			entries: [{ id: 10, authorUnitPath: B }],
			judges,
			perEntry: 2,
			existing: [
				{ entryId: 10, judgeId: 1 },
				{ entryId: 10, judgeId: 99 } // a judge no longer in the pool still counts on the entry
			]
		});
		expect(r).toEqual({ assignments: [], unassignable: [] });
	});

	it('is deterministic: same input in any order gives the same result; a seed changes only tie-breaks', () => {
		const judges: JudgeRef[] = Array.from({ length: 9 }, (_, i) => ({
			id: i + 1,
			unitPath: `/1/${(i % 3) + 2}/`
		}));
		const entries: EntryRef[] = Array.from({ length: 40 }, (_, i) => ({
			id: i + 1,
			authorUnitPath: `/1/${(i % 4) + 2}/x${i}/`
		}));
		const a = assignJudges({ entries, judges, perEntry: 2 });
		const b = assignJudges({ entries: [...entries].reverse(), judges: [...judges].reverse(), perEntry: 2 });
		expect(b).toEqual(a);
		const s1 = assignJudges({ entries, judges, perEntry: 2, seed: 42 });
		const s2 = assignJudges({ entries: [...entries].reverse(), judges, perEntry: 2, seed: 42 });
		expect(s2).toEqual(s1);
		// The first entry processed with the default tie-break gets the lowest eligible ids.
		expect(a.assignments[0].judgeId).toBeLessThan(a.assignments[1].judgeId);
	});

	it('rejects a bad perEntry and duplicate ids', () => {
		const judges: JudgeRef[] = [{ id: 1, unitPath: A }];
		expect(() => assignJudges({ entries: [], judges, perEntry: 0 })).toThrow(RangeError);
		expect(() => assignJudges({ entries: [], judges, perEntry: 1.5 })).toThrow(RangeError);
		expect(() => assignJudges({ entries: [], judges: [...judges, ...judges], perEntry: 1 })).toThrow(
			RangeError
		);
		const e: EntryRef = { id: 1, authorUnitPath: B };
		expect(() => assignJudges({ entries: [e, e], judges, perEntry: 1 })).toThrow(RangeError);
	});
});

describe('pickThirdJudge', () => {
	const judges: JudgeRef[] = [
		{ id: 5, unitPath: B },
		{ id: 2, unitPath: B1 },
		{ id: 3, unitPath: A1 }, // conflicts with an author in A
		{ id: 4, unitPath: '/7/' }
	];

	it('picks the least-loaded conflict-free judge not already on the entry', () => {
		const loads = new Map([
			[5, 4],
			[2, 1],
			[3, 0],
			[4, 2]
		]);
		expect(pickThirdJudge({ entryAuthorUnitPath: A, judges, loads, alreadyOn: [] })).toBe(2);
		expect(pickThirdJudge({ entryAuthorUnitPath: A, judges, loads, alreadyOn: [2] })).toBe(4);
	});

	it('breaks ties by lowest id and counts a judge missing from loads as 0', () => {
		const loads = new Map([[2, 1]]);
		// 5 and 4 both at 0: the lower id wins.
		expect(pickThirdJudge({ entryAuthorUnitPath: A, judges, loads, alreadyOn: [] })).toBe(4);
		expect(pickThirdJudge({ entryAuthorUnitPath: A, judges, loads: new Map(), alreadyOn: [] })).toBe(2);
	});

	it('returns null when every judge conflicts or is already on', () => {
		expect(
			pickThirdJudge({ entryAuthorUnitPath: '/1/', judges, loads: new Map(), alreadyOn: [4] })
		).toBeNull();
		expect(
			pickThirdJudge({ entryAuthorUnitPath: A, judges: [], loads: new Map(), alreadyOn: [] })
		).toBeNull();
	});
});

// Random trees: unit k's parent is a random earlier unit (or none), paths built top-down.
const treeArb = fc.array(fc.nat(), { minLength: 1, maxLength: 25 }).map((parents) => {
	const paths: string[] = [];
	parents.forEach((p, k) => {
		const parent = k === 0 || p % 4 === 0 ? '/' : paths[p % k];
		paths.push(`${parent}${k + 1}/`);
	});
	return paths;
});

const caseArb = treeArb.chain((paths) =>
	fc.record({
		paths: fc.constant(paths),
		judgeUnits: fc.array(fc.nat(paths.length - 1), { minLength: 1, maxLength: 15 }),
		entryUnits: fc.array(fc.nat(paths.length - 1), { maxLength: 60 }),
		perEntry: fc.integer({ min: 1, max: 4 }),
		existing: fc.array(fc.tuple(fc.nat(80), fc.nat(20)), { maxLength: 20 }),
		seed: fc.option(fc.integer(), { nil: undefined })
	})
);

describe('assignJudges properties', () => {
	it('never assigns a conflict, a duplicate or more than perEntry, and reports every shortfall', () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				const judges = c.judgeUnits.map((u, i) => ({ id: i + 1, unitPath: c.paths[u] }));
				const entries = c.entryUnits.map((u, i) => ({ id: i + 1, authorUnitPath: c.paths[u] }));
				const existing = c.existing.map(([e, j]) => ({ entryId: e, judgeId: j }));
				const r = assignJudges({ entries, judges, perEntry: c.perEntry, existing, seed: c.seed });
				const byId = new Map(judges.map((j) => [j.id, j]));
				const onEntry = new Map<number, Set<number>>();
				for (const { entryId, judgeId } of existing) {
					if (!onEntry.has(entryId)) onEntry.set(entryId, new Set());
					onEntry.get(entryId)!.add(judgeId);
				}
				for (const a of r.assignments) {
					const entry = entries.find((e) => e.id === a.entryId)!;
					expect(isConflict(byId.get(a.judgeId)!.unitPath, entry.authorUnitPath)).toBe(false);
					if (!onEntry.has(a.entryId)) onEntry.set(a.entryId, new Set());
					const set = onEntry.get(a.entryId)!;
					expect(set.has(a.judgeId)).toBe(false);
					set.add(a.judgeId);
				}
				const short = new Map(r.unassignable.map((u) => [u.entryId, u.missing]));
				for (const e of entries) {
					const have = onEntry.get(e.id)?.size ?? 0;
					const before = have - r.assignments.filter((a) => a.entryId === e.id).length;
					if (before >= c.perEntry) {
						expect(have).toBe(before);
					} else {
						expect(have).toBeLessThanOrEqual(c.perEntry);
						expect(c.perEntry - have).toBe(short.get(e.id) ?? 0);
					}
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('keeps loads within one of each other when nothing conflicts and nothing exists yet', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 30 }),
				fc.integer({ min: 0, max: 200 }),
				fc.integer({ min: 1, max: 5 }),
				fc.option(fc.integer(), { nil: undefined }),
				(nJudges, nEntries, perEntry, seed) => {
					// Judges under /1/, authors under /2/: siblings, no conflicts; unit ids vary.
					const judges = Array.from({ length: nJudges }, (_, i) => ({ id: i + 1, unitPath: `/1/${i % 5}/` }));
					const entries = Array.from({ length: nEntries }, (_, i) => ({
						id: i + 1,
						authorUnitPath: `/2/${i % 7}/`
					}));
					const r = assignJudges({ entries, judges, perEntry, seed });
					expect(spread(loadsOf(judges, r.assignments))).toBeLessThanOrEqual(1);
					expect(r.assignments).toHaveLength(nEntries * Math.min(perEntry, nJudges));
				}
			),
			{ numRuns: 200 }
		);
	});

	it('gives each new judge the least load among the judges eligible for that entry', () => {
		fc.assert(
			fc.property(caseArb, (c) => {
				const judges = c.judgeUnits.map((u, i) => ({ id: i + 1, unitPath: c.paths[u] }));
				const entries = c.entryUnits.map((u, i) => ({ id: i + 1, authorUnitPath: c.paths[u] }));
				const existing = c.existing.map(([e, j]) => ({ entryId: e, judgeId: j }));
				const r = assignJudges({ entries, judges, perEntry: c.perEntry, existing });
				// Replay in output order, which is processing order.
				const seen = new Set<string>();
				const loads = new Map<number, number>(judges.map((j) => [j.id, 0]));
				const on = new Map<number, Set<number>>();
				for (const { entryId, judgeId } of existing) {
					const key = `${entryId}:${judgeId}`;
					if (seen.has(key)) continue;
					seen.add(key);
					if (!on.has(entryId)) on.set(entryId, new Set());
					on.get(entryId)!.add(judgeId);
					if (loads.has(judgeId)) loads.set(judgeId, loads.get(judgeId)! + 1);
				}
				for (const a of r.assignments) {
					const entry = entries.find((e) => e.id === a.entryId)!;
					const set = on.get(a.entryId) ?? new Set<number>();
					const expected = pickThirdJudge({
						entryAuthorUnitPath: entry.authorUnitPath,
						judges,
						loads,
						alreadyOn: [...set]
					});
					expect(a.judgeId).toBe(expected);
					set.add(a.judgeId);
					on.set(a.entryId, set);
					loads.set(a.judgeId, loads.get(a.judgeId)! + 1);
				}
			}),
			{ numRuns: 200 }
		);
	});
});
