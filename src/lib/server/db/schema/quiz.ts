import { sql } from 'drizzle-orm';
import {
	type AnyPgColumn,
	bigint,
	boolean,
	check,
	index,
	integer,
	jsonb,
	pgEnum,
	pgTable,
	primaryKey,
	smallint,
	text,
	timestamp,
	unique,
	uniqueIndex
} from 'drizzle-orm/pg-core';
import { units } from './units';
import { users } from './users';

// ---------------------------------------------------------------------------------------------------------------
// Question bank

/**
 * A picture a question or an option shows: the bytes are in the file store (files/, content-addressed by this
 * SHA-256), checked and re-encoded on the way in (quiz/pictures/). Questions and options reference a picture by its
 * hash, so a version keeps its picture forever, and a picture still referenced cannot be deleted (foreign keys).
 */
export const pictures = pgTable(
	'pictures',
	{
		sha256: text().primaryKey(),
		mediaType: text().notNull(),
		width: integer().notNull(),
		height: integer().notNull(),
		size: integer().notNull(),
		createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check('pictures_sha256', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
		check('pictures_media_type', sql`${t.mediaType} in ('image/png', 'image/jpeg', 'image/webp')`),
		check('pictures_dimensions', sql`${t.width} between 1 and 20000 and ${t.height} between 1 and 20000`),
		check('pictures_size', sql`${t.size} > 0`)
	]
);

export const topics = pgTable('topics', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	name: text().notNull().unique(),
	description: text().notNull().default(''),
	createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/**
 * Questions are immutable once created: an edit inserts a new version (`replacesId` → the old one) and stamps the
 * old one `supersededAt`. Attempts point at the version they showed, so editing never changes a past attempt.
 */
export const questions = pgTable(
	'questions',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		topicId: integer()
			.notNull()
			.references(() => topics.id),
		text: text().notNull(),
		explanation: text().notNull().default(''),
		/** 1 easy, 2 medium, 3 hard */
		difficulty: smallint().notNull().default(2),
		/** several options are correct; all of them (and no other) must be chosen */
		multi: boolean().notNull().default(false),
		/** a picture shown with the text, and its text alternative (both or neither) */
		pictureSha256: text().references(() => pictures.sha256),
		pictureAlt: text(),
		active: boolean().notNull().default(true),
		replacesId: integer().references((): AnyPgColumn => questions.id),
		supersededAt: timestamp({ withTimezone: true }),
		createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index('questions_drawable_idx')
			.on(t.topicId, t.id)
			.where(sql`${t.active} and ${t.supersededAt} is null`),
		check('questions_difficulty_range', sql`${t.difficulty} between 1 and 3`),
		check(
			'questions_picture_alt',
			sql`(${t.pictureSha256} is null and ${t.pictureAlt} is null) or (${t.pictureSha256} is not null and length(btrim(${t.pictureAlt})) > 0)`
		)
	]
);

export const questionOptions = pgTable(
	'question_options',
	{
		questionId: integer()
			.notNull()
			.references(() => questions.id, { onDelete: 'cascade' }),
		/** 0-based position in the bank (A = 0) */
		position: smallint().notNull(),
		text: text().notNull(),
		isCorrect: boolean().notNull(),
		pictureSha256: text().references(() => pictures.sha256),
		pictureAlt: text()
	},
	(t) => [
		primaryKey({ columns: [t.questionId, t.position] }),
		check('question_options_position_range', sql`${t.position} between 0 and 5`),
		check(
			'question_options_picture_alt',
			sql`(${t.pictureSha256} is null and ${t.pictureAlt} is null) or (${t.pictureSha256} is not null and length(btrim(${t.pictureAlt})) > 0)`
		),
		check('question_options_text_or_picture', sql`${t.text} <> '' or ${t.pictureSha256} is not null`)
	]
);

// ---------------------------------------------------------------------------------------------------------------
// Contests and rounds

export const contestKind = pgEnum('contest_kind', ['quiz', 'essay']);

export const contests = pgTable('contests', {
	id: integer().primaryKey().generatedAlwaysAsIdentity(),
	kind: contestKind().notNull(),
	title: text().notNull(),
	description: text().notNull().default(''),
	rules: text().notNull().default(''),
	/** only people in this unit's subtree take part; null: everyone */
	eligibleUnitId: integer().references(() => units.id),
	/** participants see the contest once it is published */
	published: boolean().notNull().default(false),
	/** collective prizes (quiz): units ordered by these criteria in turn (insights/unit-ranking.ts) */
	unitRanking: jsonb()
		.$type<('rate' | 'participants' | 'average' | 'attempts')[]>()
		.notNull()
		.default(['rate', 'participants', 'average']),
	createdBy: integer().references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** score_only: the score; after_close: answers once the round closes; immediate: answers at once */
export const reviewPolicy = pgEnum('review_policy', ['score_only', 'after_close', 'immediate']);
/** hidden: each participant sees only their own score; frozen: the leaderboard as of `resultsAt`; published: final */
export const resultsState = pgEnum('results_state', ['hidden', 'frozen', 'published']);

export const rounds = pgTable(
	'rounds',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		position: smallint().notNull(),
		name: text().notNull(),
		/** practice rounds never count for ranking and allow unlimited attempts */
		practice: boolean().notNull().default(false),
		opensAt: timestamp({ withTimezone: true }).notNull(),
		closesAt: timestamp({ withTimezone: true }).notNull(),
		timeLimitSeconds: integer().notNull(),
		/** null: unlimited (practice) */
		attemptsAllowed: smallint(),
		shuffleQuestions: boolean().notNull().default(true),
		shuffleOptions: boolean().notNull().default(true),
		predictionEnabled: boolean().notNull().default(false),
		reviewPolicy: reviewPolicy().notNull().default('after_close'),
		/** saves arriving up to this long after the deadline still count (network delay) */
		graceSeconds: smallint().notNull().default(30),
		resultsState: resultsState().notNull().default('hidden'),
		resultsAt: timestamp({ withTimezone: true }),
		/** the prediction question's true answer: entries of the round with every question right */
		predictionAnswer: integer(),
		/** when the close-of-round work (finishing attempts, the true number, distances) was done */
		finalizedAt: timestamp({ withTimezone: true }),
		/**
		 * an attempt with a right answer finished faster than this many seconds per question is flagged (a trigger)
		 * and kept out of the ranking until an organizer reviews it; 0: no check
		 */
		minSecondsPerQuestion: smallint().notNull().default(3)
	},
	(t) => [
		unique('rounds_position_unique').on(t.contestId, t.position),
		index('rounds_open_idx').on(t.opensAt, t.closesAt),
		check('rounds_window', sql`${t.closesAt} > ${t.opensAt}`),
		check('rounds_time_limit', sql`${t.timeLimitSeconds} between 30 and 14400`),
		check('rounds_attempts', sql`${t.attemptsAllowed} is null or ${t.attemptsAllowed} between 1 and 100`),
		check('rounds_grace', sql`${t.graceSeconds} between 0 and 600`),
		check('rounds_min_seconds', sql`${t.minSecondsPerQuestion} between 0 and 60`)
	]
);

export const roundTopics = pgTable(
	'round_topics',
	{
		roundId: integer()
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		topicId: integer()
			.notNull()
			.references(() => topics.id),
		questionCount: smallint().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.roundId, t.topicId] }),
		check('round_topics_count', sql`${t.questionCount} between 1 and 100`)
	]
);

