import { describe, expect, it } from 'vitest';
import { readPrediction } from './prediction-input';

describe('reading the prediction field', () => {
	it('takes a whole number of entries, with spaces or digit grouping around it', () => {
		expect(readPrediction('42')).toEqual({ ok: true, value: 42 });
		expect(readPrediction(' 1.200 ')).toEqual({ ok: true, value: 1200 });
		expect(readPrediction('0')).toEqual({ ok: true, value: 0 });
	});

	it('an empty field is a deliberate "no prediction"', () => {
		expect(readPrediction('')).toEqual({ ok: true, value: null });
		expect(readPrediction('   ')).toEqual({ ok: true, value: null });
	});

	it('refuses what is not a whole number of entries, instead of turning it into "no prediction"', () => {
		for (const bad of ['3.5', '3,5', '-3', '1e3', 'abc', '12a', '9999999999']) {
			expect([bad, readPrediction(bad).ok]).toEqual([bad, false]);
		}
	});
});
