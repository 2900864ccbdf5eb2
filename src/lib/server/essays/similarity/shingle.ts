/**
 * Word n-grams ("shingles") as 32-bit hashes. N = 3 syllables (about one and a half Vietnamese words): with a
 * copy that changes every fifth word, a window of n consecutive words survives only when it avoids the changed
 * one, i.e. (5 − n)/5 of the time — n = 5 would measure such a copy as 0 %, n = 4 as just under 20 % (below the
 * usual threshold), n = 3 as 40 %. Shorter still and stock phrases of unrelated texts on one topic start to count.
 */
export const SHINGLE_WORDS = 3;

/** FNV-1a over a string's UTF-16 units, finished with a murmur3 mix so nearby strings spread over all bits. */
export function hashWord(word: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < word.length; i++) {
		h ^= word.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return mix32(h);
}

export function mix32(x: number): number {
	x ^= x >>> 16;
	x = Math.imul(x, 0x85ebca6b);
	x ^= x >>> 13;
	x = Math.imul(x, 0xc2b2ae35);
	x ^= x >>> 16;
	return x >>> 0;
}

/** The hash of the shingle starting at each position (length words − n + 1; one shingle for a shorter text). */
export function shingleHashes(words: readonly string[], n = SHINGLE_WORDS): Uint32Array {
	if (words.length === 0) return new Uint32Array(0);
	const ids = words.map(hashWord);
	const count = Math.max(1, ids.length - n + 1);
	const out = new Uint32Array(count);
	for (let i = 0; i < count; i++) {
		let h = 0x9747b28c;
		for (let j = i; j < Math.min(i + n, ids.length); j++)
			h = mix32(Math.imul(h ^ ids[j], 0x5bd1e995) + j - i);
		out[i] = h;
	}
	return out;
}

/** The distinct shingles, sorted: the set the overlap measures count on. */
export function shingleSet(hashes: Uint32Array): Uint32Array {
	const sorted = Uint32Array.from(hashes).sort();
	let k = 0;
	for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i];
	return sorted.slice(0, k);
}