// ---------------------------------------------------------------------------------------------------------------
// Attempts

export const attemptStatus = pgEnum('attempt_status', ['in_progress', 'finished']);
/** who ended the attempt: the participant, the page at the deadline, or the server's sweep of abandoned ones */
export const attemptEnd = pgEnum('attempt_end', ['submitted', 'deadline', 'abandoned']);
/** implausibly fast: flagged by the database when finished; kept or disqualified by an organizer (audited) */
export const attemptReview = pgEnum('attempt_review', ['flagged', 'kept', 'disqualified']);

export const attempts = pgTable(
	'attempts',
	{
		id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
		roundId: integer()
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** the participant's unit when the attempt started: statistics by unit use it */
		unitId: integer()
			.notNull()
			.references(() => units.id),
		attemptNo: smallint().notNull(),
		status: attemptStatus().notNull().default('in_progress'),
		startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		deadline: timestamp({ withTimezone: true }).notNull(),
		finishedAt: timestamp({ withTimezone: true }),
		endedBy: attemptEnd(),
		questionCount: smallint().notNull(),
		correctCount: smallint(),
		durationMs: integer(),
		prediction: integer(),
		/** null: nothing to check; flagged attempts do not rank until kept */
		reviewState: attemptReview()
	},
	(t) => [
		index('attempts_flagged_idx')
			.on(t.roundId)
			.where(sql`${t.reviewState} = 'flagged'`),
		// never more attempts than allowed: attempt numbers are unique and checked against the round's limit
		unique('attempts_number_unique').on(t.roundId, t.userId, t.attemptNo),
		// at most one attempt in progress per person per round
		uniqueIndex('attempts_one_in_progress')
			.on(t.roundId, t.userId)
			.where(sql`${t.status} = 'in_progress'`),
		index('attempts_open_deadline_idx')
			.on(t.deadline)
			.where(sql`${t.status} = 'in_progress'`),
		index('attempts_user_idx').on(t.userId, t.roundId),
		index('attempts_round_finished_idx').on(t.roundId, t.finishedAt),
		// the first attempt is the person's first finish in the round (one attempt in progress at a time): the
		// dashboard's cumulative participants over time read this small index (insights/timeline.ts)
		index('attempts_round_first_idx')
			.on(t.roundId, t.finishedAt)
			.where(sql`${t.attemptNo} = 1`),
		check(
			'attempts_finished_fields',
			sql`${t.status} = 'in_progress' or (${t.finishedAt} is not null and ${t.correctCount} is not null)`
		),
		check('attempts_prediction', sql`${t.prediction} is null or ${t.prediction} >= 0`)
	]
);

