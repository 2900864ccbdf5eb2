import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { foldForSearch, likeEscape } from '../text';
import { type Db, rowsOf } from './db/client';
import { type Unit, units, users } from './db/schema';

/** Serializes changes to the tree's shape (create, move) so that two moves cannot make a cycle. */
export const TREE_LOCK = 7_245_002;

export type UnitError = 'not_found' | 'parent_not_found' | 'parent_inactive' | 'code_taken' | 'cycle';
export type Result<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

export function searchTextOf(name: string, code: string) {
	return foldForSearch(`${name} ${code}`);
}

export async function createUnit(
	db: Db,
	input: { code: string; name: string; parentId: number | null; headcount: number }
): Promise<Result<Unit, UnitError>> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
		let parent: Unit | undefined;
		if (input.parentId !== null) {
			[parent] = await tx.select().from(units).where(eq(units.id, input.parentId));
			if (!parent) return { ok: false, error: 'parent_not_found' };
			if (!parent.active) return { ok: false, error: 'parent_inactive' };
		}
		const [taken] = await tx.select({ id: units.id }).from(units).where(eq(units.code, input.code));
		if (taken) return { ok: false, error: 'code_taken' };
		const [row] = await tx
			.insert(units)
			.values({
				code: input.code,
				name: input.name,
				parentId: input.parentId,
				headcount: input.headcount,
				path: '/',
				depth: parent ? parent.depth + 1 : 0,
				searchText: searchTextOf(input.name, input.code)
			})
			.returning();
		const [unit] = await tx
			.update(units)
			.set({ path: `${parent?.path ?? '/'}${row.id}/` })
			.where(eq(units.id, row.id))
			.returning();
		return { ok: true, value: unit };
	});
}

export async function updateUnit(
	db: Db,
	id: number,
	input: { name: string; code: string; headcount: number }
): Promise<Result<Unit, UnitError>> {
	return db.transaction(async (tx) => {
		const [other] = await tx.select({ id: units.id }).from(units).where(eq(units.code, input.code));
		if (other && other.id !== id) return { ok: false, error: 'code_taken' };
		const [unit] = await tx
			.update(units)
			// named fields only: the tree's shape (parent, path, depth) changes through moveUnit alone
			.set({
				name: input.name,
				code: input.code,
				headcount: input.headcount,
				searchText: searchTextOf(input.name, input.code),
				updatedAt: new Date()
			})
			.where(eq(units.id, id))
			.returning();
		return unit ? { ok: true, value: unit } : { ok: false, error: 'not_found' };
	});
}

/** Moves a unit with its whole subtree under a new parent (null: to the top level). */
export async function moveUnit(
	db: Db,
	id: number,
	newParentId: number | null
): Promise<Result<Unit, UnitError>> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
		const [unit] = await tx.select().from(units).where(eq(units.id, id));
		if (!unit) return { ok: false, error: 'not_found' };
		let prefix = '/';
		let depth = 0;
		if (newParentId !== null) {
			const [parent] = await tx.select().from(units).where(eq(units.id, newParentId));
			if (!parent) return { ok: false, error: 'parent_not_found' };
			if (parent.path.startsWith(unit.path)) return { ok: false, error: 'cycle' };
			if (!parent.active) return { ok: false, error: 'parent_inactive' };
			prefix = parent.path;
			depth = parent.depth + 1;
		}
		const newPath = `${prefix}${unit.id}/`;
		await tx.execute(sql`
			update units
			set path = ${newPath} || substr(path, ${unit.path.length + 1}),
			    depth = depth + ${depth - unit.depth},
			    updated_at = now()
			where path like ${unit.path + '%'}`);
		const [moved] = await tx.update(units).set({ parentId: newParentId }).where(eq(units.id, id)).returning();
		return { ok: true, value: moved };
	});
}

/** Deactivating hides a unit and its whole subtree from sign-up; reactivating needs an active parent. */
export async function setUnitActive(db: Db, id: number, active: boolean): Promise<Result<null, UnitError>> {
	return db.transaction(async (tx) => {
		// the tree's shape lock: a move at the same moment could otherwise put this subtree under another parent
		// between reading its path and (de)activating it
		await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
		const [unit] = await tx.select().from(units).where(eq(units.id, id));
		if (!unit) return { ok: false, error: 'not_found' };
		if (active) {
			if (unit.parentId !== null) {
				const [parent] = await tx.select().from(units).where(eq(units.id, unit.parentId));
				if (!parent?.active) return { ok: false, error: 'parent_inactive' };
			}
			await tx.update(units).set({ active: true, updatedAt: new Date() }).where(eq(units.id, id));
		} else {
			await tx.execute(
				sql`update units set active = false, updated_at = now() where path like ${unit.path + '%'}`
			);
		}
		return { ok: true, value: null };
	});
}

export async function getUnit(db: Db, id: number): Promise<Unit | undefined> {
	const [unit] = await db.select().from(units).where(eq(units.id, id));
	return unit;
}

