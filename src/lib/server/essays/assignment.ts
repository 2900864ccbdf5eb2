/**
 * Judge assignment for essay rounds: pure functions, no database.
 *
 * Conflict of interest: a judge must never score an entry whose author belongs to the judge's own unit, to one
 * of its ancestors or to one of its descendants. Units carry a materialized path ('/1/5/23/'), so a conflict is
 * "one path is a prefix of the other". Siblings and cousins are allowed.
 * A contest may declare the conflict at a level of the tree instead (essay_settings.conflict_depth = N): a judge
 * then conflicts with an entry when their two units share an ancestor at depth N or deeper (the root is depth 0),
 * so at the department's depth two sibling cells of one department conflict. The level travels on each JudgeRef,
 * so auto-assignment, manual assignment and third-judge picking all apply the same rule.
 *
 * What `assignJudges` guarantees (and what the tests check):
 *  1. Validity: every new pair is conflict-free; an entry never gets the same judge twice (existing pairs
 *     included); an entry never ends up with more than `perEntry` judges counting the existing ones (an entry that
 *     already has `perEntry` or more gets nothing new).
 *  2. Greedy least-loaded: each new judge for an entry is one with the smallest current load (all assignments so
 *     far, existing ones included) among the judges eligible for that entry (no conflict, not already on it);
 *     ties go to the lowest judge id, or to a seeded permutation of the judges when `seed` is given.
 *  3. Balance without conflicts: if no judge conflicts with any entry and there are no existing assignments, the
 *     final loads satisfy max − min ≤ 1. (Proof: loads start equal. Each entry takes the k ≤ J least-loaded judges
 *     from a multiset whose values are in {m, m+1}; if c ≥ k judges have load m, k of them move to m+1; otherwise
 *     all c move to m+1 and k−c of the m+1 judges move to m+2 while none stays at m. Either way the spread stays
 *     ≤ 1.) With conflicts, balance holds "as far as the conflicts allow" only in the sense of (2): entries are
 *     processed most-constrained first (fewest spare eligible judges: eligible − needed, then entry id), which lets the constrained ones
 *     take the judges they can before the flexible ones even the loads out; no global optimum is claimed.
 *  4. Completeness is reported, never silent: an entry that cannot reach `perEntry` judges still gets every
 *     eligible judge and is listed in `unassignable` with a reason code and the number of judges missing.
 *  5. Determinism: the result depends only on the input as a set (entry, judge and existing order do not matter)
 *     and on `seed`; re-running gives the same assignments in the same order.
 *
 * Cost: O(U·J + E·log E + E·k·J) for U distinct author units, E entries, J judges, k = perEntry; judges are kept
 * in one array sorted by (load, tie rank) and a judge whose load grows moves right by insertion.
 */

export type JudgeId = number;
export type EntryId = number;

export interface JudgeRef {
	id: JudgeId;
	/** the judge's unit path, e.g. '/1/5/23/' */
	unitPath: string;
	/** the contest's conflict level (see isConflict); null or absent: the lineage rule */
	conflictDepth?: number | null;
}

export interface EntryRef {
	id: EntryId;
	/** the author's unit path, e.g. '/1/5/23/' */
	authorUnitPath: string;
}

export interface Assignment {
	entryId: EntryId;
	judgeId: JudgeId;
}

/**
 * - `not_enough_judges`: the pool has fewer judges than the entry still needs, conflicts aside.
 * - `conflicts`: the pool is large enough, but conflicts of interest (and judges already on the entry) leave too
 *   few eligible judges.
 */
export type UnassignableReason = 'not_enough_judges' | 'conflicts';

export interface Unassignable {
	entryId: EntryId;
	reason: UnassignableReason;
	/** judges still missing after this run (the entry got every eligible judge there was) */
	missing: number;
}

export interface AssignJudgesInput {
	entries: readonly EntryRef[];
	judges: readonly JudgeRef[];
	/** judges each entry must have in total, existing ones included; a positive integer */
	perEntry: number;
	/** manual overrides and earlier assignments: kept as they are, counted in the loads and on their entries */
	existing?: readonly Assignment[];
	/** pairs that must not be made (a judge taken off the entry): not counted anywhere */
	excluded?: readonly Assignment[];
	/** when given, ties between equally loaded judges follow a permutation seeded by it instead of the lowest id */
	seed?: number;
}

