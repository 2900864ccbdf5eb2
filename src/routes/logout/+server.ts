import { error, redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

// Signing out needs no guard: it only ends the caller's own session, if there is one. It is refused cross-origin
// whatever the content type (SvelteKit's CSRF check covers form content types only): another site must not be able
// to sign people out.
export const POST: RequestHandler = async ({ locals, cookies, url, request }) => {
	const origin = request.headers.get('origin');
	const site = request.headers.get('sec-fetch-site');
	if ((origin && origin !== url.origin) || (!origin && site && site !== 'same-origin' && site !== 'none'))
		error(403, 'Cross-site sign-out refused');
	if (locals.session) await invalidateSession(db(), locals.session.id);
	deleteSessionCookie(cookies, url.protocol === 'https:');
	redirect(303, '/');
};
