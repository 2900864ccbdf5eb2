import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { contests } from './quiz';
import { users } from './users';

/** `running` is every run not yet finished: waiting in the queue (`attempts` 0) or being worked on. */
export const jobStatus = pgEnum('job_status', ['running', 'done', 'failed']);

/**
 * Work that outlives the request which started it (jobs/): one row per run, what the page that asked polls. The
 * queue (pg-boss, its own `pgboss` schema) decides which process works on it; this row holds the progress, the
 * kind's checkpoint (what a retry must not redo) and the result file. At most one unfinished run per kind and
 * contest or subject (partial unique index).
 */
export const jobs = pgTable(
	'jobs',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		/** 'similarity', 'slips', 'certificates' */
		kind: text().notNull(),
		contestId: integer().references(() => contests.id, { onDelete: 'cascade' }),
		/** what the run is about besides a contest, e.g. 'unit:12' (one run at a time for it) */
		subject: text(),
		status: jobStatus().notNull().default('running'),
		done: integer().notNull().default(0),
		total: integer().notNull().default(0),
		error: text(),
		/** the kind's input, as the request gave it */
		params: jsonb().$type<Record<string, unknown>>().notNull().default({}),
		/** what an attempt already made permanent, so a retry after a crash does not do it twice */
		checkpoint: jsonb().$type<Record<string, unknown>>(),
		/** how many times a process took the run up (0: still waiting in the queue) */
		attempts: integer().notNull().default(0),
		/** the result in the file store (any process serves it) and the name it downloads as */
		resultSha256: text(),
		resultName: text(),
		/** when the retention sweep deleted the result (jobs/retention.ts): the page offers to make it again */
		expiredAt: timestamp({ withTimezone: true }),
		startedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** written with each batch: a running job whose heartbeat is old belongs to a process that died */
		heartbeatAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		uniqueIndex('jobs_one_running')
			.on(t.kind, sql`coalesce(${t.contestId}, 0)`, sql`coalesce(${t.subject}, '')`)
			.where(sql`${t.status} = 'running'`),
		index('jobs_contest_idx').on(t.contestId, t.kind, t.startedAt),
		index('jobs_starter_idx').on(t.startedBy, t.startedAt),
		// the retention sweep's look for old results
		index('jobs_result_age_idx')
			.on(t.finishedAt)
			.where(sql`${t.resultSha256} is not null`),
		check('jobs_progress', sql`${t.done} >= 0 and ${t.total} >= 0`),
		check('jobs_result', sql`(${t.resultSha256} is null) = (${t.resultName} is null)`)
	]
);

export type Job = typeof jobs.$inferSelect;
