import { z } from 'zod';

// A judge's rubric form: one number per criterion (posted as `p_<criterionId>`), a comment, and which button was
// pressed. The rubric's own rules (maxima, half steps, all criteria on submit) are checked by the server's
// rubricTotal, which knows the round's criteria; this only turns the posted strings into plain values.

export const COMMENT_MAX = 5000;

/** '' (left empty) or a finite number; a decimal comma is read as a point. */
const pointValue = z
	.string()
	.trim()
	.transform((s) => s.replace(',', '.'))
	.refine((s) => s === '' || Number.isFinite(Number(s)))
	.transform((s) => (s === '' ? null : Number(s)));

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
): { ok: true; value: ScoreForm; raw: Record<string, string> } | { ok: false; field: string } {
	const base = scoreFormSchema.safeParse({
		comment: String(data.get('comment') ?? ''),
		intent: String(data.get('intent') ?? '')
	});
	if (!base.success) return { ok: false, field: String(base.error.issues[0]?.path[0] ?? 'intent') };
	const points: Record<string, number> = {};
	const raw: Record<string, string> = {};
	for (const [key, value] of data) {
		const id = /^p_(\d+)$/.exec(key)?.[1];
		if (!id || typeof value !== 'string') continue;
		raw[id] = value;
		const parsed = pointValue.safeParse(value);
		if (!parsed.success) return { ok: false, field: key };
		if (parsed.data !== null) points[id] = parsed.data;
	}
	return {
		ok: true,
		value: { points, comment: base.data.comment, submit: base.data.intent === 'submit' },
		raw
	};
}
