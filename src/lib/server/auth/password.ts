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

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password.normalize('NFC'));
	} catch {
		return false;
	}
}

const ALPHABET = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY2345679';

/** 12 characters from an alphabet without look-alikes (0/O, 1/l/I, 8/B): easy to read aloud or print. */
export function generateInitialPassword(): string {
	for (;;) {
		const bytes = crypto.getRandomValues(new Uint8Array(12));
		let out = '';
		for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
		if (/\d/.test(out) && /[a-zA-Z]/.test(out)) return out;
	}
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
