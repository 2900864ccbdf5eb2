import { MINHASH_SIZE } from './minhash';
import { mix32 } from './shingle';

/**
 * Locality-sensitive hashing over MinHash signatures: the signature is cut into bands of ROWS values; texts whose
 * band agrees land in the same bucket, and a pair becomes a candidate when at least MIN_SHARED_BANDS buckets hold
 * both. Looking a text up costs its own bands' buckets, not the whole collection, so checking N texts grows with N.
 *
 * One row per band because the threshold is on containment, not Jaccard: an entry whose shingles are 20 % inside
 * an equally long one has J = 0.2/1.8 ≈ 0.11, and with 128 one-row bands it shares ≥ 2 of them with probability
 * 1 − P(Bin(128, 0.11) < 2) > 0.999 (for 10 % containment, J ≈ 0.053: ≈ 0.99). Two bands rather than one keep a
 * single shared stock phrase from making a candidate (three, with the cap below, on real-sized collections). Long reference texts are indexed in entry-sized chunks so
 * their Jaccard with a copying entry stays in this range.
 */
export const ROWS = 1;
export const BANDS = MINHASH_SIZE / ROWS;
export const MIN_SHARED_BANDS = 3;
/**
 * At most this many candidates per text, the most similar first: texts on one topic share stock phrases, and
 * without a cap every pair of them would be confirmed (quadratic). A copy shares far more bands than two texts
 * that merely share phrases, so it ranks first.
 */
export const MAX_CANDIDATES = 25;

function bandKey(sig: Uint32Array, band: number): number {
	if (ROWS === 1) return sig[band] * BANDS + band;
	let h = band;
	for (let r = 0; r < ROWS; r++) h = mix32(Math.imul(h, 0x01000193) ^ sig[band * ROWS + r]);
	return h * BANDS + band;
}

export class LshIndex {
	private buckets = new Map<number, number[]>();
	size = 0;

	add(id: number, sig: Uint32Array): void {
		for (let b = 0; b < BANDS; b++) {
			const key = bandKey(sig, b);
			const bucket = this.buckets.get(key);
			if (bucket) bucket.push(id);
			else this.buckets.set(key, [id]);
		}
		this.size++;
	}

	/** Ids sharing at least `minShared` bands with `sig`, the most shared first, at most `max` of them. */
	query(sig: Uint32Array, minShared = MIN_SHARED_BANDS, max = MAX_CANDIDATES): number[] {
		const counts = new Map<number, number>();
		for (let b = 0; b < BANDS; b++) {
			const bucket = this.buckets.get(bandKey(sig, b));
			if (!bucket) continue;
			for (const id of bucket) counts.set(id, (counts.get(id) ?? 0) + 1);
		}
		const out: [number, number][] = [];
		for (const [id, n] of counts) if (n >= minShared) out.push([id, n]);
		if (out.length > max) out.sort((a, b) => b[1] - a[1] || a[0] - b[0]).length = max;
		return out.map(([id]) => id);
	}
}
