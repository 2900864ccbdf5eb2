import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O, U, so a code read aloud or typed from paper is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;

/** 10 random symbols = 50 bits: unguessable by trying (10^15 codes), short enough to type. */
export function newCertificateCode(): string {
	const bytes = randomBytes(CODE_LENGTH);
	let code = '';
	// 256 is a multiple of 32: the low 5 bits of each byte are uniform
	for (const byte of bytes) code += ALPHABET[byte & 31];
	return code;
}

/**
 * What a person typed (lower case, spaces, a dash, O for 0, I or L for 1) as a stored code, or null when it cannot
 * be one: such input is answered without a database lookup.
 */
export function normalizeCertificateCode(input: string): string | null {
	const code = input
		.toUpperCase()
		.replace(/[\s-]+/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/** Printed as ABCDE-FGHJK: two groups are easier to copy. */
export function formatCertificateCode(code: string): string {
	return `${code.slice(0, 5)}-${code.slice(5)}`;
}
