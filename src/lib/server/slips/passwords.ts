import { createHmac, randomBytes } from 'node:crypto';
import { INITIAL_PASSWORD_ALPHABET } from '../auth/password';

/** A run's secret: 256 random bits, kept in the run only until it ends. */
export const newSlipSeed = () => randomBytes(32).toString('base64url');

/**
 * The initial password of one person in one slips run: the same in every attempt of the run, and as unpredictable
 * as a random one to anyone without the seed. Same alphabet and length as generateInitialPassword, uniformly
 * (rejection sampling over HMAC-SHA256 output, more blocks if ever needed).
 */
export function slipPassword(seed: string, userId: number): string {
	const size = INITIAL_PASSWORD_ALPHABET.length;
	const limit = 256 - (256 % size);
	let out = '';
	for (let block = 0; out.length < 12; block++) {
		const bytes = createHmac('sha256', seed).update(`slip:${userId}:${block}`).digest();
		for (const b of bytes) {
			if (b < limit && out.length < 12) out += INITIAL_PASSWORD_ALPHABET[b % size];
		}
	}
	return out;
}
