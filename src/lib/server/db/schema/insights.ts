import { bigint, index, integer, pgTable, primaryKey, smallint, timestamp } from 'drizzle-orm/pg-core';
import { contests } from './quiz';
import { units } from './units';
import { users } from './users';

/**
 * One row per person who has a counted result in a quiz contest: their counted results summed over the contest's
 * rounds and the unit of their latest one. Derived data, kept by a trigger on round_results (migration
 * 0005_contest_people), so "distinct people over the whole contest, by unit" is one index-only scan instead of a
 * sort of every result of every round.
 */
export const contestPeople = pgTable(
	'contest_people',
	{
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** the unit of the person's latest counted result */
		unitId: integer()
			.notNull()
			.references(() => units.id),
		/** counted results (rounds the person took part in) */
		results: smallint().notNull(),
		/** finished attempts over those rounds */
		entries: integer().notNull(),
		/** correct answers summed over the counted results */
		correctCount: integer().notNull(),
		/** the person's first finished attempt in the contest: cumulative participants over time */
		firstFinishedAt: timestamp({ withTimezone: true }).notNull(),
		lastFinishedAt: timestamp({ withTimezone: true }).notNull(),
		durationMs: bigint({ mode: 'number' }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.contestId, t.userId] }),
		index('contest_people_unit_idx').on(t.contestId, t.unitId, t.results, t.entries, t.correctCount),
		index('contest_people_first_idx').on(t.contestId, t.firstFinishedAt)
	]
);
