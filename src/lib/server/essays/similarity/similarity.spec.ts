import { describe, expect, it } from 'vitest';
import { ESSAY, UNRELATED, everyFifthChanged, reordered } from './fixtures';
import {
	LshIndex,
	chunkWords,
	estimatedJaccard,
	fingerprint,
	normalizeWords,
	overlap,
	pieces,
	sharedRanges,
	shingleHashes,
	shingleSet
} from './index';

function measure(a: string, b: string) {
	return overlap(fingerprint(a).set, fingerprint(b).set);
}

describe('normalizing Vietnamese text', () => {
	it('reads composed and decomposed spellings, case and punctuation as the same words', () => {
		const nfd = 'Quê HƯƠNG, tôi!'.normalize('NFD');
		expect(normalizeWords(nfd).words).toEqual(['quê', 'hương', 'tôi']);
		expect(normalizeWords('quê — hương… tôi').words).toEqual(['quê', 'hương', 'tôi']);
	});

	it('keeps where each word stands in the original text', () => {
		const text = '«Đất nước» là ta.';
		const w = normalizeWords(text);
		expect([...w.starts].map((s, i) => text.slice(s, w.ends[i]))).toEqual(['Đất', 'nước', 'là', 'ta']);
	});
});

describe('overlap of hand-made pairs', () => {
	it('an exact copy overlaps 100 % both ways', () => {
		expect(measure(ESSAY, ESSAY)).toEqual({ aInB: 1, bInA: 1 });
		// punctuation and case do not hide a copy
		const o = measure(ESSAY, ESSAY.toUpperCase().replace(/[,.]/g, ' ;'));
		expect(o.aInB).toBe(1);
	});

	it('a copy with its paragraphs reordered still overlaps more than 95 %', () => {
		const o = measure(ESSAY, reordered(ESSAY));
		expect(o.aInB).toBeGreaterThan(0.95);
		expect(o.aInB).toBeLessThan(1);
		expect(o.bInA).toBeGreaterThan(0.95);
	});

	it('a copy with every fifth word changed overlaps about 40 % (above the 20 % threshold)', () => {
		const o = measure(ESSAY, everyFifthChanged(ESSAY));
		expect(o.aInB).toBeGreaterThan(0.35);
		expect(o.aInB).toBeLessThan(0.45);
	});

	it('unrelated texts overlap less than 3 %', () => {
		const o = measure(ESSAY, UNRELATED);
		expect(o.aInB).toBeLessThan(0.03);
		expect(o.bInA).toBeLessThan(0.03);
	});

	it('a short entry copied whole into a longer text reads 100 % one way and less the other', () => {
		const paragraph = ESSAY.split('\n\n')[2];
		const o = measure(paragraph, `${UNRELATED}\n\n${paragraph}`);
		expect(o.aInB).toBe(1);
		expect(o.bInA).toBeLessThan(0.5);
	});
});

describe('MinHash and LSH', () => {
	it('estimates Jaccard similarity within a few points', () => {
		const a = fingerprint(ESSAY);
		const b = fingerprint(reordered(ESSAY));
		expect(estimatedJaccard(a.signature, a.signature)).toBe(1);
		expect(estimatedJaccard(a.signature, b.signature)).toBeGreaterThan(0.8);
		expect(estimatedJaccard(a.signature, fingerprint(UNRELATED).signature)).toBeLessThan(0.05);
	});

	it('finds the copies as candidates and not the unrelated text', () => {
		const index = new LshIndex();
		index.add(1, fingerprint(ESSAY).signature);
		index.add(2, fingerprint(UNRELATED).signature);
		expect(index.query(fingerprint(reordered(ESSAY)).signature)).toEqual([1]);
		expect(index.query(fingerprint(everyFifthChanged(ESSAY)).signature)).toEqual([1]);
		expect(index.query(fingerprint('Một văn bản hoàn toàn khác về thời tiết ngày mai.').signature)).toEqual(
			[]
		);
	});

	it('cuts a long text into overlapping chunks that lose no shingle', () => {
		const words = Array.from({ length: 4500 }, (_, i) => `w${i}`);
		const chunks = chunkWords(words, 2000, 3);
		expect(chunks).toHaveLength(3);
		const whole = shingleSet(shingleHashes(words));
		const union = shingleSet(Uint32Array.from(chunks.flatMap((c) => [...shingleHashes(c)])));
		expect(union).toEqual(whole);
	});
});

describe('shared passages', () => {
	it('highlights the copied paragraph of a text and nothing of the rest', () => {
		const copied = ESSAY.split('\n\n')[1];
		const text = `${UNRELATED}\n\n${copied}`;
		const mine = fingerprint(text);
		const ranges = sharedRanges(mine.words, mine.hashes, fingerprint(ESSAY).set);
		expect(ranges).toHaveLength(1);
		const [s, e] = ranges[0];
		// the passage runs from the paragraph's first word to its last (the final full stop is not a word)
		expect(text.slice(s, e)).toBe(copied.slice(0, -1));
	});

	it('splits text into plain and shared pieces that join back to the text', () => {
		const text = 'một hai ba bốn năm sáu';
		const p = pieces(text, [[4, 10]]);
		expect(p).toEqual([
			{ text: 'một ', shared: false },
			{ text: 'hai ba', shared: true },
			{ text: ' bốn năm sáu', shared: false }
		]);
		expect(p.map((x) => x.text).join('')).toBe(text);
	});
});

describe('reference uploads', () => {
	it('reads plain UTF-8 text and refuses binary or oversized files', async () => {
		const { referenceText, REFERENCE_LIMITS } = await import('./references');
		expect(await referenceText(new TextEncoder().encode('Lời Bác dạy.'))).toEqual({
			ok: true,
			text: 'Lời Bác dạy.'
		});
		expect(await referenceText(Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0, 0, 1, 2]))).toEqual({
			ok: false,
			error: 'unreadable'
		});
		expect(await referenceText(new Uint8Array(REFERENCE_LIMITS.bytes + 1))).toEqual({
			ok: false,
			error: 'too_large'
		});
	});
});
