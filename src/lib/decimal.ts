/**
 * Numbers as people type them, whatever the browser's language: Vietnamese writes "23,5", others "23.5"; both are
 * 23.5. Anything that would need a guess is refused rather than read: a thousands separator ("1.000" may be one or
 * a thousand), two separators ("2,5,1"), more than two decimals, exponents, signs other than a leading minus.
 * Used by the judge's form (live total) and by the zod schema that reads the posted form, so both read alike.
 */
export type ParsedDecimal = { ok: true; value: number | null } | { ok: false };

const DECIMAL = /^-?(?:\d+(?:[.,]\d{1,2})?|[.,]\d{1,2})$/;

export function parseDecimal(text: string): ParsedDecimal {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, value: null };
	if (!DECIMAL.test(trimmed)) return { ok: false };
	const value = Number(trimmed.replace(',', '.'));
	return Number.isFinite(value) ? { ok: true, value } : { ok: false };
}
