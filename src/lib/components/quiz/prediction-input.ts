/** The prediction field's text as the runner reads it today (a number input's value). */
export function readPrediction(text: string): { ok: true; value: number | null } | { ok: false } {
	const n = Number(text);
	return { ok: true, value: text !== '' && Number.isInteger(n) && n >= 0 ? n : null };
}
