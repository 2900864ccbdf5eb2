import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { db } from '../db';
import type { Role } from '../db/schema';
import { type ContestKind, type LeaderContest, leaderContest } from '../leaders/contests';
import { contestForScope } from '../organizer-grants';
import { canManageContest, type OrganizerScope } from './scope';
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

export type OrganizerUser = SessionUser & { organizer: OrganizerScope };

/**
 * Anyone who organizes something: a global organizer, an administrator, or an organizer of some contests or unit
 * subtrees. What they see must then be filtered by `user.organizer` (scope.ts) in the query that lists it.
 */
export function requireOrganizer(event: RequestEvent): OrganizerUser {
	const user = requireUser(event);
	if (!user.organizer) error(403, m.error_forbidden());
	return user as OrganizerUser;
}

/**
 * The first line of every organizer load, action and endpoint about one contest (`contestId` is the route's
 * param). A contest outside the organizer's scope is a 404, as a missing one is, so its existence does not leak.
 */
export async function requireContestOrganizer(
	event: RequestEvent,
	contestId: string | number | undefined
): Promise<OrganizerUser> {
	const user = requireOrganizer(event);
	if (user.organizer.kind === 'global') return user;
	const id = Number(contestId);
	if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) error(404, m.error_404_text());
	const contest = await contestForScope(db(), id);
	if (!contest || !canManageContest(user.organizer, contest)) error(404, m.error_404_text());
	return user;
}

/** The first line of every unit leader page that is not about one contest: someone leading at least one unit. */
export function requireLeader(event: RequestEvent): SessionUser {
	const user = requireUser(event);
	if (user.leads.length === 0) error(403, m.error_forbidden());
	return user;
}

/**
 * The first line of every unit leader load and endpoint about one contest: the contest (published, of the page's
 * kind) must be open to one of the leader's units, else a 404 as for a missing one. Returns where the leader's view
 * may start.
 */
export async function requireLeaderContest(
	event: RequestEvent,
	contestId: string | number | undefined,
	kind: ContestKind = 'quiz'
): Promise<{ user: SessionUser; contest: LeaderContest }> {
	const user = requireLeader(event);
	const id = Number(contestId);
	if (!Number.isInteger(id) || id < 1 || id > 2_147_483_647) error(404, m.error_404_text());
	const contest = await leaderContest(db(), user.leads, id, kind);
	if (!contest) error(404, m.error_404_text());
	return { user, contest };
}
