import { hash, verify } from '@node-rs/argon2';

// argon2id with OWASP's minimum (19 MiB, t=2, p=1): ~20–40 ms a hash here.
const STRONG = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Initial passwords for imported people are random (≈ 60 bits) and must be changed at first sign-in, so their
 * entropy, not the hash cost, protects them. A cheap argon2id lets a 10,000-row import hash in seconds; the
 * parameters are stored in the hash, so verification needs nothing special.
 */
const INITIAL = { memoryCost: 4_096, timeCost: 1, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password.normalize('NFC'), STRONG);
}

export function hashInitialPassword(password: string): Promise<string> {
	return hash(password, INITIAL);
}

/**
 * Many initial passwords (an import, a unit's slips). argon2 runs on libuv's thread pool: a few at a time keeps both
 * cores busy without queueing 10,000 jobs, and other requests are served in between.
 */
export async function hashInitialPasswords(
	passwords: string[],
	onProgress: (done: number) => void | Promise<void> = () => {}
): Promise<string[]> {
	const hashes = new Array<string>(passwords.length);
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < passwords.length) {
			const i = next++;
			hashes[i] = await hashInitialPassword(passwords[i]);
			done++;
			if (done % 250 === 0 || done === passwords.length) await onProgress(done);
		}
	};
	await Promise.all(Array.from({ length: 4 }, worker));
	return hashes;
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password.normalize('NFC'));
	} catch {
		return false;
	}
}

/**
 * Lower case and digits without look-alikes (no 0/o, 1/l/i): a phone keyboard types them without switching case,
 * and a slip read aloud or in poor print is not misread. 31 symbols × 12 ≈ 59 bits.
 */
export const INITIAL_PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 12 characters from INITIAL_PASSWORD_ALPHABET, uniformly (rejection sampling: no modulo bias). */
export function generateInitialPassword(): string {
	const size = INITIAL_PASSWORD_ALPHABET.length;
	const limit = 256 - (256 % size);
	let out = '';
	while (out.length < 12) {
		for (const b of crypto.getRandomValues(new Uint8Array(16))) {
			if (b < limit && out.length < 12) out += INITIAL_PASSWORD_ALPHABET[b % size];
		}
	}
	return out;
}

/**
 * What a person typed, read as an initial password: spaces and hyphens from the printed groups dropped, and lower
 * case (phones capitalize the first letter). Used only for accounts that still have their initial password.
 */
export function asInitialPassword(typed: string): string {
	return typed.replace(/[\s-]+/g, '').toLowerCase();
}

let dummy: Promise<string> | undefined;

/**
 * Sign-in with an unknown phone still verifies against a real hash, so the response time does not tell
 * whether an account exists.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummy ??= hashPassword(generateInitialPassword());
	await verifyPassword(await dummy, password);
	return false;
}
