/**
 * Krippendorff's alpha for interval data, with missing values (Krippendorff, "Computing Krippendorff's
 * Alpha-Reliability", 2011): alpha = 1 − D_o / D_e, where D_o is the disagreement within entries and D_e the
 * disagreement expected by chance among all pairable values. Pure, no database.
 */
import type { Rating } from './icc';

export type AlphaResult =
	| { ok: true; alpha: number; entries: number; values: number }
	| { ok: false; reason: 'not_enough_data' | 'no_variance'; entries: number };

/** `units` are the values each entry received (any number of judges; an entry with one value is not pairable). */
export function intervalAlpha(units: readonly (readonly number[])[]): AlphaResult {
	const pairable = units.filter((u) => u.length >= 2);
	const values = pairable.flat();
	const n = values.length;
	if (pairable.length < 2) return { ok: false, reason: 'not_enough_data', entries: pairable.length };
	let observed = 0;
	for (const unit of pairable) {
		let sum = 0;
		for (let i = 0; i < unit.length; i++)
			for (let j = 0; j < unit.length; j++) if (i !== j) sum += (unit[i] - unit[j]) ** 2;
		observed += sum / (unit.length - 1);
	}
	observed /= n;
	// Σ over ordered pairs (v_i − v_j)² = 2n Σ(v − mean)², so D_e needs no n² loop
	const mean = values.reduce((s, v) => s + v, 0) / n;
	const expected = (2 * n * values.reduce((s, v) => s + (v - mean) ** 2, 0)) / (n * (n - 1));
	if (expected < 1e-12) return { ok: false, reason: 'no_variance', entries: pairable.length };
	return { ok: true, alpha: 1 - observed / expected, entries: pairable.length, values: n };
}

/** Alpha over a round's ratings, one unit per entry. */
export function roundAlpha(ratings: readonly Rating[]): AlphaResult {
	const byEntry = new Map<string, number[]>();
	for (const r of ratings) {
		const list = byEntry.get(r.entryId);
		if (list) list.push(r.value);
		else byEntry.set(r.entryId, [r.value]);
	}
	return intervalAlpha([...byEntry.values()]);
}
