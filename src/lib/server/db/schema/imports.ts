import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

export const importKind = pgEnum('import_kind', ['units', 'people']);
export const importStatus = pgEnum('import_status', ['previewed', 'applied', 'discarded']);

/**
 * An uploaded file, parsed and validated, waiting for the organizer to confirm. Keeping the parsed rows here
 * means "apply" writes exactly what the preview showed, and nothing is written before confirmation.
 */
export const importBatches = pgTable(
	'import_batches',
	{
		id: uuid().primaryKey().defaultRandom(),
		kind: importKind().notNull(),
		fileName: text().notNull(),
		status: importStatus().notNull().default('previewed'),
		rows: jsonb().notNull(),
		summary: jsonb().notNull(),
		createdBy: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		appliedAt: timestamp({ withTimezone: true })
	},
	(t) => [index('import_batches_creator_idx').on(t.createdBy, t.createdAt)]
);

export type ImportBatch = typeof importBatches.$inferSelect;
