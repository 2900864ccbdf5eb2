/**
 * ICC(2,1) (Shrout & Fleiss 1979): two-way random effects, absolute agreement, one rater. Pure, no database.
 *
 * A judging round is not one complete entries × judges table: each entry has its own panel of judges. Entries
 * that share exactly the same panel form a complete table; the two-way ANOVA sums of squares of every such table
 * with the same panel size k are pooled (a stratified ANOVA), which gives exactly Shrout & Fleiss's figure when
 * the round is a single table.
 */

/** Rows are entries (targets), columns judges; every row has the same length and no gaps. */
export type CompleteTable = readonly (readonly number[])[];

export type Anova = { ssRows: number; ssJudges: number; ssError: number; n: number; k: number };

export type IccResult =
	| { ok: true; icc: number; entries: number; judges: number }
	| { ok: false; reason: 'not_enough_data' | 'no_variance'; entries: number };

/** Two-way ANOVA sums of squares of one complete table. */
export function anovaOf(table: CompleteTable): Anova {
	const n = table.length;
	const k = n > 0 ? table[0].length : 0;
	const all = table.flat();
	const grand = all.reduce((s, v) => s + v, 0) / all.length;
	const ssTotal = all.reduce((s, v) => s + (v - grand) ** 2, 0);
	const ssRows = table.reduce((s, row) => s + k * (row.reduce((a, v) => a + v, 0) / k - grand) ** 2, 0);
	let ssJudges = 0;
	for (let j = 0; j < k; j++) {
		const columnMean = table.reduce((s, row) => s + row[j], 0) / n;
		ssJudges += n * (columnMean - grand) ** 2;
	}
	return { ssRows, ssJudges, ssError: ssTotal - ssRows - ssJudges, n, k };
}

/** Shrout & Fleiss's ICC(2,1) from (pooled) sums of squares of tables that all have k judges. */
export function iccFromAnovas(anovas: readonly Anova[]): IccResult {
	const usable = anovas.filter((a) => a.n >= 2 && a.k >= 2);
	const entries = usable.reduce((s, a) => s + a.n, 0);
	if (usable.length === 0) return { ok: false, reason: 'not_enough_data', entries };
	const k = usable[0].k;
	if (usable.some((a) => a.k !== k))
		throw new Error('tables pooled for ICC(2,1) must have the same panel size');
	const dfRows = usable.reduce((s, a) => s + a.n - 1, 0);
	const dfJudges = usable.length * (k - 1);
	const dfError = dfRows * (k - 1);
	const msRows = usable.reduce((s, a) => s + a.ssRows, 0) / dfRows;
	const msJudges = usable.reduce((s, a) => s + a.ssJudges, 0) / dfJudges;
	const msError = usable.reduce((s, a) => s + a.ssError, 0) / dfError;
	// each panel's judge effect is estimated over that panel's entries only: E[MS_judges] = σ²_E + (N/P)·σ²_J
	const entriesPerPanel = entries / usable.length;
	const denominator = msRows + (k - 1) * msError + (k * (msJudges - msError)) / entriesPerPanel;
	if (Math.abs(denominator) < 1e-12) return { ok: false, reason: 'no_variance', entries };
	return { ok: true, icc: (msRows - msError) / denominator, entries, judges: k };
}

/** ICC(2,1) of one complete table (Shrout & Fleiss's own setting). */
export function icc21(table: CompleteTable): IccResult {
	if (table.length < 2 || table[0].length < 2)
		return { ok: false, reason: 'not_enough_data', entries: table.length };
	return iccFromAnovas([anovaOf(table)]);
}

/** A judge's score of an entry. */
export type Rating = { entryId: string; judgeId: string; value: number };

/**
 * ICC(2,1) of a round: entries grouped by their exact panel (the judges who scored them); the most common panel
 * size wins (ties: the smaller one, usually the round's judges per entry) and panels of that size are pooled.
 */
export function roundIcc(ratings: readonly Rating[]): IccResult {
	const byEntry = new Map<string, Map<string, number>>();
	for (const r of ratings) {
		const row = byEntry.get(r.entryId) ?? new Map<string, number>();
		row.set(r.judgeId, r.value);
		byEntry.set(r.entryId, row);
	}
	const panels = new Map<string, { judges: string[]; rows: number[][] }>();
	for (const row of byEntry.values()) {
		if (row.size < 2) continue;
		const judges = [...row.keys()].sort();
		const key = judges.join('|');
		const panel = panels.get(key) ?? { judges, rows: [] };
		panel.rows.push(judges.map((j) => row.get(j)!));
		panels.set(key, panel);
	}
	const entriesBySize = new Map<number, number>();
	for (const p of panels.values()) {
		if (p.rows.length < 2) continue;
		entriesBySize.set(p.judges.length, (entriesBySize.get(p.judges.length) ?? 0) + p.rows.length);
	}
	if (entriesBySize.size === 0) return { ok: false, reason: 'not_enough_data', entries: 0 };
	const [size] = [...entriesBySize].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
	return iccFromAnovas(
		[...panels.values()]
			.filter((p) => p.judges.length === size && p.rows.length >= 2)
			.map((p) => anovaOf(p.rows))
	);
}
