/** Vietnamese text arrives composed (NFC) and decomposed (NFD); everything we store is NFC, trimmed. */
export function cleanText(value: string): string {
	return (
		value
			.normalize('NFC')
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, '')
			.replace(/\s+/g, ' ')
			.trim()
	);
}

/** Lower-case, no diacritics, đ → d: "Chi bộ Phòng" and "chi bo phong" fold to the same key. */
export function foldForSearch(value: string): string {
	return value
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}

/** Escapes LIKE's wildcards so that a typed "%" or "_" matches itself. */
export function likeEscape(value: string): string {
	return value.replace(/[%_\\]/g, '\\$&');
}
