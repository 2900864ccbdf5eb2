/**
 * Text → words for comparison. Vietnamese writes each syllable apart, so a "word" here is a syllable: a run of
 * letters and digits after NFC, lower case, with punctuation dropped. Each word keeps the character range it came
 * from in the original text, so shared passages can be highlighted in what the organizer reads.
 */
export type Words = {
	/** normalized words, in order */
	words: string[];
	/** start and end (exclusive) of each word in the original string */
	starts: Uint32Array;
	ends: Uint32Array;
};

// letters (with their combining marks) and digits; everything else separates words
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;

export function normalizeWords(text: string): Words {
	// NFC keeps the length of composed Vietnamese text, so offsets found here are offsets in `text` when it is
	// already NFC (what the app stores); for NFD input they refer to the NFC form.
	const source = text.normalize('NFC');
	const words: string[] = [];
	const starts: number[] = [];
	const ends: number[] = [];
	for (const m of source.matchAll(WORD)) {
		words.push(m[0].toLowerCase());
		starts.push(m.index);
		ends.push(m.index + m[0].length);
	}
	return { words, starts: Uint32Array.from(starts), ends: Uint32Array.from(ends) };
}
