/**
 * Actions on many people at once from the people page: on everyone the filter matches or on ticked rows, always
 * narrowed to the organizer's scope. Only an administrator acts on someone who holds a role (as for a single reset:
 * otherwise an organizer could lock out or take over an administrator), and nobody acts on themselves.
 */
import { and, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm';
import { MAX_BULK } from '$lib/schemas/people';
import { recordAudit } from '../audit';
import type { OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { roleGrants, sessions, units, users } from '../db/schema';
import { fail, ok, type Result } from '../result';
import { type PeopleFilter, peopleWhere } from './directory';

export type BulkTarget = { matching: PeopleFilter } | { ids: number[] };

export interface Actor {
	id: number;
	admin: boolean;
	scope: OrganizerScope;
}

/**
 * The ids the action may touch (at most MAX_BULK): what matches (or the ticked rows, still inside the scope), less
 * the actor and, for an organizer, anyone holding a role.
 */
export async function bulkTargets(
	db: Db,
	target: BulkTarget,
	actor: Actor
): Promise<Result<{ ids: number[] }, 'nobody' | 'too_many'>> {
	if ('ids' in target && target.ids.length === 0) return fail('nobody');
	const rows = await db
		.select({ id: users.id })
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(
			and(
				'ids' in target ? inArray(users.id, target.ids) : undefined,
				peopleWhere('ids' in target ? {} : target.matching, actor.scope),
				ne(users.id, actor.id),
				actor.admin
					? undefined
					: sql`not exists (select 1 from ${roleGrants} g where g.user_id = ${users.id})`
			)
		)
		.orderBy(users.id)
		.limit(MAX_BULK + 1);
	if (rows.length === 0) return fail('nobody');
	if (rows.length > MAX_BULK) return fail('too_many');
	return ok({ ids: rows.map((r) => r.id) });
}

/** Disables (ending every session at once) or enables the people; returns how many changed. Audited. */
export async function setPeopleDisabled(
	db: Db,
	ids: number[],
	disabled: boolean,
	actorId: number
): Promise<number> {
	if (ids.length === 0) return 0;
	return db.transaction(async (tx) => {
		const changed = await tx
			.update(users)
			.set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
			.where(and(inArray(users.id, ids), disabled ? isNull(users.disabledAt) : isNotNull(users.disabledAt)))
			.returning({ id: users.id });
		const done = changed.map((r) => r.id);
		if (done.length === 0) return 0;
		if (disabled) await tx.delete(sessions).where(inArray(sessions.userId, done));
		await recordAudit(tx, {
			actorId,
			contestId: null,
			entity: 'users',
			action: disabled ? 'people_disabled' : 'people_enabled',
			after: { people: done.length, ids: done }
		});
		return done.length;
	});
}
