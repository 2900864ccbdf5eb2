import { sql } from 'drizzle-orm';
import {
	check,
	foreignKey,
	index,
	integer,
	numeric,
	pgEnum,
	pgTable,
	smallint,
	text,
	timestamp,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { entries, entryVersions } from './essays';
import { contests } from './quiz';
import { users } from './users';

/** Published texts entries tend to copy, uploaded by the organizer for one contest (essays/similarity/). */
export const similarityReferences = pgTable(
	'similarity_references',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		title: text().notNull(),
		body: text().notNull(),
		wordCount: integer().notNull(),
		createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('similarity_references_contest_idx').on(t.contestId),
		check('similarity_references_title', sql`length(trim(${t.title})) between 1 and 300`)
	]
);

/**
 * The MinHash signature of an entry version or of a reference text (long ones in chunks). `checkedAt` is set once
 * the text has been compared with everything its contest's check indexes: a later run compares only the rest.
 */
export const similaritySignatures = pgTable(
	'similarity_signatures',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		entryId: integer(),
		versionNo: integer(),
		referenceId: integer().references(() => similarityReferences.id, { onDelete: 'cascade' }),
		chunkNo: smallint().notNull().default(0),
		/** 128 minimum hashes, stored as signed 32-bit integers */
		signature: integer().array().notNull(),
		shingles: integer().notNull(),
		checkedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		foreignKey({
			name: 'similarity_signatures_version_fk',
			columns: [t.entryId, t.versionNo],
			foreignColumns: [entryVersions.entryId, entryVersions.versionNo]
		}).onDelete('cascade'),
		uniqueIndex('similarity_signatures_version_unique')
			.on(t.entryId, t.versionNo, t.chunkNo)
			.where(sql`${t.entryId} is not null`),
		uniqueIndex('similarity_signatures_reference_unique')
			.on(t.referenceId, t.chunkNo)
			.where(sql`${t.referenceId} is not null`),
		check(
			'similarity_signatures_one_source',
			sql`(${t.entryId} is not null and ${t.versionNo} is not null and ${t.referenceId} is null)
				or (${t.entryId} is null and ${t.versionNo} is null and ${t.referenceId} is not null)`
		)
	]
);

export const similarityPairStatus = pgEnum('similarity_pair_status', [
	'open',
	'reviewed_acceptable',
	'disqualified'
]);

/**
 * A checked pair: an entry of the contest against another entry (of this contest, entry_id < other_entry_id, or of
 * an earlier contest) or a reference text, with the exact overlap both ways in percent, and the organizer's review.
 */
export const similarityPairs = pgTable(
	'similarity_pairs',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		entryId: integer()
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		versionNo: integer().notNull(),
		otherEntryId: integer().references(() => entries.id, { onDelete: 'cascade' }),
		otherVersionNo: integer(),
		referenceId: integer().references(() => similarityReferences.id, { onDelete: 'cascade' }),
		/** share of the entry's shingles found in the other text, and the other way, in percent */
		aInB: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull(),
		bInA: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull(),
		status: similarityPairStatus().notNull().default('open'),
		reviewedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		reason: text(),
		reviewedAt: timestamp({ withTimezone: true }),
		checkedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		uniqueIndex('similarity_pairs_entries_unique')
			.on(t.contestId, t.entryId, t.otherEntryId)
			.where(sql`${t.otherEntryId} is not null`),
		uniqueIndex('similarity_pairs_reference_unique')
			.on(t.contestId, t.entryId, t.referenceId)
			.where(sql`${t.referenceId} is not null`),
		index('similarity_pairs_contest_idx').on(t.contestId, t.status),
		check('similarity_pairs_one_other', sql`num_nonnulls(${t.otherEntryId}, ${t.referenceId}) = 1`),
		check('similarity_pairs_not_self', sql`${t.entryId} <> ${t.otherEntryId}`),
		check('similarity_pairs_range', sql`${t.aInB} between 0 and 100 and ${t.bInA} between 0 and 100`),
		check(
			'similarity_pairs_review',
			sql`(${t.status} = 'open') = (${t.reviewedAt} is null)
				and (${t.status} = 'open' or length(trim(coalesce(${t.reason}, ''))) >= 10)`
		)
	]
);

export type SimilarityPair = typeof similarityPairs.$inferSelect;
export type SimilarityPairStatus = (typeof similarityPairStatus.enumValues)[number];
