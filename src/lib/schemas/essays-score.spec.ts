import { describe, expect, it } from 'vitest';
import { parseScoreForm } from './essays-score';

function formOf(fields: Record<string, string>) {
	const data = new FormData();
	for (const [k, v] of Object.entries(fields)) data.set(k, v);
	return data;
}

describe('parseScoreForm', () => {
	it('reads points per criterion with a decimal comma, skips empty ones and knows which button was pressed', () => {
		const parsed = parseScoreForm(
			formOf({ p_11: '60,5', p_12: '', comment: '  Bài tốt.\r\n ', intent: 'draft', other: 'x' })
		);
		expect(parsed).toEqual({
			ok: true,
			value: { points: { '11': 60.5 }, comment: 'Bài tốt.', submit: false },
			raw: { '11': '60,5', '12': '' }
		});
		expect(parseScoreForm(formOf({ p_11: '7', intent: 'submit' }))).toMatchObject({
			ok: true,
			value: { submit: true }
		});
	});

	it('refuses text where a number belongs and an unknown button', () => {
		expect(parseScoreForm(formOf({ p_11: 'mười', intent: 'submit' }))).toEqual({ ok: false, field: 'p_11' });
		expect(parseScoreForm(formOf({ p_11: '5', intent: 'publish' }))).toEqual({ ok: false, field: 'intent' });
	});
});
