import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';

/** A fetch() for JSON gets a 401; a page, a page's data or a form post goes to the sign-in page. */
function isApiRequest(event: RequestEvent) {
	if (event.isDataRequest || event.request.headers.has('x-sveltekit-action')) return false;
	const accept = event.request.headers.get('accept') ?? '';
	return event.request.method === 'GET' ? !accept.includes('text/html') : accept.includes('application/json');
}

/**
 * The first line of every load, action and endpoint that needs a signed-in person. A person who must change an
 * initial password can reach nothing else until they have (pass `allowPasswordChange` on that page only).
 */
export function requireUser(
	event: RequestEvent,
	options: { allowPasswordChange?: boolean } = {}
): SessionUser {
	const user = event.locals.user;
	if (!user) {
		if (isApiRequest(event)) error(401, m.error_unauthenticated());
		redirect(303, `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`);
	}
	if (user.mustChangePassword && !options.allowPasswordChange) redirect(303, '/account/password');
	return user;
}

/** Any one of `roles` lets the user in; global roles only (contest-scoped checks live with contests). */
export function requireRole(event: RequestEvent, ...roles: Role[]): SessionUser {
	const user = requireUser(event);
	if (!roles.some((role) => user.roles.includes(role))) error(403, m.error_forbidden());
	return user;
}

/** Pages only a signed-out visitor uses (sign-in, sign-up): a signed-in person goes home. */
export function requireGuest(event: RequestEvent) {
	if (event.locals.user) redirect(303, '/');
}
