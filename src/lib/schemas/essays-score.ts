import { z } from 'zod';
import { parseDecimal } from '$lib/decimal';

// A judge's rubric form: one number per criterion (posted as `p_<criterionId>`), a comment, and which button was
// pressed. The rubric's own rules (maxima, half steps, all criteria on submit) are checked by the server's
// rubricTotal, which knows the round's criteria; this only turns the posted strings into plain values.

export const COMMENT_MAX = 5000;

/** '' (left empty) or a number as people write it ("23,5" or "23.5"): the same parser as the form's live total. */
export const pointValue = z.string().transform((s, ctx) => {
	const parsed = parseDecimal(s);
	if (parsed.ok) return parsed.value;
	ctx.addIssue({ code: 'custom', message: 'not_a_number' });
	return z.NEVER;
});

export const scoreFormSchema = z.object({
	comment: z
		.string()
		.default('')
		.transform((s) => s.normalize('NFC').replace(/\r\n?/g, '\n').trim())
		.pipe(z.string().max(COMMENT_MAX)),
	intent: z.enum(['draft', 'submit'])
});

export type ScoreForm = { points: Record<string, number>; comment: string; submit: boolean };

/** Reads the posted form; an empty criterion is left out (a draft may skip it, a submission reports it missing). */
export function parseScoreForm(
	data: FormData
):
	| { ok: true; value: ScoreForm; raw: Record<string, string> }
	| { ok: false; field: string; fieldErrors: Record<string, 'not_a_number'>; raw: Record<string, string> } {
	const base = scoreFormSchema.safeParse({
		comment: String(data.get('comment') ?? ''),
		intent: String(data.get('intent') ?? '')
	});
	const points: Record<string, number> = {};
	const raw: Record<string, string> = {};
	const fieldErrors: Record<string, 'not_a_number'> = {};
	let field: string | null = null;
	for (const [key, value] of data) {
		const id = /^p_(\d+)$/.exec(key)?.[1];
		if (!id || typeof value !== 'string') continue;
		raw[id] = value;
		const parsed = pointValue.safeParse(value);
		if (!parsed.success) {
			fieldErrors[id] = 'not_a_number';
			field ??= key;
		} else if (parsed.data !== null) points[id] = parsed.data;
	}
	if (!base.success)
		return { ok: false, field: String(base.error.issues[0]?.path[0] ?? 'intent'), fieldErrors, raw };
	if (field !== null) return { ok: false, field, fieldErrors, raw };
	return {
		ok: true,
		value: { points, comment: base.data.comment, submit: base.data.intent === 'submit' },
		raw
	};
}
