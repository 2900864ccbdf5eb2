import { bigint, index, integer, pgTable, primaryKey, smallint, timestamp } from 'drizzle-orm/pg-core';
import { contests, rounds } from './quiz';
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

/**
 * Finished attempts per round and hour (the hour's first instant; Vietnam's offset is whole hours, so these nest in
 * Vietnamese days): the dashboard's timeline without counting attempts. Derived data, kept by a trigger on attempts
 * (migration 0020_dashboard_counts) with increments, so concurrent finishes cannot lose a count. Each hour is spread
 * over a few slots (the attempt's id modulo 8): finishes of the same hour lock different rows, and a reader sums them.
 */
export const roundFinishHours = pgTable(
	'round_finish_hours',
	{
		roundId: integer()
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		hour: timestamp({ withTimezone: true }).notNull(),
		slot: smallint().notNull(),
		/** attempts finished in the hour */
		attempts: integer().notNull(),
		/** of those, first attempts (attempt_no 1): the people who took part in the round for the first time */
		firstAttempts: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.roundId, t.hour, t.slot] })]
);

/**
 * People per contest and hour of their first finished attempt (contest_people.first_finished_at), kept by a trigger
 * on contest_people the same way (slot: the user's id modulo 8).
 */
export const contestFirstHours = pgTable(
	'contest_first_hours',
	{
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		hour: timestamp({ withTimezone: true }).notNull(),
		slot: smallint().notNull(),
		people: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.contestId, t.hour, t.slot] })]
);

/**
 * Counted results (round_results) per round and unit: the dashboard's participation by unit reads one row per unit
 * instead of one per person. Kept by a trigger on round_results (migration 0020_dashboard_counts) with increments.
 */
export const roundUnitResults = pgTable(
	'round_unit_results',
	{
		roundId: integer()
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		/** people with a counted result in the round under this unit */
		people: integer().notNull(),
		/** their finished attempts */
		entries: integer().notNull(),
		/** correct answers of their counted results */
		correctCount: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.roundId, t.unitId] })]
);

/** Counted results per round and score: the dashboard's score histogram (same trigger; slot: user id modulo 8). */
export const roundScoreCounts = pgTable(
	'round_score_counts',
	{
		roundId: integer()
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		score: smallint().notNull(),
		slot: smallint().notNull(),
		people: integer().notNull()
	},
	(t) => [primaryKey({ columns: [t.roundId, t.score, t.slot] })]
);
