import type { Words } from './normalize';
import { SHINGLE_WORDS } from './shingle';

/** |A ∩ B| for two sorted sets of distinct hashes. */
export function intersectionSize(a: Uint32Array, b: Uint32Array): number {
	let i = 0;
	let j = 0;
	let n = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			n++;
			i++;
			j++;
		} else if (a[i] < b[j]) i++;
		else j++;
	}
	return n;
}

/**
 * The exact overlap both ways: the share of A's shingles found in B and of B's found in A (0..1). A short entry
 * copied whole into a long one reads 100 % one way and little the other; the organizer sees both.
 */
export function overlap(a: Uint32Array, b: Uint32Array): { aInB: number; bInA: number } {
	const shared = intersectionSize(a, b);
	return { aInB: a.length ? shared / a.length : 0, bInA: b.length ? shared / b.length : 0 };
}

export type Range = [start: number, end: number];

/**
 * The character ranges of `words`' text covered by shingles that `other` also holds, merged: what the side-by-side
 * view highlights. `hashes` are the shingle hashes of `words` by position, `other` a sorted set.
 */
export function sharedRanges(
	words: Words,
	hashes: Uint32Array,
	other: Uint32Array,
	n = SHINGLE_WORDS
): Range[] {
	const covered = new Uint8Array(words.words.length);
	for (let i = 0; i < hashes.length; i++) {
		if (!has(other, hashes[i])) continue;
		for (let j = i; j < Math.min(i + n, covered.length); j++) covered[j] = 1;
	}
	const ranges: Range[] = [];
	for (let i = 0; i < covered.length; i++) {
		if (!covered[i]) continue;
		const last = ranges.at(-1);
		// consecutive covered words join into one passage (the punctuation and spaces between them too)
		if (last && i > 0 && covered[i - 1]) last[1] = words.ends[i];
		else ranges.push([words.starts[i], words.ends[i]]);
	}
	return ranges;
}

function has(sorted: Uint32Array, x: number): boolean {
	let lo = 0;
	let hi = sorted.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >>> 1;
		if (sorted[mid] === x) return true;
		if (sorted[mid] < x) lo = mid + 1;
		else hi = mid - 1;
	}
	return false;
}

/** Splits text into plain and highlighted pieces by ranges, for rendering as escaped text (never as HTML). */
export function pieces(text: string, ranges: readonly Range[]): { text: string; shared: boolean }[] {
	const out: { text: string; shared: boolean }[] = [];
	let at = 0;
	for (const [s, e] of ranges) {
		if (s > at) out.push({ text: text.slice(at, s), shared: false });
		out.push({ text: text.slice(s, e), shared: true });
		at = e;
	}
	if (at < text.length) out.push({ text: text.slice(at), shared: false });
	return out;
}
