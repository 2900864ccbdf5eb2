import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

// Signing out needs no guard: it only ends the caller's own session, if there is one.
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session) await invalidateSession(db(), locals.session.id);
	deleteSessionCookie(cookies, url.protocol === 'https:');
	redirect(303, '/');
};
