import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { foldForSearch, likeEscape } from '../text';
import {
	asInitialPassword,
	generateInitialPassword,
	hashInitialPassword,
	hashPassword,
	verifyAgainstDummy,
	verifyPassword
} from './auth/password';
import { type OrganizerScope, peopleInScope } from './auth/scope';
import { invalidateUserSessions } from './auth/session';
import type { Db } from './db/client';
import { uniqueViolation } from './db/errors';
import { type Role, type User, roleGrants, units, users } from './db/schema';

export interface NewAccount {
	fullName: string;
	birthDate: string;
	unitId: number;
	/** already normalized: 0912345678 */
	phone: string;
	email: string | null;
	cccd: string | null;
	password: string;
}

export type RegisterError = 'phone_taken' | 'email_taken' | 'cccd_taken' | 'unit_unavailable';

const FIELD_OF_CONSTRAINT: Record<string, RegisterError> = {
	users_phone_unique: 'phone_taken',
	users_email_unique: 'email_taken',
	users_cccd_unique: 'cccd_taken'
};

export function userSearchText(fullName: string, phone: string, email: string | null) {
	return foldForSearch(`${fullName} ${phone} ${email ?? ''}`);
}

/**
 * Creates an account. One account per phone (and per email, per CCCD) is held by unique indexes, so twenty
 * simultaneous sign-ups with one phone make exactly one account; the others get `phone_taken`.
 */
export async function registerUser(
	db: Db,
	input: NewAccount
): Promise<{ ok: true; userId: number } | { ok: false; error: RegisterError }> {
	const [unit] = await db.select({ active: units.active }).from(units).where(eq(units.id, input.unitId));
	if (!unit?.active) return { ok: false, error: 'unit_unavailable' };
	const passwordHash = await hashPassword(input.password);
	try {
		const [row] = await db
			.insert(users)
			.values({
				fullName: input.fullName,
				birthDate: input.birthDate,
				unitId: input.unitId,
				phone: input.phone,
				email: input.email,
				cccd: input.cccd,
				passwordHash,
				searchText: userSearchText(input.fullName, input.phone, input.email)
			})
			.returning({ id: users.id });
		return { ok: true, userId: row.id };
	} catch (err) {
		const constraint = uniqueViolation(err);
		if (constraint && FIELD_OF_CONSTRAINT[constraint])
			return { ok: false, error: FIELD_OF_CONSTRAINT[constraint] };
		throw err;
	}
}

/** Phone (any spelling, normalized by the caller) or email: the user if the password matches and they are enabled. */
export async function authenticate(
	db: Db,
	login: { phone: string } | { email: string },
	password: string
): Promise<{ ok: true; user: User } | { ok: false; error: 'invalid' | 'disabled' }> {
	const where = 'phone' in login ? eq(users.phone, login.phone) : eq(users.email, login.email.toLowerCase());
	const [user] = await db.select().from(users).where(where);
	if (!user) return { ok: false, error: await verifyAgainstDummy(password).then(() => 'invalid' as const) };
	if (!(await passwordMatches(user, password))) return { ok: false, error: 'invalid' };
	if (user.disabledAt) return { ok: false, error: 'disabled' };
	return { ok: true, user };
}

/**
 * The password as typed, or, for an account that still has its printed initial password, as printed on the slip
 * ("abcd efgh jkmn", perhaps with a capital the phone added). A password the person chose is compared exactly.
 */
async function passwordMatches(user: User, typed: string): Promise<boolean> {
	if (await verifyPassword(user.passwordHash, typed)) return true;
	if (!user.mustChangePassword) return false;
	const initial = asInitialPassword(typed);
	return initial !== typed && (await verifyPassword(user.passwordHash, initial));
}

/** Changes a password after checking the current one; every session of the user ends (the caller makes a new one). */
export async function changePassword(
	db: Db,
	userId: number,
	current: string,
	next: string
): Promise<{ ok: true } | { ok: false; error: 'wrong_current' | 'same_as_current' }> {
	const [user] = await db.select().from(users).where(eq(users.id, userId));
	if (!user || !(await passwordMatches(user, current))) return { ok: false, error: 'wrong_current' };
	if (current === next) return { ok: false, error: 'same_as_current' };
	const passwordHash = await hashPassword(next);
	await db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ passwordHash, mustChangePassword: false, updatedAt: new Date() })
			.where(eq(users.id, userId));
		await invalidateUserSessions(tx, userId);
	});
	return { ok: true };
}

/**
 * An organizer hands out a new initial password (there is no mail server); it must be changed at next sign-in.
 * Only an administrator may reset the password of someone who holds a role (organizer, judge, administrator, of any
 * contest): otherwise an organizer could take over an administrator's account with the password handed back.
 */
