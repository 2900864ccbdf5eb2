/**
 * The people page at contest scale: filters (unit subtree, role, status, a search), a total count, three sort
 * orders with keyset pages (no OFFSET: each order has its own index, users_*_idx, with id as the tie-break), and the
 * same condition for exports and bulk actions, always inside the organizer's scope.
 */
import { and, eq, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { PEOPLE_ROLES, PEOPLE_SORTS, PEOPLE_STATUSES } from '$lib/schemas/people';
import { foldForSearch, likeEscape } from '../../text';
import { type OrganizerScope, peopleInScope } from '../auth/scope';
import type { Db } from '../db/client';
import { type Role, roleGrants, units, users } from '../db/schema';

export type PeopleSort = (typeof PEOPLE_SORTS)[number];

export interface PeopleFilter {
	query?: string;
	/** the unit whose whole subtree is shown */
	unitId?: number;
	role?: (typeof PEOPLE_ROLES)[number];
	status?: (typeof PEOPLE_STATUSES)[number];
}

export interface PersonRow {
	id: number;
	fullName: string;
	phone: string;
	email: string | null;
	unitName: string;
	disabled: boolean;
	mustChangePassword: boolean;
	lastSignInAt: Date | null;
	/** global roles, and 'organizer'/'judge'/'leader' of any scope */
	roles: Role[];
}

/** Where a page ends: the sort key of its last row. */
type Cursor = { name: string; id: number; unit?: string; at?: string | null };

export function encodeCursor(cursor: Cursor): string {
	return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string | undefined): Cursor | undefined {
	if (!value) return undefined;
	try {
		const parsed = JSON.parse(Buffer.from(value, 'base64url').toString());
		if (typeof parsed?.name === 'string' && Number.isInteger(parsed?.id)) return parsed as Cursor;
	} catch {
		// a hand-edited cursor is just the first page
	}
	return undefined;
}

/** The filter and the organizer's scope as one condition on users (joined to their unit as `units`). */
export function peopleWhere(filter: PeopleFilter, scope: OrganizerScope): SQL | undefined {
	const words = foldForSearch(filter.query ?? '')
		.split(' ')
		.filter(Boolean);
	const role = filter.role ?? 'any';
	return and(
		peopleInScope(scope),
		filter.unitId !== undefined
			? sql`${users.unitId} in (select su.id from ${units} su where su.path like
				(select fu.path from ${units} fu where fu.id = ${filter.unitId}) || '%')`
			: undefined,
		role === 'participant'
			? sql`not exists (select 1 from ${roleGrants} rg where rg.user_id = ${users.id})`
			: role !== 'any'
				? sql`exists (select 1 from ${roleGrants} rg where rg.user_id = ${users.id} and rg.role = ${role})`
				: undefined,
		statusCondition(filter.status ?? 'any'),
		...words.map((w) => sql`' ' || ${users.searchText} like ${'% ' + likeEscape(w) + '%'}`)
	);
}

function statusCondition(status: NonNullable<PeopleFilter['status']>): SQL | undefined {
	switch (status) {
		case 'active':
			return isNull(users.disabledAt);
		case 'disabled':
			return isNotNull(users.disabledAt);
		case 'must_change':
			return and(eq(users.mustChangePassword, true), isNull(users.disabledAt));
		case 'never_signed_in':
			return isNull(users.lastSignInAt);
		default:
			return undefined;
	}
}

function orderOf(sort: PeopleSort): SQL {
	if (sort === 'unit') return sql`${units.name}, ${users.fullName}, ${users.id}`;
	if (sort === 'signin') return sql`${users.lastSignInAt} desc nulls last, ${users.id} desc`;
	return sql`${users.fullName}, ${users.id}`;
}

function afterCursor(sort: PeopleSort, cursor: Cursor | undefined): SQL | undefined {
	if (!cursor) return undefined;
	if (sort === 'unit')
		return sql`(${units.name}, ${users.fullName}, ${users.id}) > (${cursor.unit ?? ''}, ${cursor.name}, ${cursor.id})`;
	if (sort === 'signin') {
		if (cursor.at == null) return sql`${users.lastSignInAt} is null and ${users.id} < ${cursor.id}`;
		const at = new Date(cursor.at);
		return sql`(${users.lastSignInAt} < ${at} or (${users.lastSignInAt} = ${at} and ${users.id} < ${cursor.id})
			or ${users.lastSignInAt} is null)`;
	}
	return sql`(${users.fullName}, ${users.id}) > (${cursor.name}, ${cursor.id})`;
}

const cursorOf = (row: PersonRow): Cursor => ({
	name: row.fullName,
	id: row.id,
	unit: row.unitName,
	at: row.lastSignInAt?.toISOString() ?? null
});

async function selectPeople(
	db: Db,
	filter: PeopleFilter,
	scope: OrganizerScope,
	sort: PeopleSort,
	cursor: Cursor | undefined,
	limit: number
): Promise<PersonRow[]> {
	const rows = await db
		.select({
			id: users.id,
			fullName: users.fullName,
			phone: users.phone,
			email: users.email,
			unitName: units.name,
			disabledAt: users.disabledAt,
			mustChangePassword: users.mustChangePassword,
			lastSignInAt: users.lastSignInAt,
			roles: sql<Role[] | string | null>`(select array_agg(distinct g.role) from ${roleGrants} g
				where g.user_id = ${users.id})`
		})
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(and(peopleWhere(filter, scope), afterCursor(sort, cursor)))
		.orderBy(orderOf(sort))
		.limit(limit);
	return rows.map((r) => ({
		id: r.id,
		fullName: r.fullName,
		phone: r.phone,
		email: r.email,
		unitName: r.unitName,
		disabled: r.disabledAt !== null,
		mustChangePassword: r.mustChangePassword,
		lastSignInAt: r.lastSignInAt,
		roles: parseRoles(r.roles)
	}));
}

/** One page of people after `after` (an opaque cursor from the previous page), and the cursor of the next. */
export async function listPeople(
	db: Db,
	input: { filter: PeopleFilter; scope: OrganizerScope; sort?: PeopleSort; after?: string; limit?: number }
): Promise<{ items: PersonRow[]; next: string | null }> {
	const sort = input.sort ?? 'name';
	const limit = input.limit ?? 50;
	const rows = await selectPeople(db, input.filter, input.scope, sort, decodeCursor(input.after), limit + 1);
	const items = rows.slice(0, limit);
	return { items, next: rows.length > limit ? encodeCursor(cursorOf(items[items.length - 1])) : null };
}

export async function countPeople(db: Db, filter: PeopleFilter, scope: OrganizerScope): Promise<number> {
	const [row] = await db
		.select({ n: sql<number | string>`count(*)` })
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(peopleWhere(filter, scope));
	return Number(row.n);
}

/** Everyone who matches, batch by batch in name order (for exports: memory stays flat). */
export async function* peopleBatches(
	db: Db,
	filter: PeopleFilter,
	scope: OrganizerScope,
	size = 2000
): AsyncGenerator<PersonRow[]> {
	let cursor: Cursor | undefined;
	for (;;) {
		const rows = await selectPeople(db, filter, scope, 'name', cursor, size);
		if (rows.length > 0) yield rows;
		if (rows.length < size) return;
		cursor = cursorOf(rows[rows.length - 1]);
	}
}

/** array_agg of an enum arrives as a JS array from postgres.js and as '{a,b}' text from some drivers. */
function parseRoles(value: Role[] | string | null): Role[] {
	if (!value) return [];
	if (Array.isArray(value)) return value;
	return value.replace(/[{}]/g, '').split(',').filter(Boolean) as Role[];
}
