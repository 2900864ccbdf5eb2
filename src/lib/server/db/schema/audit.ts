import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The contest's trail: every stage change, assignment, unassignment, score reopening, award, publication and
 * correction, with who, when and why. Append-only: a trigger (migration 0009) refuses UPDATE, DELETE and TRUNCATE
 * whatever role connects, so nothing here can be rewritten, not even by the owner PGlite connects as.
 *
 * No foreign keys on purpose: a key with ON DELETE would let deleting a contest or a user rewrite or remove the trail
 * (and the trigger would then refuse that delete). Ids are kept as plain numbers and names are copied into `detail`.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** the person who acted; null for the system (a sweep, a deadline) */
		actorId: integer(),
		contestId: integer(),
		/** what was acted on: 'contest', 'essay_round', 'entry', 'assignment', 'score', 'award', 'certificate', … */
		entity: text().notNull(),
		entityId: integer(),
		/** what was done, a stable code: 'stage.close_submissions', 'assignment.remove', 'score.reopen', … */
		action: text().notNull(),
		/** the reason the person gave; '' when the action needs none */
		reason: text().notNull().default(''),
		before: jsonb(),
		after: jsonb()
	},
	(t) => [
		index('audit_log_contest_idx').on(t.contestId, t.at),
		index('audit_log_entity_idx').on(t.entity, t.entityId, t.at)
	]
);

export type AuditRow = typeof auditLog.$inferSelect;
