import { sql } from 'drizzle-orm';
import {
	bigint,
	check,
	customType,
	index,
	integer,
	pgTable,
	primaryKey,
	text,
	timestamp
} from 'drizzle-orm/pg-core';

/** Raw bytes: postgres.js hands back a Buffer, PGlite a Uint8Array; both are Uint8Arrays. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
	dataType: () => 'bytea'
});

/**
 * A file stored in the database by content (files/postgres-store.ts). The row exists from the first chunk on, but
 * its SHA-256 is set only once every chunk is written: a reader finds a file by its hash, so it never sees half of
 * one. Once complete, a blob and its chunks cannot change (a trigger in the migration).
 */
export const fileBlobs = pgTable(
	'file_blobs',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		/** null while the chunks are being written */
		sha256: text().unique(),
		size: bigint({ mode: 'number' }).notNull().default(0),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('file_blobs_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
		check('file_blobs_size', sql`${t.size} >= 0`),
		index('file_blobs_pending')
			.on(t.createdAt)
			.where(sql`${t.sha256} is null`)
	]
);

/** A file's bytes in pieces of at most 1 MB, in order of `seq` from 0. */
export const fileChunks = pgTable(
	'file_chunks',
	{
		blobId: bigint({ mode: 'number' })
			.notNull()
			.references(() => fileBlobs.id, { onDelete: 'cascade' }),
		seq: integer().notNull(),
		data: bytea().notNull()
	},
	(t) => [primaryKey({ columns: [t.blobId, t.seq] }), check('file_chunks_seq', sql`${t.seq} >= 0`)]
);