/** The whole tree in depth-first order (path order), for the administrator's tree view. */
export async function listUnits(db: Db, options: { activeOnly?: boolean } = {}) {
	return db
		.select()
		.from(units)
		.where(options.activeOnly ? eq(units.active, true) : undefined)
		.orderBy(asc(units.path));
}

export interface UnitOption {
	id: number;
	code: string;
	name: string;
	/** names from the top of the tree down to this unit */
	trail: string[];
}

/** Names of every ancestor, in order, for many units at once (one query, no N+1). */
async function withTrails(
	db: Db,
	found: Pick<Unit, 'id' | 'code' | 'name' | 'path'>[]
): Promise<UnitOption[]> {
	const ancestorIds = new Set<number>();
	for (const unit of found)
		for (const part of unit.path.split('/').filter(Boolean)) ancestorIds.add(Number(part));
	if (ancestorIds.size === 0) return [];
	const names = new Map(
		(
			await db
				.select({ id: units.id, name: units.name })
				.from(units)
				.where(inArray(units.id, [...ancestorIds]))
		).map((u) => [u.id, u.name])
	);
	return found.map((unit) => ({
		id: unit.id,
		code: unit.code,
		name: unit.name,
		trail: unit.path
			.split('/')
			.filter(Boolean)
			.map((id) => names.get(Number(id)) ?? '')
	}));
}

/** Active units matching a query typed with or without diacritics (sign-up's unit picker). */
export async function searchUnits(db: Db, query: string, limit = 20): Promise<UnitOption[]> {
	const folded = foldForSearch(query);
	const words = folded.split(' ').filter(Boolean);
	const found = await db
		.select({ id: units.id, code: units.code, name: units.name, path: units.path })
		.from(units)
		.where(
			and(
				eq(units.active, true),
				...words.map((w) => sql`' ' || ${units.searchText} like ${'% ' + likeEscape(w) + '%'}`)
			)
		)
		.orderBy(asc(units.depth), asc(units.name))
		.limit(limit);
	return withTrails(db, found);
}

/** The unit and its ancestors from the top down, for breadcrumbs. */
export async function unitBreadcrumb(db: Db, id: number): Promise<{ id: number; name: string }[]> {
	const unit = await getUnit(db, id);
	if (!unit) return [];
	const ids = unit.path.split('/').filter(Boolean).map(Number);
	const rows = await db
		.select({ id: units.id, name: units.name, depth: units.depth })
		.from(units)
		.where(inArray(units.id, ids))
		.orderBy(asc(units.depth));
	return rows.map(({ id, name }) => ({ id, name }));
}

export async function unitOption(db: Db, id: number): Promise<UnitOption | undefined> {
	const found = await db
		.select({ id: units.id, code: units.code, name: units.name, path: units.path })
		.from(units)
		.where(eq(units.id, id));
	return (await withTrails(db, found))[0];
}

export interface UnitRollup {
	id: number;
	code: string;
	name: string;
	active: boolean;
	ownHeadcount: number;
	/** headcount of the unit and all its active descendants */
	headcount: number;
	/** enabled accounts in the unit and all its descendants */
	people: number;
	childCount: number;
}

/**
 * The children of `parentId` (null: the top level), each with figures summed over its whole subtree. One query:
 * each child is joined to its descendants by a range on the materialized path, which the path index serves.
 */
export async function rollupChildren(db: Db, parentId: number | null): Promise<UnitRollup[]> {
	// Below the top level, count only the accounts inside the parent's subtree (a prefix scan), not everyone's.
	const parent = parentId === null ? undefined : await getUnit(db, parentId);
	if (parentId !== null && !parent) return [];
	const inSubtree = parent
		? sql`and unit_id in (select id from ${units} where path like ${parent.path + '%'})`
		: sql``;
	const rows = rowsOf<{
		id: number;
		code: string;
		name: string;
		active: boolean;
		own_headcount: number;
		headcount: string | number;
		people: string | number;
		child_count: string | number;
	}>(
		await db.execute(sql`
			with people_by_unit as (
				select unit_id, count(*) as people from ${users} where disabled_at is null ${inSubtree} group by unit_id
			)
			select c.id, c.code, c.name, c.active, c.headcount as own_headcount,
				coalesce(sum(d.headcount) filter (where d.active), 0) as headcount,
				coalesce(sum(p.people), 0) as people,
				count(*) filter (where d.parent_id = c.id) as child_count
			from ${units} c
			join ${units} d on d.path ~>=~ c.path and d.path ~<~ (c.path || '~')
			left join people_by_unit p on p.unit_id = d.id
			where ${parentId === null ? sql`c.parent_id is null` : sql`c.parent_id = ${parentId}`}
			group by c.id
			order by c.name`)
	);
	return rows.map((r) => ({
		id: r.id,
		code: r.code,
		name: r.name,
		active: r.active,
		ownHeadcount: r.own_headcount,
		headcount: Number(r.headcount),
		people: Number(r.people),
		childCount: Number(r.child_count)
	}));
}
