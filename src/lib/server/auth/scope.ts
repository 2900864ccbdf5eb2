import { inArray, or, type SQL, sql } from 'drizzle-orm';
import { contestPeople, contests, entries, units, users } from '../db/schema';

/**
 * What an organizer may manage. A global organizer (or an administrator) manages everything. A scoped one holds
 * grants for single contests and for unit subtrees (role_grants.contest_id / unit_id):
 * - contests: the granted ones, and every contest open only inside a granted subtree (a contest open to everyone is
 *   not "inside" any subtree, so only a contest grant or a global role reaches it);
 * - people: the granted subtrees, the eligible subtree of each granted contest, and the participants of a granted
 *   contest open to everyone;
 * - new contests, eligibility changes and imports: only units inside a granted subtree.
 */
export type OrganizerScope =
	| { kind: 'global' }
	| {
			kind: 'scoped';
			/** contests granted one by one */
			contestIds: number[];
			/** paths of the granted units ('/1/5/'): each stands for its whole subtree */
			unitPaths: string[];
			/** unitPaths plus the eligible unit's path of each granted contest */
			peoplePaths: string[];
			/** granted contests open to everyone: their participants are visible */
			openContestIds: number[];
	  };

/** A unit leader's grant: the unit and its path; the leader follows the whole subtree under it. */
export interface LedUnit {
	unitId: number;
	path: string;
}

export type ScopedOrganizer = Extract<OrganizerScope, { kind: 'scoped' }>;

/** One row per organizer grant, as the session query reads them. */
export interface OrganizerGrantRow {
	contestId: number | null;
	unitPath: string | null;
	/** the granted contest's eligible unit path; null when the contest is open to everyone */
	contestEligiblePath: string | null;
}

export const GLOBAL_SCOPE: OrganizerScope = { kind: 'global' };

/** The scope of someone holding these organizer grants (none: not an organizer at all). */
export function scopeFromGrants(grants: OrganizerGrantRow[]): ScopedOrganizer | null {
	if (grants.length === 0) return null;
	const scope: ScopedOrganizer = {
		kind: 'scoped',
		contestIds: [],
		unitPaths: [],
		peoplePaths: [],
		openContestIds: []
	};
	for (const grant of grants) {
		if (grant.unitPath !== null) {
			scope.unitPaths.push(grant.unitPath);
			scope.peoplePaths.push(grant.unitPath);
		} else if (grant.contestId !== null) {
			scope.contestIds.push(grant.contestId);
			if (grant.contestEligiblePath !== null) scope.peoplePaths.push(grant.contestEligiblePath);
			else scope.openContestIds.push(grant.contestId);
		}
	}
	return scope;
}

/** Paths are '/1/5/23/': a prefix is an ancestor (or the unit itself), never a sibling such as '/1/50/'. */
export function pathInside(path: string, ancestors: string[]): boolean {
	return ancestors.some((ancestor) => path.startsWith(ancestor));
}

export function canManageContest(
	scope: OrganizerScope,
	contest: { id: number; eligibleUnitPath: string | null }
): boolean {
	if (scope.kind === 'global') return true;
	if (scope.contestIds.includes(contest.id)) return true;
	return contest.eligibleUnitPath !== null && pathInside(contest.eligibleUnitPath, scope.unitPaths);
}

/**
 * Whether a contest may be opened to this unit (creating one, changing who is eligible): a unit inside a granted
 * subtree. Null (everyone) needs a global role.
 */
export function mayTargetUnit(scope: OrganizerScope, unitPath: string | null): boolean {
	if (scope.kind === 'global') return true;
	return unitPath !== null && pathInside(unitPath, scope.unitPaths);
}

/** Global organizers open contests anywhere; scoped ones only with a unit subtree of their own to open them to. */
export function mayCreateContests(scope: OrganizerScope): boolean {
	return scope.kind === 'global' || scope.unitPaths.length > 0;
}

/** Whether people of this unit are within the organizer's reach (imports, resets). */
export function mayReachUnit(scope: OrganizerScope, unitPath: string): boolean {
	return scope.kind === 'global' || pathInside(unitPath, scope.peoplePaths);
}

/** `path like 'p%'` for each path; paths hold only digits and slashes, so nothing needs escaping. */
function under(path: SQL, ancestors: string[]): SQL | undefined {
	return or(...ancestors.map((ancestor) => sql`${path} like ${ancestor + '%'}`));
}

/**
 * The contests in scope, as a condition on `contests` for a list's own query (undefined: no filter). Rows stay
 * ordered and paged by the query that uses it.
 */
export function contestsInScope(scope: OrganizerScope): SQL | undefined {
	if (scope.kind === 'global') return undefined;
	const granted = scope.contestIds.length ? inArray(contests.id, scope.contestIds) : undefined;
	const inside = scope.unitPaths.length
		? sql`exists (select 1 from ${units} eu where eu.id = ${contests.eligibleUnitId}
			and (${under(sql`eu.path`, scope.unitPaths)}))`
		: undefined;
	return or(granted, inside) ?? sql`false`;
}

/** The people in scope, as a condition on `users` (undefined: no filter). */
export function peopleInScope(scope: OrganizerScope): SQL | undefined {
	if (scope.kind === 'global') return undefined;
	const inside = scope.peoplePaths.length
		? sql`exists (select 1 from ${units} pu where pu.id = ${users.unitId}
			and (${under(sql`pu.path`, scope.peoplePaths)}))`
		: undefined;
	const open = scope.openContestIds;
	const participants = open.length
		? sql`(exists (select 1 from ${contestPeople} cp where cp.user_id = ${users.id}
				and cp.contest_id in (${sql.join(open, sql`, `)}))
			or exists (select 1 from ${entries} e where e.author_id = ${users.id}
				and e.contest_id in (${sql.join(open, sql`, `)})))`
		: undefined;
	return or(inside, participants) ?? sql`false`;
}
