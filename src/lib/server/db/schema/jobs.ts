import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { contests } from './quiz';
import { users } from './users';

export const jobStatus = pgEnum('job_status', ['running', 'done', 'failed']);

/**
 * Work that outlives the request which started it (jobs.ts): one row per run, with its progress. At most one run of
 * a kind per contest at a time (partial unique index); a run whose heartbeat stopped is taken over by the next.
 */
export const jobs = pgTable(
	'jobs',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		/** e.g. 'similarity' */
		kind: text().notNull(),
		contestId: integer().references(() => contests.id, { onDelete: 'cascade' }),
		status: jobStatus().notNull().default('running'),
		done: integer().notNull().default(0),
		total: integer().notNull().default(0),
		error: text(),
		startedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** written with each batch: a running job whose heartbeat is old belongs to a process that died */
		heartbeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		uniqueIndex('jobs_one_running')
			.on(t.kind, t.contestId)
			.where(sql`${t.status} = 'running'`),
		index('jobs_contest_idx').on(t.contestId, t.kind, t.startedAt),
		check('jobs_progress', sql`${t.done} >= 0 and ${t.total} >= 0`)
	]
);

export type Job = typeof jobs.$inferSelect;