export async function resetPassword(
	db: Db,
	userId: number,
	by: { admin: boolean; scope?: OrganizerScope }
): Promise<
	{ ok: true; password: string; fullName: string } | { ok: false; error: 'not_found' | 'forbidden' }
> {
	const password = generateInitialPassword();
	const passwordHash = await hashInitialPassword(password);
	return db.transaction(async (tx) => {
		const updated = await tx
			.update(users)
			.set({ passwordHash, mustChangePassword: true, updatedAt: new Date() })
			.where(
				and(
					eq(users.id, userId),
					by.scope ? peopleInScope(by.scope) : undefined,
					by.admin ? undefined : sql`not exists (select 1 from ${roleGrants} g where g.user_id = ${users.id})`
				)
			)
			.returning({ fullName: users.fullName });
		if (updated.length === 0) {
			const [exists] = await tx
				.select({ id: users.id })
				.from(users)
				.where(and(eq(users.id, userId), by.scope ? peopleInScope(by.scope) : undefined));
			return { ok: false as const, error: exists ? ('forbidden' as const) : ('not_found' as const) };
		}
		await invalidateUserSessions(tx, userId);
		return { ok: true as const, password, fullName: updated[0].fullName };
	});
}

/** Disabling ends every session at once; the account keeps its data and can be enabled again. */
export async function setUserDisabled(db: Db, userId: number, disabled: boolean) {
	await db.transaction(async (tx) => {
		await tx
			.update(users)
			.set({ disabledAt: disabled ? new Date() : null, updatedAt: new Date() })
			.where(eq(users.id, userId));
		if (disabled) await invalidateUserSessions(tx, userId);
	});
}

export async function grantRole(db: Db, userId: number, role: Role, grantedBy: number) {
	await db.insert(roleGrants).values({ userId, role, grantedBy }).onConflictDoNothing();
}

export async function revokeRole(db: Db, userId: number, role: Role) {
	await db
		.delete(roleGrants)
		.where(
			and(
				eq(roleGrants.userId, userId),
				eq(roleGrants.role, role),
				isNull(roleGrants.contestId),
				isNull(roleGrants.unitId)
			)
		);
}

export interface UserListItem {
	id: number;
	fullName: string;
	phone: string;
	email: string | null;
	unitName: string;
	disabled: boolean;
	roles: Role[];
}

/**
 * People, newest id first, in pages of `limit` after the keyset cursor `before` (an id); filtered by a query
 * without diacritics and optionally by a subtree. Roles come in the same query (no N+1).
 */
export async function listUsers(
	db: Db,
	options: { query?: string; before?: number; limit?: number; unitPath?: string; scope?: OrganizerScope }
): Promise<{ items: UserListItem[]; nextBefore: number | null }> {
	const limit = options.limit ?? 50;
	const words = foldForSearch(options.query ?? '')
		.split(' ')
		.filter(Boolean);
	const rows = await db
		.select({
			id: users.id,
			fullName: users.fullName,
			phone: users.phone,
			email: users.email,
			unitName: units.name,
			disabledAt: users.disabledAt,
			roles: sql<Role[] | null>`(select array_agg(g.role order by g.role) from ${roleGrants} g
				where g.user_id = ${users.id} and g.contest_id is null and g.unit_id is null)`
		})
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(
			and(
				options.before ? lt(users.id, options.before) : undefined,
				options.unitPath ? sql`${units.path} like ${options.unitPath + '%'}` : undefined,
				options.scope ? peopleInScope(options.scope) : undefined,
				...words.map((w) => sql`' ' || ${users.searchText} like ${'% ' + likeEscape(w) + '%'}`)
			)
		)
		.orderBy(sql`${users.id} desc`)
		.limit(limit + 1);
	const items = rows.slice(0, limit).map((r) => ({
		id: r.id,
		fullName: r.fullName,
		phone: r.phone,
		email: r.email,
		unitName: r.unitName,
		disabled: r.disabledAt !== null,
		roles: parseRoles(r.roles)
	}));
	return { items, nextBefore: rows.length > limit ? items[items.length - 1].id : null };
}

/** array_agg of an enum arrives as a JS array from postgres.js and as '{a,b}' text from some drivers. */
function parseRoles(value: Role[] | string | null): Role[] {
	if (!value) return [];
	if (Array.isArray(value)) return value;
	return value.replace(/[{}]/g, '').split(',').filter(Boolean) as Role[];
}

export async function getUser(db: Db, id: number) {
	const [user] = await db.select().from(users).where(eq(users.id, id));
	return user;
}
