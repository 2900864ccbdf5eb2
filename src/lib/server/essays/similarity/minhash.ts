import { mix32 } from './shingle';

/** 128 hashes: the standard error of an estimated Jaccard similarity is √(J(1 − J)/128), about 3 points at J = 0.2. */
export const MINHASH_SIZE = 128;

// one (odd multiplier, offset) per hash function, fixed so signatures stored by an earlier run stay comparable
const MUL = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => mix32(0x2545f491 + i) | 1);
const ADD = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) => mix32(0x68e31da4 + i));

/**
 * The MinHash signature of a set of shingle hashes: for each of the hash functions h_i(x) = a_i·x + b_i (mod 2³²,
 * a_i odd, then an xor-shift), the smallest value over the set. The shingle hashes are already well mixed, so this
 * cheap family is enough: two sets agree at a position with probability close to their Jaccard similarity.
 */
export function minhash(set: Uint32Array): Uint32Array {
	const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
	for (let s = 0; s < set.length; s++) {
		const x = set[s];
		for (let i = 0; i < MINHASH_SIZE; i++) {
			let h = (Math.imul(x, MUL[i]) + ADD[i]) >>> 0;
			h = (h ^ (h >>> 16)) >>> 0;
			if (h < sig[i]) sig[i] = h;
		}
	}
	return sig;
}

/** The share of positions where two signatures agree: an estimate of the sets' Jaccard similarity. */
export function estimatedJaccard(a: Uint32Array, b: Uint32Array): number {
	let same = 0;
	for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
	return same / a.length;
}
