import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	boolean,
	check,
	index,
	integer,
	pgTable,
	smallint,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

/**
 * The organization tree. `path` is a materialized path of ids ('/1/5/23/'), so "a unit and all its
 * descendants" is one indexed prefix scan: `path LIKE '/1/5/%'` (text_pattern_ops index).
 * `headcount` is the unit's own people, not counting child units; roll-ups sum it over the subtree.
 */
export const units = pgTable(
	'units',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		code: text().notNull().unique(),
		name: text().notNull(),
		parentId: integer().references((): AnyPgColumn => units.id),
		path: text().notNull(),
		depth: smallint().notNull(),
		headcount: integer().notNull().default(0),
		active: boolean().notNull().default(true),
		/** lower-cased, diacritics removed: name and code, for "chi bo phong" to find "Chi bộ Phòng" */
		searchText: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('units_path_idx').using('btree', t.path.op('text_pattern_ops')),
		index('units_parent_idx').on(t.parentId),
		check('units_headcount_nonnegative', sql`${t.headcount} >= 0`),
		check('units_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`)
	]
);

export type Unit = typeof units.$inferSelect;
