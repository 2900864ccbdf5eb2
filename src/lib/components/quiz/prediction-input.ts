/**
 * The prediction field is plain text (a number input lets the browser refuse the whole form, the automatic submit at
 * the deadline included): the page reads it here and shows a message next to it when it is not a whole number.
 * Dots, commas and spaces between groups of three digits are accepted ("1.200", "1 200").
 */
const MAX = 999_999_999;

export function readPrediction(text: string): { ok: true; value: number | null } | { ok: false } {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, value: null };
	if (!/^\d{1,3}([., ]\d{3})*$/.test(trimmed) && !/^\d+$/.test(trimmed)) return { ok: false };
	const value = Number(trimmed.replace(/[., ]/g, ''));
	return Number.isSafeInteger(value) && value <= MAX ? { ok: true, value } : { ok: false };
}
