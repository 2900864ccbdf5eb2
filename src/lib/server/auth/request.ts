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

/** Only same-site paths are followed after sign-in ("/x", never "//evil" or "https://…"). */
export function safeNext(next: string | null): string | null {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
	return next;
}

/** 429 with Retry-After, for form actions that hit a rate limit. */
export function retryAfter(event: RequestEvent, seconds: number) {
	event.setHeaders({ 'retry-after': String(seconds) });
}
