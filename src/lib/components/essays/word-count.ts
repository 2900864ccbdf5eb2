/**
 * Words in plain text, counted as the server counts them (countWords in $lib/server/essays/files.ts): a run of
 * non-space characters holding at least one letter or digit. Repeated here because server modules stay out of
 * the browser; entries.spec.ts checks that both agree.
 */
export function countWords(text: string): number {
	return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
