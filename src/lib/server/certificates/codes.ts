import { randomBytes } from 'node:crypto';

/**
 * A certificate's verification code has one printed form everywhere (the PDF, its QR link, the verification page, the
 * organizer's and the owner's lists, file names): ABCDE-FGHJK, ten symbols of Crockford's base32 in two groups. The
 * database keeps the ten symbols without the dash. `parseCertificateCode` reads every form ever printed or typed:
 * the dashed form, the undashed form the first QR links carried (/verify/ABCDEFGHJK), a pasted link, lower case,
 * spaces, O for 0 and I or L for 1.
 */

/** Crockford's base32: no I, L, O, U, so a code read aloud or typed from paper is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
const GROUP = 5;

/** 10 random symbols = 50 bits: unguessable by trying (10^15 codes), short enough to type. */
export function newCertificateCode(): string {
	const bytes = randomBytes(CODE_LENGTH);
	let code = '';
	// 256 is a multiple of 32: the low 5 bits of each byte are uniform
	for (const byte of bytes) code += ALPHABET[byte & 31];
	return code;
}

/**
 * The stored code (ten symbols, no dash) for anything a person may hold: the printed code, a QR link old or new, or
 * what they typed; null when it cannot be a code, so such input is answered without a database lookup.
 */
export function parseCertificateCode(input: string): string | null {
	let text = input.trim();
	// a pasted verification link: the code is its last path segment
	const link = /\/verify\/([^/?#\s]+)\/?(?:[?#].*)?$/i.exec(text);
	if (link) {
		try {
			text = decodeURIComponent(link[1]);
		} catch {
			return null;
		}
	}
	const code = text
		.toUpperCase()
		.replace(/[\s\-–—.]+/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
	return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c)) ? code : null;
}

/** The one printed form: ABCDE-FGHJK (two groups are easier to copy). Accepts a stored or printed code. */
export function formatCertificateCode(code: string): string {
	const plain = code.replace(/-/g, '');
	return `${plain.slice(0, GROUP)}-${plain.slice(GROUP)}`;
}
