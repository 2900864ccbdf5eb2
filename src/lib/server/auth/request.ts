import type { RequestEvent } from '@sveltejs/kit';
import { readConfig } from '../config';
import { clientAddressOf } from '../http/address';
import { db } from '../db';
import { createSession, generateSessionToken, setSessionCookie } from './session';

const { sessionDays, trustedProxies } = readConfig();

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

/**
 * The caller's address: the connection's, or behind a proxy listed in TRUSTED_PROXIES the client's from
 * X-Forwarded-For (src/lib/server/http/address.ts). Never throws: adapter-node's getClientAddress does when an
 * ADDRESS_HEADER it was told to read is missing.
 */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress' | 'request'>): string {
	let peer: string;
	try {
		peer = event.getClientAddress() || 'unknown';
	} catch {
		return 'unknown';
	}
	return clientAddressOf(peer, event.request.headers.get('x-forwarded-for'), trustedProxies);
}

/** 429 with Retry-After, for form actions that hit a rate limit. */
export function retryAfter(event: RequestEvent, seconds: number) {
	event.setHeaders({ 'retry-after': String(seconds) });
}