export interface AssignJudgesResult {
	/** the new pairs only, entry by entry in processing order */
	assignments: Assignment[];
	/** sorted by entry id */
	unassignable: Unassignable[];
}

function normalizePath(path: string): string {
	// A missing trailing slash would make '/1/5' a prefix of '/1/50/'. An empty path becomes '/', which conflicts
	// with everything: the safe side.
	return path.endsWith('/') ? path : `${path}/`;
}

/**
 * Without a level: true when the judge's unit is the author's unit, one of its ancestors or one of its
 * descendants. With a level `depth`: true when the two units share an ancestor at that depth or deeper, i.e.
 * their paths agree on their first depth + 1 segments.
 */
export function isConflict(
	judgeUnitPath: string,
	authorUnitPath: string,
	depth: number | null = null
): boolean {
	const j = normalizePath(judgeUnitPath);
	const a = normalizePath(authorUnitPath);
	if (depth === null) return a.startsWith(j) || j.startsWith(a);
	return sharedDepth(j, a) >= depth;
}

/** Depth of the deepest unit two normalized paths share (the root is 0), or -1 when they share none. */
function sharedDepth(j: string, a: string): number {
	const js = j.split('/').filter(Boolean);
	const as = a.split('/').filter(Boolean);
	let shared = 0;
	while (shared < js.length && shared < as.length && js[shared] === as[shared]) shared++;
	return shared - 1;
}

