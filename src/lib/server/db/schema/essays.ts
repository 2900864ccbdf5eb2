import { sql } from 'drizzle-orm';
import {
	boolean,
	check,
	foreignKey,
	index,
	integer,
	jsonb,
	numeric,
	pgEnum,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { contests } from './quiz';
import { units } from './units';
import { users } from './users';

// Essay contests reuse `contests` (kind 'essay'); what is particular to them lives here.

/** what an entry must carry */
/** what ranks, advances and awards entries: the settled raw score, or the settled judge-normalized score */
export const decidingScore = pgEnum('deciding_score', ['raw', 'normalized']);

/**
 * What an entry is: a text or document (essay), a video link, a file of another kind (slides, images), or a live
 * performance with no upload. Video and performance entries are registered by the organizer (kinds/register.ts).
 */
export const entryKind = pgEnum('entry_kind', ['essay', 'video', 'file', 'performance']);

export const entryRequirement = pgEnum('entry_requirement', [
	'text',
	'file',
	'text_or_file',
	'text_and_file'
]);

/**
 * Where an essay contest stands (stages.ts owns the transitions and what each allows): draft → submissions →
 * closed → judging → settled → published. Changed only by operated acts, each audited; triggers refuse edits of
 * entries past `submissions` and of awards and certificates once `published` (except the correction path).
 */
export const essayStage = pgEnum('essay_stage', [
	'draft',
	'submissions',
	'closed',
	'judging',
	'settled',
	'published'
]);

export const essaySettings = pgTable(
	'essay_settings',
	{
		contestId: integer()
			.primaryKey()
			.references(() => contests.id, { onDelete: 'cascade' }),
		/** entry codes read `${codePrefix}-0417`: all a judge ever sees of an entry's identity */
		codePrefix: text().notNull(),
		opensAt: timestamp({ withTimezone: true }).notNull(),
		closesAt: timestamp({ withTimezone: true }).notNull(),
		entriesPerAuthor: smallint().notNull().default(1),
		minWords: integer(),
		maxWords: integer(),
		requirement: entryRequirement().notNull().default('text_or_file'),
		maxFileBytes: integer()
			.notNull()
			.default(10 * 1024 * 1024),
		/** results (scores, tiers) reach participants and the public page only once published */
		resultsPublishedAt: timestamp({ withTimezone: true }),
		/** the stored stage; `submissions` past `closesAt` counts as `closed` (stages.ts effectiveStage) */
		stage: essayStage().notNull().default('draft'),
		stageChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** deciding.ts: normalized decides only where every judge of the round has normalizeMinScores scores */
		decidingScore: decidingScore().notNull().default('raw'),
		normalizeMinScores: smallint().notNull().default(5),
		/** entries stopped at an earlier round may receive awards (e.g. Khuyến khích at the preliminary round) */
		awardsAnyRound: boolean().notNull().default(false),
		/** assignment.ts isConflict: units sharing an ancestor at this depth or deeper conflict; null: the lineage rule */
		conflictDepth: smallint(),
		/** pairs of entries overlapping at least this much (percent, either way) are shown for review */
		similarityThreshold: smallint().notNull().default(20),
		entryKind: entryKind().notNull().default('essay'),
		/** judges see only the entry code; a stage performance cannot be blind (the judges watch the team) */
		blind: boolean().notNull().default(true)
	},
	(t) => [
		check('essay_settings_performance_open', sql`${t.entryKind} <> 'performance' or not ${t.blind}`),
		check('essay_settings_window', sql`${t.closesAt} > ${t.opensAt}`),
		check('essay_settings_normalize_min', sql`${t.normalizeMinScores} between 2 and 1000`),
		check(
			'essay_settings_conflict_depth',
			sql`${t.conflictDepth} is null or ${t.conflictDepth} between 0 and 20`
		),
		check('essay_settings_similarity', sql`${t.similarityThreshold} between 1 and 100`),
		check('essay_settings_entries', sql`${t.entriesPerAuthor} between 1 and 20`),
		check(
			'essay_settings_words',
			sql`(${t.minWords} is null or ${t.minWords} >= 0) and (${t.maxWords} is null or ${t.maxWords} >= coalesce(${t.minWords}, 0))`
		),
		check('essay_settings_file_size', sql`${t.maxFileBytes} between 1024 and 52428800`)
	]
);

/** An uploaded file, stored once by content (sha256), with the author-free copy judges download. */
export const entryFiles = pgTable('entry_files', {
	sha256: text().primaryKey(),
	kind: text().notNull(),
	sizeBytes: integer().notNull(),
	/** the copy with author metadata removed (files.ts stripAuthorMetadata), also stored by content */
	strippedSha256: text().notNull(),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** disqualified: by the organizer after a review (essays/similarity/review.ts), out of judging, ranking and awards */
export const entryStatus = pgEnum('entry_status', ['draft', 'submitted', 'withdrawn', 'disqualified']);

export const entries = pgTable(
	'entries',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		/** per-contest number behind the code */
		entryNo: integer().notNull(),
		code: text().notNull(),
		authorId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** the author's unit when the entry was created: statistics and judging conflicts use it */
		authorUnitId: integer()
			.notNull()
			.references(() => units.id),
		/**
		 * 1..entriesPerAuthor while the entry is not withdrawn, null once it is: unique per author and contest, so
		 * two simultaneous creations cannot exceed the limit.
		 */
		slot: smallint(),
		title: text().notNull(),
		body: text().notNull().default(''),
		wordCount: integer().notNull().default(0),
		fileSha256: text().references(() => entryFiles.sha256),
		/** the name the author gave the file; never shown to judges */
		fileName: text(),
		status: entryStatus().notNull().default('draft'),
		/** the organizer who registered the entry (video, performance); the author is then the contact person */
		registeredBy: integer().references(() => users.id, { onDelete: 'set null' }),
		/** the team or unit performing / presenting; shown to judges only when the contest is not blind */
		teamName: text(),
		/** https only (kinds/video.ts checks the host and builds the embed address) */
		videoUrl: text(),
		/** order on stage in a performance contest, unique per contest */
		appearanceNo: smallint(),
		submittedAt: timestamp({ withTimezone: true }),
		withdrawnAt: timestamp({ withTimezone: true }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique('entries_code_unique').on(t.code),
		unique('entries_number_unique').on(t.contestId, t.entryNo),
		unique('entries_author_slot_unique').on(t.contestId, t.authorId, t.slot),
		index('entries_contest_status_idx').on(t.contestId, t.status),
		index('entries_author_idx').on(t.authorId, t.contestId),
		check('entries_slot_withdrawn', sql`(${t.status} = 'withdrawn') = (${t.slot} is null)`),
		unique('entries_appearance_unique').on(t.contestId, t.appearanceNo),
		check('entries_appearance_no', sql`${t.appearanceNo} is null or ${t.appearanceNo} between 1 and 999`),
		check(
			'entries_video_url',
			sql`${t.videoUrl} is null or (${t.videoUrl} like 'https://%' and char_length(${t.videoUrl}) <= 500)`
		),
		check(
			'entries_team_name',
			sql`${t.teamName} is null or char_length(trim(${t.teamName})) between 1 and 200`
		)
	]
);

/**
 * What an entry was at each submission (a database trigger writes a row whenever a submitted entry's content
 * differs from its latest version). Judges read the latest version; entries are frozen once submissions close, so
 * that is the version submitted, and a version 2 means the author changed it while submissions were open.
 */
export const entryVersions = pgTable(
	'entry_versions',
	{
		entryId: integer()
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		versionNo: integer().notNull(),
		title: text().notNull(),
		body: text().notNull(),
		wordCount: integer().notNull(),
		fileSha256: text().references(() => entryFiles.sha256),
		submittedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.entryId, t.versionNo] })]
);

