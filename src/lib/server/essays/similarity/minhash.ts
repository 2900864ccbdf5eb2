import { mix32 } from './shingle';

/** 128 hashes: the standard error of an estimated Jaccard similarity is √(J(1 − J)/128), about 3 points at J = 0.2. */
export const MINHASH_SIZE = 128;

// one seed per hash function, fixed so signatures stored by an earlier run stay comparable
const SEEDS = Uint32Array.from({ length: MINHASH_SIZE }, (_, i) =>
	mix32(0x2545f491 + Math.imul(i, 0x9e3779b9))
);

/**
 * The MinHash signature of a set of shingle hashes: for each of the hash functions h_i(x) = mix(x ⊕ seed_i), the
 * smallest value over the set. Two sets agree at a position with probability equal to their Jaccard similarity.
 */
export function minhash(set: Uint32Array): Uint32Array {
	const sig = new Uint32Array(MINHASH_SIZE).fill(0xffffffff);
	for (let s = 0; s < set.length; s++) {
		const x = set[s];
		for (let i = 0; i < MINHASH_SIZE; i++) {
			const h = mix32(x ^ SEEDS[i]);
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