/** mulberry32: a small, fast 32-bit seeded generator (deterministic across platforms). */
function mulberry32(seed: number): () => number {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function assignJudges(input: AssignJudgesInput): AssignJudgesResult {
	const { perEntry } = input;
	if (!Number.isInteger(perEntry) || perEntry < 1) {
		throw new RangeError(`perEntry must be a positive integer, got ${perEntry}`);
	}

	// Judges sorted by id, so nothing depends on the caller's order.
	const judges = [...input.judges].sort((a, b) => a.id - b.id);
	const J = judges.length;
	const judgeIndex = new Map<JudgeId, number>();
	judges.forEach((j, i) => {
		if (judgeIndex.has(j.id)) throw new RangeError(`duplicate judge id ${j.id}`);
		judgeIndex.set(j.id, i);
	});
	const judgePaths = judges.map((j) => normalizePath(j.unitPath));
	const judgeDepths = judges.map((j) => j.conflictDepth ?? null);

	// Tie rank: the index in id order, or a seeded Fisher–Yates permutation of it.
	const rank = new Int32Array(J);
	for (let i = 0; i < J; i++) rank[i] = i;
	if (input.seed !== undefined) {
		const rnd = mulberry32(input.seed);
		for (let i = J - 1; i > 0; i--) {
			const r = Math.floor(rnd() * (i + 1));
			const t = rank[i];
			rank[i] = rank[r];
			rank[r] = t;
		}
	}

	const entryIds = new Set<EntryId>();
	for (const e of input.entries) {
		if (entryIds.has(e.id)) throw new RangeError(`duplicate entry id ${e.id}`);
		entryIds.add(e.id);
	}

	// Existing pairs: deduplicated, counted in loads (pool judges) and on their entries (any judge).
	const load = new Int32Array(J);
	const onEntry = new Map<EntryId, Set<JudgeId>>();
	for (const { entryId, judgeId } of input.existing ?? []) {
		let set = onEntry.get(entryId);
		if (!set) onEntry.set(entryId, (set = new Set()));
		if (set.has(judgeId)) continue;
		set.add(judgeId);
		const ji = judgeIndex.get(judgeId);
		if (ji !== undefined) load[ji]++;
	}

	const barred = new Map<EntryId, Set<JudgeId>>();
	for (const { entryId, judgeId } of input.excluded ?? []) {
		barred.set(entryId, (barred.get(entryId) ?? new Set()).add(judgeId));
	}
	const off = (entryId: EntryId, already: Set<JudgeId> | undefined, judgeId: JudgeId) =>
		already?.has(judgeId) === true || barred.get(entryId)?.has(judgeId) === true;

	// Conflict rows per distinct author unit: conflicts[path][judgeIndex] = 1 when conflicting.
	const conflictRows = new Map<string, Uint8Array>();
	const conflictRow = (authorPath: string): Uint8Array => {
		let row = conflictRows.get(authorPath);
		if (!row) {
			row = new Uint8Array(J);
			for (let i = 0; i < J; i++) {
				const jp = judgePaths[i];
				row[i] = isConflict(jp, authorPath, judgeDepths[i]) ? 1 : 0;
			}
			conflictRows.set(authorPath, row);
		}
		return row;
	};

	interface Work {
		id: EntryId;
		row: Uint8Array;
		already: Set<JudgeId> | undefined;
		need: number;
		eligible: number;
	}
	const work: Work[] = [];
	for (const e of input.entries) {
		const row = conflictRow(normalizePath(e.authorUnitPath));
		const already = onEntry.get(e.id);
		const need = perEntry - (already?.size ?? 0);
		if (need <= 0) continue;
		let eligible = 0;
		for (let i = 0; i < J; i++) {
			if (row[i] === 0 && !off(e.id, already, judges[i].id)) eligible++;
		}
		work.push({ id: e.id, row, already, need, eligible });
	}
	// Most constrained first: fewest eligible judges beyond what is needed, then entry id.
	work.sort((a, b) => a.eligible - a.need - (b.eligible - b.need) || a.id - b.id);

	// Judge indices sorted by (load, rank).
	const before = (x: number, y: number) => load[x] < load[y] || (load[x] === load[y] && rank[x] < rank[y]);
	const order = Array.from({ length: J }, (_, i) => i).sort((x, y) => load[x] - load[y] || rank[x] - rank[y]);

	const assignments: Assignment[] = [];
	const unassignable: Unassignable[] = [];
	const pickedPos: number[] = [];
	for (const w of work) {
		pickedPos.length = 0;
		for (let p = 0; p < J && pickedPos.length < w.need; p++) {
			const ji = order[p];
			if (w.row[ji] === 1 || off(w.id, w.already, judges[ji].id)) continue;
			pickedPos.push(p);
		}
		for (const p of pickedPos) assignments.push({ entryId: w.id, judgeId: judges[order[p]].id });
		// Raise loads and restore the order; right to left, so a move never shifts a position still to be moved.
		for (let k = pickedPos.length - 1; k >= 0; k--) {
			let p = pickedPos[k];
			const ji = order[p];
			load[ji]++;
			while (p + 1 < J && before(order[p + 1], ji)) {
				order[p] = order[p + 1];
				p++;
			}
			order[p] = ji;
		}
		if (pickedPos.length < w.need) {
			unassignable.push({
				entryId: w.id,
				reason: J - (w.already?.size ?? 0) < w.need ? 'not_enough_judges' : 'conflicts',
				missing: w.need - pickedPos.length
			});
		}
	}
	unassignable.sort((a, b) => a.entryId - b.entryId);
	return { assignments, unassignable };
}

export interface PickThirdJudgeInput {
	entryAuthorUnitPath: string;
	judges: readonly JudgeRef[];
	/** current load per judge; a judge missing from the map counts as 0 */
	loads: ReadonlyMap<JudgeId, number>;
	/** judges already on the entry */
	alreadyOn: readonly JudgeId[];
}

/** The least-loaded conflict-free judge not already on the entry (tie → lowest id), or null when there is none. */
export function pickThirdJudge(input: PickThirdJudgeInput): JudgeId | null {
	const author = normalizePath(input.entryAuthorUnitPath);
	const skip = new Set(input.alreadyOn);
	let best: JudgeId | null = null;
	let bestLoad = Infinity;
	for (const j of input.judges) {
		if (skip.has(j.id) || isConflict(j.unitPath, author, j.conflictDepth ?? null)) continue;
		const l = input.loads.get(j.id) ?? 0;
		if (l < bestLoad || (l === bestLoad && best !== null && j.id < best)) {
			best = j.id;
			bestLoad = l;
		}
	}
	return best;
}
