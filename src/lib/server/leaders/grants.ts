import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { GLOBAL_SCOPE, mayReachUnit, type OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { roleGrants, units, users } from '../db/schema';
import { fail, ok, type Result } from '../result';

/** A unit leader grant as the grant pages list it. */
export interface LeaderGrant {
	id: number;
	userId: number;
	fullName: string;
	phone: string;
	unitId: number;
	unitName: string;
}

/**
 * Makes someone leader of a unit's subtree; granting twice is a no-op (the unique constraint). A scoped organizer
 * names leaders only of units within their reach (their subtrees, their contests' eligible subtrees). Audited with
 * the grant, in one transaction.
 */
export async function grantLeader(
	db: Db,
	userId: number,
	unitId: number,
	grantedBy: number,
	scope: OrganizerScope = GLOBAL_SCOPE
): Promise<Result<object, 'not_found' | 'out_of_scope'>> {
	return db.transaction(async (tx) => {
		const [unit] = await tx
			.select({ id: units.id, path: units.path })
			.from(units)
			.where(eq(units.id, unitId));
		if (!unit) return fail('not_found');
		if (!mayReachUnit(scope, unit.path)) return fail('out_of_scope');
		const [row] = await tx
			.insert(roleGrants)
			.values({ userId, role: 'leader', unitId, grantedBy })
			.onConflictDoNothing()
			.returning({ id: roleGrants.id });
		if (row)
			await recordAudit(tx, {
				actorId: grantedBy,
				contestId: null,
				entity: 'role_grant',
				entityId: row.id,
				action: 'leader_granted',
				after: { userId, unitId }
			});
		return ok();
	});
}

/** Removes one leader grant (nothing else: the role is checked in the statement), within the remover's reach. */
export async function revokeLeader(
	db: Db,
	grantId: number,
	revokedBy: number,
	scope: OrganizerScope = GLOBAL_SCOPE
) {
	await db.transaction(async (tx) => {
		const [grant] = await tx
			.select({ path: units.path })
			.from(roleGrants)
			.innerJoin(units, eq(units.id, roleGrants.unitId))
			.where(and(eq(roleGrants.id, grantId), eq(roleGrants.role, 'leader')));
		if (!grant || !mayReachUnit(scope, grant.path)) return;
		const [row] = await tx
			.delete(roleGrants)
			.where(and(eq(roleGrants.id, grantId), eq(roleGrants.role, 'leader')))
			.returning({ userId: roleGrants.userId, unitId: roleGrants.unitId });
		if (row)
			await recordAudit(tx, {
				actorId: revokedBy,
				contestId: null,
				entity: 'role_grant',
				entityId: grantId,
				action: 'leader_revoked',
				before: row
			});
	});
}

/** The unit leader grants within reach (an administrator's or global organizer's: all), oldest first. */
export async function leaderGrants(db: Db, scope: OrganizerScope = GLOBAL_SCOPE): Promise<LeaderGrant[]> {
	const rows = await db
		.select({
			id: roleGrants.id,
			userId: roleGrants.userId,
			fullName: users.fullName,
			phone: users.phone,
			unitId: units.id,
			unitName: units.name,
			unitPath: units.path
		})
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.innerJoin(units, eq(units.id, roleGrants.unitId))
		.where(eq(roleGrants.role, 'leader'))
		.orderBy(roleGrants.id)
		.limit(2000);
	return rows
		.filter((r) => mayReachUnit(scope, r.unitPath))
		.map(({ unitPath: _unitPath, ...grant }) => grant);
}
