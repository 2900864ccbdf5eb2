import type { RequestEvent } from '@sveltejs/kit';
import { readConfig } from '../config';
import { db } from '../db';
import { createSession, generateSessionToken, setSessionCookie } from './session';

const { sessionDays } = readConfig();

/** A new session (never a reused one) on every sign-in, sign-up and password change. */
export async function startSession(event: RequestEvent, userId: number) {
	const token = generateSessionToken();
	const session = await createSession(db(), token, userId, sessionDays);
	setSessionCookie(event.cookies, token, session.expiresAt, event.url.protocol === 'https:');
}

const BASE = 'http://same.invalid';

/**
 * Only same-site paths are followed after sign-in. The value is parsed as a browser would parse it (browsers drop
 * tabs and line breaks, so "/\t/evil.example" is "//evil.example"), and only a path on our own origin comes back:
 * never "//evil", "/\\evil", "https://…", or anything with control characters.
 */
export function safeNext(next: string | null): string | null {
	// eslint-disable-next-line no-control-regex
	if (!next || !next.startsWith('/') || /[\u0000-\u001F\u007F\\]/.test(next)) return null;
	let url: URL;
	try {
		url = new URL(next, BASE);
	} catch {
		return null;
	}
	if (url.origin !== BASE || url.pathname.startsWith('//')) return null;
	return url.pathname + url.search + url.hash;
}

/** The caller's address as adapter-node reports it, or 'unknown' when its ADDRESS_HEADER is missing (never a 500). */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string {
	try {
		return event.getClientAddress() || 'unknown';
	} catch {
		return 'unknown';
	}
}

/** 429 with Retry-After, for form actions that hit a rate limit. */
export function retryAfter(event: RequestEvent, seconds: number) {
	event.setHeaders({ 'retry-after': String(seconds) });
}