/**
 * The questions of one attempt in the order shown, the option order shown, and the answer: one row per question per
 * attempt. A save overwrites only an older one (`saveSeq`), so a late-arriving stale save cannot undo a newer one.
 */
export const attemptQuestions = pgTable(
	'attempt_questions',
	{
		attemptId: bigint({ mode: 'number' })
			.notNull()
			.references(() => attempts.id, { onDelete: 'cascade' }),
		position: smallint().notNull(),
		questionId: integer()
			.notNull()
			.references(() => questions.id),
		/** bank positions of the options, in the order shown */
		optionOrder: smallint().array().notNull(),
		/** bank positions chosen; null: not answered */
		selected: smallint().array(),
		saveSeq: integer().notNull().default(0),
		answeredAt: timestamp({ withTimezone: true }),
		correct: boolean()
	},
	(t) => [
		primaryKey({ columns: [t.attemptId, t.position] }),
		index('attempt_questions_question_idx').on(t.questionId)
	]
);

/**
 * The attempt that counts for each person in each (non-practice) round: the best (most correct, then earliest).
 * Ranking columns are filled when the round closes (prediction distance) and when results are published (rank).
 */
export const roundResults = pgTable(
	'round_results',
	{
		roundId: integer()
			.notNull()
			.references(() => rounds.id, { onDelete: 'cascade' }),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		attemptId: bigint({ mode: 'number' })
			.notNull()
			.references(() => attempts.id, { onDelete: 'cascade' }),
		unitId: integer()
			.notNull()
			.references(() => units.id),
		correctCount: smallint().notNull(),
		durationMs: integer().notNull(),
		finishedAt: timestamp({ withTimezone: true }).notNull(),
		prediction: integer(),
		predictionDistance: integer(),
		/** 1-based; equal for ties that survive every tie-break */
		rank: integer(),
		/**
		 * the attempt counted when the rank was set: a frozen leaderboard shows its figures, not those of a better
		 * attempt made after the freeze (attempt_id moves on; the rank and these figures stay until re-ranked)
		 */
		rankedAttemptId: bigint({ mode: 'number' }),
		/** finished attempts of the person in the round (all of them, not only the counted one) */
		entries: smallint().notNull().default(1)
	},
	(t) => [
		primaryKey({ columns: [t.roundId, t.userId] }),
		index('round_results_rank_idx').on(t.roundId, t.rank, t.userId),
		index('round_results_order_idx').on(
			t.roundId,
			t.correctCount.desc(),
			t.predictionDistance.asc().nullsLast(),
			t.durationMs,
			t.finishedAt,
			t.userId
		),
		// covering: participation by unit aggregates a round by an index-only scan (insights/participation.ts)
		index('round_results_unit_idx').on(t.roundId, t.unitId, t.correctCount, t.entries)
	]
);

/**
 * The overall ranking of a contest, rebuilt whenever one of its rounds is ranked (frozen or published): totals of
 * the counted results of its ranked rounds, with the rank, so a page and one person's rank are index lookups.
 */
export const contestResults = pgTable(
	'contest_results',
	{
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		rounds: smallint().notNull(),
		correctCount: integer().notNull(),
		durationMs: bigint({ mode: 'number' }).notNull(),
		lastFinishedAt: timestamp({ withTimezone: true }).notNull(),
		rank: integer().notNull()
	},
	(t) => [
		primaryKey({ columns: [t.contestId, t.userId] }),
		index('contest_results_rank_idx').on(t.contestId, t.rank, t.userId)
	]
);

export type Topic = typeof topics.$inferSelect;
export type Question = typeof questions.$inferSelect;
export type QuestionOption = typeof questionOptions.$inferSelect;
export type Contest = typeof contests.$inferSelect;
export type Round = typeof rounds.$inferSelect;
export type Attempt = typeof attempts.$inferSelect;
export type AttemptQuestion = typeof attemptQuestions.$inferSelect;
export type RoundResult = typeof roundResults.$inferSelect;
