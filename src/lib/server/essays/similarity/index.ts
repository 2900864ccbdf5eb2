export { normalizeWords, type Words } from './normalize';
export { SHINGLE_WORDS, shingleHashes, shingleSet } from './shingle';
export { MINHASH_SIZE, minhash, estimatedJaccard } from './minhash';
export { LshIndex, BANDS, ROWS, MIN_SHARED_BANDS } from './lsh';
export { overlap, intersectionSize, sharedRanges, pieces, type Range } from './overlap';

import { normalizeWords } from './normalize';
import { minhash } from './minhash';
import { shingleHashes, shingleSet } from './shingle';

/** Everything the check needs of one text. */
export function fingerprint(text: string) {
	const words = normalizeWords(text);
	const hashes = shingleHashes(words.words);
	const set = shingleSet(hashes);
	return { words, hashes, set, signature: minhash(set) };
}

/**
 * A long text cut into pieces of about `size` words (overlapping by the shingle width so no shingle is lost): each
 * piece is indexed on its own, so a reference book's Jaccard with an entry that copies a page of it stays high
 * enough to make a candidate.
 */
export function chunkWords(words: readonly string[], size = 2000, n = 3): string[][] {
	if (words.length <= size) return [words.slice()];
	const out: string[][] = [];
	for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size + n - 1));
	return out;
}