// ---------------------------------------------------------------------------------------------------------------
// Judging

export const settleRule = pgEnum('settle_rule', ['mean', 'third_settles', 'closest_two']);
export const advanceRule = pgEnum('advance_rule', ['top_k', 'min_score']);

export const essayRounds = pgTable(
	'essay_rounds',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		position: smallint().notNull(),
		/** e.g. "Sơ khảo", "Chung khảo" */
		name: text().notNull(),
		scale: numeric({ precision: 6, scale: 1, mode: 'number' }).notNull().default(100),
		judgesPerEntry: smallint().notNull().default(2),
		/** a third judge is assigned when two totals differ by at least this much */
		disagreementThreshold: numeric({ precision: 6, scale: 1, mode: 'number' }).notNull().default(20),
		settleRule: settleRule().notNull().default('mean'),
		advanceRule: advanceRule(),
		advanceValue: numeric({ precision: 8, scale: 2, mode: 'number' }),
		/** scores may change until then; null: open until the organizer closes the round */
		closesAt: timestamp({ withTimezone: true }),
		closedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		unique('essay_rounds_position_unique').on(t.contestId, t.position),
		check('essay_rounds_judges', sql`${t.judgesPerEntry} between 1 and 10`),
		check('essay_rounds_scale', sql`${t.scale} > 0`),
		check('essay_rounds_threshold', sql`${t.disagreementThreshold} > 0`)
	]
);

export const rubricCriteria = pgTable(
	'rubric_criteria',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		roundId: integer()
			.notNull()
			.references(() => essayRounds.id, { onDelete: 'cascade' }),
		position: smallint().notNull(),
		name: text().notNull(),
		maxPoints: numeric({ precision: 6, scale: 1, mode: 'number' }).notNull(),
		/** what each level of this criterion looks like, one level a line ("50–60: chân thực, cảm động"); '' for none */
		levels: text().notNull().default('')
	},
	(t) => [
		unique('rubric_criteria_position_unique').on(t.roundId, t.position),
		check('rubric_criteria_max', sql`${t.maxPoints} > 0`),
		check('rubric_criteria_levels_length', sql`char_length(${t.levels}) <= 4000`)
	]
);

