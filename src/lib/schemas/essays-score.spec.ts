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

	it('refuses text where a number belongs, naming each field, and an unknown button', () => {
		expect(parseScoreForm(formOf({ p_11: 'mười', p_12: '5', intent: 'submit' }))).toMatchObject({
			ok: false,
			field: 'p_11',
			fieldErrors: { '11': 'not_a_number' },
			raw: { '11': 'mười', '12': '5' }
		});
		expect(parseScoreForm(formOf({ p_11: '5', intent: 'publish' }))).toMatchObject({
			ok: false,
			field: 'intent'
		});
	});

	it('reads "23,5" and "23.5" as 23.5 and refuses numbers it would have to guess (issue 11)', () => {
		expect(parseScoreForm(formOf({ p_11: '23,5', p_12: '2.5', intent: 'submit' }))).toMatchObject({
			ok: true,
			value: { points: { '11': 23.5, '12': 2.5 } }
		});
		for (const text of ['1.000', '2,5,1', '1e1'])
			expect(parseScoreForm(formOf({ p_11: text, intent: 'submit' })), text).toMatchObject({
				ok: false,
				fieldErrors: { '11': 'not_a_number' }
			});
	});
});
