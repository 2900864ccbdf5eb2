import { and, desc, eq, isNotNull, or, sql } from 'drizzle-orm';
import { normalizePhone } from '../phone';
import { mayTargetUnit, type OrganizerScope, peopleInScope } from './auth/scope';
import type { Db } from './db/client';
import { contests, roleGrants, units, users } from './db/schema';

/** A scoped organizer grant as the administrator's people page lists it. */
export interface OrganizerGrant {
	id: number;
	userId: number;
	fullName: string;
	phone: string;
	contestId: number | null;
	contestTitle: string | null;
	unitId: number | null;
	unitName: string | null;
}

export type GrantTarget = { contestId: number } | { unitId: number };
export type GrantError = 'not_found';

/** Grants organizer of one contest or of one unit's subtree; granting twice is a no-op (the unique constraint). */
export async function grantScopedOrganizer(
	db: Db,
	userId: number,
	target: GrantTarget,
	grantedBy: number
): Promise<{ ok: true } | { ok: false; error: GrantError }> {
	const exists =
		'contestId' in target
			? await db.select({ id: contests.id }).from(contests).where(eq(contests.id, target.contestId))
			: await db.select({ id: units.id }).from(units).where(eq(units.id, target.unitId));
	if (exists.length === 0) return { ok: false, error: 'not_found' };
	await db
		.insert(roleGrants)
		.values({ userId, role: 'organizer', grantedBy, ...target })
		.onConflictDoNothing();
	return { ok: true };
}

/** Removes one scoped grant (never a global role: those go through revokeRole). */
export async function revokeScopedOrganizer(db: Db, userId: number, grantId: number) {
	await db
		.delete(roleGrants)
		.where(
			and(
				eq(roleGrants.id, grantId),
				eq(roleGrants.userId, userId),
				eq(roleGrants.role, 'organizer'),
				or(isNotNull(roleGrants.contestId), isNotNull(roleGrants.unitId))
			)
		);
}

/** Scoped organizer grants, of the listed people or (no list) everyone's, oldest first (one query). */
export async function scopedGrantsOf(db: Db, userIds?: number[]): Promise<OrganizerGrant[]> {
	if (userIds && userIds.length === 0) return [];
	return db
		.select({
			id: roleGrants.id,
			userId: roleGrants.userId,
			fullName: users.fullName,
			phone: users.phone,
			contestId: roleGrants.contestId,
			contestTitle: contests.title,
			unitId: roleGrants.unitId,
			unitName: units.name
		})
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.leftJoin(contests, eq(contests.id, roleGrants.contestId))
		.leftJoin(units, eq(units.id, roleGrants.unitId))
		.where(
			and(
				userIds ? sql`${roleGrants.userId} in (${sql.join(userIds, sql`, `)})` : undefined,
				eq(roleGrants.role, 'organizer'),
				or(isNotNull(roleGrants.contestId), isNotNull(roleGrants.unitId))
			)
		)
		.orderBy(roleGrants.id)
		.limit(1000);
}

/** Every contest, newest first, for the administrator's grant form. */
export async function contestChoices(db: Db) {
	return db
		.select({ id: contests.id, title: contests.title, kind: contests.kind })
		.from(contests)
		.orderBy(desc(contests.id));
}

export async function userIdByPhone(db: Db, phone: string): Promise<number | undefined> {
	const normalized = normalizePhone(phone);
	if (!normalized) return undefined;
	const [row] = await db.select({ id: users.id }).from(users).where(eq(users.phone, normalized));
	return row?.id;
}

/** What a contest guard needs to decide: the contest and the path of the unit it is open to (null: everyone). */
export async function contestForScope(
	db: Db,
	contestId: number
): Promise<{ id: number; kind: 'quiz' | 'essay'; eligibleUnitPath: string | null } | undefined> {
	const [row] = await db
		.select({ id: contests.id, kind: contests.kind, eligibleUnitPath: units.path })
		.from(contests)
		.leftJoin(units, eq(units.id, contests.eligibleUnitId))
		.where(eq(contests.id, contestId));
	return row;
}

/** The path of a unit (for checks of a unit chosen in a form); undefined when it does not exist. */
export async function unitPathOf(db: Db, unitId: number): Promise<string | undefined> {
	const [row] = await db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
	return row?.path;
}

/**
 * Whether this organizer may make a contest open to `eligibleUnitId` (null: everyone). `current` is the contest's
 * present unit when it is edited: keeping it as it is never needs more than managing the contest.
 */
export async function mayOpenContestTo(
	db: Db,
	scope: OrganizerScope,
	eligibleUnitId: number | null,
	current?: number | null
): Promise<boolean> {
	if (scope.kind === 'global') return true;
	if (current !== undefined && eligibleUnitId === current) return true;
	if (eligibleUnitId === null) return false;
	const path = await unitPathOf(db, eligibleUnitId);
	return path !== undefined && mayTargetUnit(scope, path);
}

/** Whether this person is one the organizer may see (their units, their contests' people). */
export async function personInScope(db: Db, scope: OrganizerScope, userId: number): Promise<boolean> {
	const [row] = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.id, userId), peopleInScope(scope)));
	return row !== undefined;
}