/** The entries taking part in a round (all submitted entries for the first; the advanced ones after). */
export const roundEntries = pgTable(
	'round_entries',
	{
		roundId: integer()
			.notNull()
			.references(() => essayRounds.id, { onDelete: 'cascade' }),
		entryId: integer()
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		/** the third judge was called for: two totals differ by at least the threshold */
		disagreement: boolean().notNull().default(false),
		addedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.roundId, t.entryId] })]
);

/**
 * Calibration (essays/calibration.ts): entries of a round that every judge of the contest scores first, before
 * the rest of their queue; how far each judge lands from the panel's median shows before real judging starts.
 */
export const calibrationEntries = pgTable(
	'calibration_entries',
	{
		roundId: integer().notNull(),
		entryId: integer().notNull(),
		addedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		addedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		primaryKey({ columns: [t.roundId, t.entryId] }),
		// a calibration entry is an entry of the round
		foreignKey({
			name: 'calibration_entries_round_entry',
			columns: [t.roundId, t.entryId],
			foreignColumns: [roundEntries.roundId, roundEntries.entryId]
		}).onDelete('cascade')
	]
);

export const assignmentSource = pgEnum('assignment_source', ['auto', 'manual', 'third']);

/** A judge on an entry in a round: at most once (unique), and the only way to score it. */
export const assignments = pgTable(
	'assignments',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		roundId: integer()
			.notNull()
			.references(() => essayRounds.id, { onDelete: 'cascade' }),
		entryId: integer()
			.notNull()
			.references(() => entries.id, { onDelete: 'cascade' }),
		judgeId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		source: assignmentSource().notNull(),
		createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** unassigned: the row and its score history stay, out of the judge's queue and of every aggregate */
		removedAt: timestamp({ withTimezone: true }),
		removedBy: integer().references(() => users.id),
		removalReason: text()
	},
	(t) => [
		// one active assignment per judge and entry; a removed one stays beside a later reassignment
		uniqueIndex('assignments_unique')
			.on(t.roundId, t.entryId, t.judgeId)
			.where(sql`${t.removedAt} is null`),
		// at most one active extra (third) judge per entry and round, whatever races the code's row lock might miss
		uniqueIndex('assignments_one_third')
			.on(t.roundId, t.entryId)
			.where(sql`${t.source} = 'third' and ${t.removedAt} is null`),
		check('assignments_removal_reason', sql`${t.removedAt} is null or length(trim(${t.removalReason})) > 0`),
		index('assignments_judge_idx').on(t.judgeId, t.roundId),
		index('assignments_entry_idx').on(t.roundId, t.entryId)
	]
);

export const scoreStatus = pgEnum('score_status', ['draft', 'submitted']);

/** One score per assignment, hence one per judge per entry per round. */
export const scores = pgTable('scores', {
	assignmentId: integer()
		.primaryKey()
		.references(() => assignments.id, { onDelete: 'cascade' }),
	/** criterion id → points */
	points: jsonb().$type<Record<string, number>>().notNull(),
	total: numeric({ precision: 7, scale: 2, mode: 'number' }).notNull(),
	comment: text().notNull().default(''),
	status: scoreStatus().notNull().default('draft'),
	submittedAt: timestamp({ withTimezone: true }),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	/** set when an organizer returned a submitted score to its judge (a trigger allows nothing else on it) */
	reopenedAt: timestamp({ withTimezone: true })
});

/** Every change of a score: who, when, before, after. */
export const scoreAudit = pgTable(
	'score_audit',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		// no ON DELETE action: the rows are append-only (trigger), so nothing may cascade into or rewrite them
		assignmentId: integer()
			.notNull()
			.references(() => assignments.id),
		actorId: integer().references(() => users.id),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		before: jsonb(),
		after: jsonb().notNull()
	},
	(t) => [index('score_audit_assignment_idx').on(t.assignmentId, t.at)]
);

// ---------------------------------------------------------------------------------------------------------------
// Awards

export const awardTiers = pgTable(
	'award_tiers',
	{
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		position: smallint().notNull(),
		/** Nhất, Nhì, Ba, Khuyến khích — or Đặc biệt, A, B, C, Khuyến khích */
		name: text().notNull(),
		count: smallint().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.contestId, t.position] }),
		check('award_tiers_count', sql`${t.count} >= 0`)
	]
);

export const entryAwards = pgTable(
	'entry_awards',
	{
		entryId: integer()
			.primaryKey()
			.references(() => entries.id, { onDelete: 'cascade' }),
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		tier: text().notNull(),
		awardedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		awardedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index('entry_awards_contest_idx').on(t.contestId)]
);

export const unitAwards = pgTable(
	'unit_awards',
	{
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		/** e.g. "Giải tập thể xuất sắc" */
		title: text().notNull(),
		awardedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [primaryKey({ columns: [t.contestId, t.unitId] })]
);

export type EssaySettings = typeof essaySettings.$inferSelect;
export type EssayStage = (typeof essayStage.enumValues)[number];
export type EntryVersion = typeof entryVersions.$inferSelect;
export type Entry = typeof entries.$inferSelect;
export type EssayRound = typeof essayRounds.$inferSelect;
export type RubricCriterion = typeof rubricCriteria.$inferSelect;
export type Assignment = typeof assignments.$inferSelect;
export type Score = typeof scores.$inferSelect;
