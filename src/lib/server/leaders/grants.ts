import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
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
 * Makes someone leader of a unit's subtree; granting twice is a no-op (the unique constraint). Audited with the
 * grant, in one transaction.
 */
export async function grantLeader(
	db: Db,
	userId: number,
	unitId: number,
	grantedBy: number
): Promise<Result<object, 'not_found'>> {
	return db.transaction(async (tx) => {
		const [unit] = await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId));
		if (!unit) return fail('not_found');
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

/** Removes one leader grant (nothing else: the role is checked in the statement). */
export async function revokeLeader(db: Db, grantId: number, revokedBy: number) {
	await db.transaction(async (tx) => {
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

/** Every unit leader grant, oldest first. */
export async function leaderGrants(db: Db): Promise<LeaderGrant[]> {
	const rows = await db
		.select({
			id: roleGrants.id,
			userId: roleGrants.userId,
			fullName: users.fullName,
			phone: users.phone,
			unitId: units.id,
			unitName: units.name
		})
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.innerJoin(units, eq(units.id, roleGrants.unitId))
		.where(eq(roleGrants.role, 'leader'))
		.orderBy(roleGrants.id)
		.limit(2000);
	return rows;
}
