import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	date,
	index,
	integer,
	pgEnum,
	pgTable,
	text,
	timestamp,
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { units } from './units';

export const users = pgTable(
	'users',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		fullName: text().notNull(),
		birthDate: date({ mode: 'string' }).notNull(),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		/** normalized national form: 0912345678 (one account per phone) */
		phone: text().notNull(),
		/** lower-cased */
		email: text(),
		/** căn cước công dân: 12 digits */
		cccd: text(),
		passwordHash: text().notNull(),
		mustChangePassword: boolean().notNull().default(false),
		disabledAt: timestamp({ withTimezone: true }),
		/** set when a session is created (millisecond precision: the people page's keyset compares it) */
		lastSignInAt: timestamp({ withTimezone: true, precision: 3 }),
		searchText: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('users_phone_unique').on(t.phone),
		uniqueIndex('users_email_unique').on(t.email),
		uniqueIndex('users_cccd_unique').on(t.cccd),
		index('users_unit_idx').on(t.unitId),
		// the people page's sort orders, each with id as the keyset's tie-break
		index('users_name_idx').on(t.fullName, t.id),
		index('users_unit_name_idx').on(t.unitId, t.fullName, t.id),
		index('users_last_sign_in_idx').on(t.lastSignInAt.desc().nullsLast(), t.id.desc()),
		check('users_phone_format', sql`${t.phone} ~ '^0[35789][0-9]{8}$'`),
		check('users_cccd_format', sql`${t.cccd} is null or ${t.cccd} ~ '^[0-9]{12}$'`),
		check('users_email_lowercase', sql`${t.email} is null or ${t.email} = lower(${t.email})`)
	]
);

/**
 * Global roles (contestId and unitId null), roles scoped to one contest (judges, organizers), organizer roles
 * scoped to a unit subtree (unitId), and unit leaders (always one unit subtree: they follow its participation).
 * Every user is a participant.
 */
export const roleName = pgEnum('role_name', ['admin', 'organizer', 'judge', 'leader']);

export const roleGrants = pgTable(
	'role_grants',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: roleName().notNull(),
		contestId: integer(),
		/** an organizer of this unit's subtree: its people, and the contests open only inside it */
		unitId: integer().references(() => units.id, { onDelete: 'cascade' }),
		grantedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('role_grants_unique').on(t.userId, t.role, t.contestId, t.unitId).nullsNotDistinct(),
		index('role_grants_contest_idx').on(t.contestId),
		index('role_grants_unit_idx').on(t.unitId),
		check('role_grants_one_scope', sql`${t.contestId} is null or ${t.unitId} is null`),
		// role::text: a new enum value cannot be cast to in the migration's own transaction
		check(
			'role_grants_unit_organizer',
			sql`${t.unitId} is null or ${t.role}::text in ('organizer', 'leader')`
		),
		check(
			'role_grants_leader_unit',
			sql`${t.role}::text <> 'leader' or (${t.unitId} is not null and ${t.contestId} is null)`
		)
	]
);

export type User = typeof users.$inferSelect;
export type Role = (typeof roleName.enumValues)[number];
