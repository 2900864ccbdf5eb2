import { and, asc, count, desc, eq, inArray, max, min, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	attempts,
	type Contest,
	contests,
	type Round,
	roundTopics,
	rounds,
	topics,
	units
} from '../db/schema';
import { countDrawable, listTopics } from './bank';
import { weeklyRoundWindow } from './time';

// Quiz contests and their rounds, as the organizer builds them. Functions take a db (or transaction) handle and
// plain values and answer with error codes; the routes turn codes into words.

export type RoundState = 'upcoming' | 'open' | 'closed';
export type ReviewPolicy = Round['reviewPolicy'];
export type ResultsState = Round['resultsState'];

/** Round windows are half-open: a round is open from `opensAt` up to, not including, `closesAt`. */
export function roundState(round: Pick<Round, 'opensAt' | 'closesAt'>, now: Date = new Date()): RoundState {
	if (now < round.opensAt) return 'upcoming';
	return now < round.closesAt ? 'open' : 'closed';
}

/** A topic of a round that has fewer drawable questions (active, current version) than the round draws. */
export interface Shortage {
	roundId?: number;
	roundName?: string;
	topicId: number;
	topicName: string;
	needed: number;
	available: number;
}

/** Settings a round keeps once somebody has made an attempt: changing them would change the contest under them. */
export type LockedField =
	| 'practice'
	| 'opensAt'
	| 'timeLimitSeconds'
	| 'attemptsAllowed'
	| 'shuffleQuestions'
	| 'shuffleOptions'
	| 'predictionEnabled'
	| 'graceSeconds'
	| 'topics';

export type Outcome<T, E extends string> =
	{ ok: true; value: T } | { ok: false; error: E; shortages?: Shortage[]; lockedFields?: LockedField[] };

const fail = <E extends string>(
	error: E,
	detail: { shortages?: Shortage[]; lockedFields?: LockedField[] } = {}
) => ({ ok: false, error, ...detail }) as const;

// ---------------------------------------------------------------------------------------------------------------
// Contests

export interface ContestInput {
	title: string;
	description: string;
	rules: string;
	/** only people in this unit's subtree take part; null: everyone */
	eligibleUnitId: number | null;
}

export type ContestError = 'not_found' | 'invalid_title' | 'unit_not_found';
export type PublishError = 'not_found' | 'no_rounds' | 'short_of_questions';

async function checkContestInput(db: Db, input: ContestInput): Promise<ContestError | null> {
	if (input.title.trim() === '') return 'invalid_title';
	if (input.eligibleUnitId !== null) {
		const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.id, input.eligibleUnitId));
		if (!unit) return 'unit_not_found';
	}
	return null;
}

export async function createContest(
	db: Db,
	input: ContestInput & { kind: 'quiz'; createdBy?: number | null }
): Promise<Outcome<Contest, ContestError>> {
	const problem = await checkContestInput(db, input);
	if (problem) return fail(problem);
	const [contest] = await db
		.insert(contests)
		.values({
			kind: input.kind,
			title: input.title,
			description: input.description,
			rules: input.rules,
			eligibleUnitId: input.eligibleUnitId,
			createdBy: input.createdBy ?? null
		})
		.returning();
	return { ok: true, value: contest };
}

export async function updateContest(
	db: Db,
	id: number,
	input: ContestInput
): Promise<Outcome<Contest, ContestError>> {
	const problem = await checkContestInput(db, input);
	if (problem) return fail(problem);
	const [contest] = await db
		.update(contests)
		.set({
			title: input.title,
			description: input.description,
			rules: input.rules,
			eligibleUnitId: input.eligibleUnitId,
			updatedAt: new Date()
		})
		.where(eq(contests.id, id))
		.returning();
	return contest ? { ok: true, value: contest } : fail('not_found');
}

export async function getContest(db: Db, id: number): Promise<Contest | undefined> {
	const [contest] = await db.select().from(contests).where(eq(contests.id, id));
	return contest;
}

/**
 * Publishing shows the contest to the people it is for. It needs at least one round, and every round that is still
 * to come or open must be drawable from the bank as it is now: a participant must never meet a round that cannot
 * start. Unpublishing is always allowed.
 */
export async function setPublished(
	db: Db,
	id: number,
	published: boolean,
	now: Date = new Date()
): Promise<Outcome<Contest, PublishError>> {
	return db.transaction(async (tx) => {
		const [contest] = await tx.select().from(contests).where(eq(contests.id, id)).for('no key update');
		if (!contest) return fail('not_found');
		if (published) {
			const list = await tx.select().from(rounds).where(eq(rounds.contestId, id));
			if (list.length === 0) return fail('no_rounds');
			const live = list.filter((r) => roundState(r, now) !== 'closed');
			const shortages = await roundShortages(tx, live);
			if (shortages.length > 0) return fail('short_of_questions', { shortages });
		}
		const [updated] = await tx
			.update(contests)
			.set({ published, updatedAt: new Date() })
			.where(eq(contests.id, id))
			.returning();
		return { ok: true, value: updated };
	});
}

export interface OrganizerContestRow {
	id: number;
	kind: Contest['kind'];
	title: string;
	published: boolean;
	createdAt: Date;
	eligibleUnitName: string | null;
	roundCount: number;
	firstOpensAt: Date | null;
	lastClosesAt: Date | null;
}

/** Every contest, newest first, with its number of rounds and the span of their windows. */
export async function listContestsForOrganizer(
	db: Db,
	options: { kind?: Contest['kind'] } = {}
): Promise<OrganizerContestRow[]> {
	return db
		.select({
			id: contests.id,
			kind: contests.kind,
			title: contests.title,
			published: contests.published,
			createdAt: contests.createdAt,
			eligibleUnitName: units.name,
			roundCount: count(rounds.id),
			firstOpensAt: min(rounds.opensAt),
			lastClosesAt: max(rounds.closesAt)
		})
		.from(contests)
		.leftJoin(units, eq(units.id, contests.eligibleUnitId))
		.leftJoin(rounds, eq(rounds.contestId, contests.id))
		.where(options.kind ? eq(contests.kind, options.kind) : undefined)
		.groupBy(contests.id, units.name)
		.orderBy(desc(contests.createdAt), desc(contests.id));
}

export interface ParticipantRound {
	id: number;
	position: number;
	name: string;
	practice: boolean;
	opensAt: Date;
	closesAt: Date;
	state: RoundState;
	timeLimitSeconds: number;
	/** null: unlimited */
	attemptsAllowed: number | null;
	questionCount: number;
	predictionEnabled: boolean;
	reviewPolicy: ReviewPolicy;
	resultsState: ResultsState;
	/** when the results were last frozen or published */
	resultsAt: Date | null;
}

export interface ParticipantContest {
	id: number;
	title: string;
	description: string;
	rules: string;
	rounds: ParticipantRound[];
}

/**
 * The published quiz contests a person may take part in: those open to everyone and those whose eligible unit's
 * subtree holds the person's unit (`userUnitPath`, the materialized path "/1/5/23/"). Newest first; rounds in order.
 */
export async function listContestsForParticipant(
	db: Db,
	userUnitPath: string,
	now: Date = new Date()
): Promise<ParticipantContest[]> {
	const found = await db
		.select({
			id: contests.id,
			title: contests.title,
			description: contests.description,
			rules: contests.rules
		})
		.from(contests)
		.leftJoin(units, eq(units.id, contests.eligibleUnitId))
		.where(
			and(
				eq(contests.kind, 'quiz'),
				eq(contests.published, true),
				sql`(${contests.eligibleUnitId} is null or left(${userUnitPath}, length(${units.path})) = ${units.path})`
			)
		)
		.orderBy(desc(contests.createdAt), desc(contests.id));
	if (found.length === 0) return [];
	const roundRows = await db
		.select({
			round: rounds,
			questionCount: sql<number>`coalesce(sum(${roundTopics.questionCount}), 0)::int`
		})
		.from(rounds)
		.leftJoin(roundTopics, eq(roundTopics.roundId, rounds.id))
		.where(
			inArray(
				rounds.contestId,
				found.map((c) => c.id)
			)
		)
		.groupBy(rounds.id)
		.orderBy(asc(rounds.contestId), asc(rounds.position));
	return found.map((contest) => ({
		...contest,
		rounds: roundRows
			.filter(({ round }) => round.contestId === contest.id)
			.map(({ round, questionCount }) => ({
				id: round.id,
				position: round.position,
				name: round.name,
				practice: round.practice,
				opensAt: round.opensAt,
				closesAt: round.closesAt,
				state: roundState(round, now),
				timeLimitSeconds: round.timeLimitSeconds,
				attemptsAllowed: round.attemptsAllowed,
				questionCount,
				predictionEnabled: round.predictionEnabled,
				reviewPolicy: round.reviewPolicy,
				resultsState: round.resultsState,
				resultsAt: round.resultsAt
			}))
	}));
}

// ---------------------------------------------------------------------------------------------------------------
// The bank as rounds see it

export interface TopicChoice {
	id: number;
	name: string;
	/** questions a round can draw from this topic now */
	drawable: number;
}

/** Every topic of the bank with its drawable count, for the round form's topic picker. */
export async function listTopicChoices(db: Db): Promise<TopicChoice[]> {
	return (await listTopics(db)).map((t) => ({ id: t.id, name: t.name, drawable: t.activeCount }));
}

/** What each wanted topic needs and what the bank has, in the order asked; topicName null: no such topic. */
async function supplyOf(
	db: Db,
	wanted: { topicId: number; needed: number }[]
): Promise<(Omit<Shortage, 'topicName'> & { topicName: string | null })[]> {
	const ids = [...new Set(wanted.map((w) => w.topicId))];
	if (ids.length === 0) return [];
	const available = await countDrawable(db, ids);
	const found = await db
		.select({ id: topics.id, name: topics.name })
		.from(topics)
		.where(inArray(topics.id, ids));
	const names = new Map(found.map((t) => [t.id, t.name]));
	return wanted.map((w) => ({
		topicId: w.topicId,
		topicName: names.get(w.topicId) ?? null,
		needed: w.needed,
		available: available.get(w.topicId) ?? 0
	}));
}

const isShort = (s: { needed: number; available: number }) => s.available < s.needed;

/** The topics of these rounds that lack questions, each naming its round. */
async function roundShortages(db: Db, list: Pick<Round, 'id' | 'name'>[]): Promise<Shortage[]> {
	if (list.length === 0) return [];
	const wanted = await db
		.select({ roundId: roundTopics.roundId, topicId: roundTopics.topicId, needed: roundTopics.questionCount })
		.from(roundTopics)
		.where(
			inArray(
				roundTopics.roundId,
				list.map((r) => r.id)
			)
		)
		.orderBy(asc(roundTopics.roundId), asc(roundTopics.topicId));
	const names = new Map(list.map((r) => [r.id, r.name]));
	const supply = await supplyOf(db, wanted);
	return supply
		.map((s, i) => ({
			...s,
			topicName: s.topicName ?? '',
			roundId: wanted[i].roundId,
			roundName: names.get(wanted[i].roundId)
		}))
		.filter(isShort);
}

// ---------------------------------------------------------------------------------------------------------------
// Rounds

export interface RoundTopicInput {
	topicId: number;
	questionCount: number;
}

export interface RoundInput {
	name: string;
	practice: boolean;
	opensAt: Date;
	closesAt: Date;
	timeLimitSeconds: number;
	/** null: unlimited, for practice rounds only */
	attemptsAllowed: number | null;
	shuffleQuestions: boolean;
	shuffleOptions: boolean;
	predictionEnabled: boolean;
	reviewPolicy: ReviewPolicy;
	graceSeconds: number;
	topics: RoundTopicInput[];
}

export type RoundInputError =
	| 'invalid_name'
	| 'invalid_window'
	| 'invalid_time_limit'
	| 'invalid_attempts'
	| 'invalid_grace'
	| 'prediction_in_practice'
	| 'no_topics'
	| 'duplicate_topic'
	| 'invalid_topic_count'
	| 'too_many_questions';

export type RoundError =
	| RoundInputError
	| 'not_found'
	| 'contest_not_found'
	| 'closes_in_past'
	| 'topic_not_found'
	| 'short_of_questions'
	| 'has_attempts'
	| 'close_moved_earlier'
	| 'finalized'
	| 'results_published';

/** The same limits the database's check constraints hold (schema/quiz.ts), checked first for a clear answer. */
export const ROUND_LIMITS = {
	nameLength: 100,
	timeLimitSeconds: { min: 30, max: 4 * 3600 },
	attemptsAllowed: { min: 1, max: 100 },
	graceSeconds: { min: 0, max: 600 },
	questionsPerTopic: { min: 1, max: 100 },
	questionsPerRound: { min: 1, max: 100 }
} as const;

const within = (value: number, range: { min: number; max: number }) =>
	Number.isInteger(value) && value >= range.min && value <= range.max;

/**
 * Rules that need no database. Ranked rounds must limit attempts (the best of unlimited tries would reward
 * guessing); practice rounds may, and never ask the prediction question, since they are never ranked.
 */
export function checkRoundInput(input: RoundInput): RoundInputError | null {
	const name = input.name.trim();
	if (name === '' || name.length > ROUND_LIMITS.nameLength) return 'invalid_name';
	if (!(input.closesAt.getTime() > input.opensAt.getTime())) return 'invalid_window';
	if (!within(input.timeLimitSeconds, ROUND_LIMITS.timeLimitSeconds)) return 'invalid_time_limit';
	if (
		input.attemptsAllowed === null
			? !input.practice
			: !within(input.attemptsAllowed, ROUND_LIMITS.attemptsAllowed)
	)
		return 'invalid_attempts';
	if (!within(input.graceSeconds, ROUND_LIMITS.graceSeconds)) return 'invalid_grace';
	if (input.practice && input.predictionEnabled) return 'prediction_in_practice';
	if (input.topics.length === 0) return 'no_topics';
	if (new Set(input.topics.map((t) => t.topicId)).size !== input.topics.length) return 'duplicate_topic';
	if (input.topics.some((t) => !within(t.questionCount, ROUND_LIMITS.questionsPerTopic)))
		return 'invalid_topic_count';
	const total = input.topics.reduce((sum, t) => sum + t.questionCount, 0);
	if (total > ROUND_LIMITS.questionsPerRound.max) return 'too_many_questions';
	return null;
}

export interface SavedRound {
	round: Round;
	/** saved anyway (the contest is not published yet), but these topics cannot be drawn as the bank stands */
	shortages: Shortage[];
}

function roundValues(input: RoundInput) {
	return {
		name: input.name.trim(),
		practice: input.practice,
		opensAt: input.opensAt,
		closesAt: input.closesAt,
		timeLimitSeconds: input.timeLimitSeconds,
		attemptsAllowed: input.attemptsAllowed,
		shuffleQuestions: input.shuffleQuestions,
		shuffleOptions: input.shuffleOptions,
		predictionEnabled: input.predictionEnabled,
		reviewPolicy: input.reviewPolicy,
		graceSeconds: input.graceSeconds
	};
}

/**
 * The topics' shortages; refused outright when the contest is already published and the round is still to be
 * taken, since participants would meet a round that cannot start.
 */
async function checkSupply(
	tx: Db,
	contest: Contest,
	input: RoundInput,
	now: Date,
	enforce: boolean
): Promise<Outcome<Shortage[], RoundError>> {
	const supply = await supplyOf(
		tx,
		input.topics.map((t) => ({ topicId: t.topicId, needed: t.questionCount }))
	);
	if (supply.some((s) => s.topicName === null)) return fail('topic_not_found');
	const shortages = supply.map((s) => ({ ...s, topicName: s.topicName ?? '' })).filter(isShort);
	if (enforce && contest.published && input.closesAt > now && shortages.length > 0)
		return fail('short_of_questions', { shortages });
	return { ok: true, value: shortages };
}

/** Adds a round at the end of the contest. */
export async function createRound(
	db: Db,
	contestId: number,
	input: RoundInput,
	now: Date = new Date()
): Promise<Outcome<SavedRound, RoundError>> {
	return db.transaction(async (tx) => {
		// One writer of a contest's rounds at a time: positions stay unique, publishing sees settled rounds.
		const [contest] = await tx.select().from(contests).where(eq(contests.id, contestId)).for('no key update');
		if (!contest || contest.kind !== 'quiz') return fail('contest_not_found');
		const problem = checkRoundInput(input);
		if (problem) return fail(problem);
		if (input.closesAt <= now) return fail('closes_in_past');
		const supply = await checkSupply(tx, contest, input, now, true);
		if (!supply.ok) return supply;
		const [{ next }] = await tx
			.select({ next: sql<number>`coalesce(max(${rounds.position}), 0)::int + 1` })
			.from(rounds)
			.where(eq(rounds.contestId, contestId));
		const [round] = await tx
			.insert(rounds)
			.values({ contestId, position: next, ...roundValues(input) })
			.returning();
		await tx.insert(roundTopics).values(input.topics.map((t) => ({ roundId: round.id, ...t })));
		return { ok: true, value: { round, shortages: supply.value } };
	});
}

/**
 * Locks a round for a change: its contest first (no key update: one writer per contest, foreign keys still pass),
 * then the round itself FOR UPDATE, which also holds off any attempt being inserted for it (the attempt's foreign
 * key needs a key-share lock on the round), so "no attempts yet" stays true until this transaction ends.
 */
async function lockRound(tx: Db, roundId: number) {
	const [ref] = await tx.select({ contestId: rounds.contestId }).from(rounds).where(eq(rounds.id, roundId));
	if (!ref) return undefined;
	const [contest] = await tx
		.select()
		.from(contests)
		.where(eq(contests.id, ref.contestId))
		.for('no key update');
	const [round] = await tx.select().from(rounds).where(eq(rounds.id, roundId)).for('update');
	return contest && round ? { contest, round } : undefined;
}

async function attemptCount(db: Db, roundId: number): Promise<number> {
	const [row] = await db.select({ n: count() }).from(attempts).where(eq(attempts.roundId, roundId));
	return row.n;
}

function sameTopics(current: RoundTopicInput[], next: RoundTopicInput[]): boolean {
	if (current.length !== next.length) return false;
	const wanted = new Map(current.map((t) => [t.topicId, t.questionCount]));
	return next.every((t) => wanted.get(t.topicId) === t.questionCount);
}

function changedLockedFields(round: Round, input: RoundInput, topicsChanged: boolean): LockedField[] {
	const changed: LockedField[] = [];
	if (round.practice !== input.practice) changed.push('practice');
	if (round.opensAt.getTime() !== input.opensAt.getTime()) changed.push('opensAt');
	if (round.timeLimitSeconds !== input.timeLimitSeconds) changed.push('timeLimitSeconds');
	if (round.attemptsAllowed !== input.attemptsAllowed) changed.push('attemptsAllowed');
	if (round.shuffleQuestions !== input.shuffleQuestions) changed.push('shuffleQuestions');
	if (round.shuffleOptions !== input.shuffleOptions) changed.push('shuffleOptions');
	if (round.predictionEnabled !== input.predictionEnabled) changed.push('predictionEnabled');
	if (round.graceSeconds !== input.graceSeconds) changed.push('graceSeconds');
	if (topicsChanged) changed.push('topics');
	return changed;
}

/**
 * Saves a round's settings. Once anybody has made an attempt only the name, the review policy and a later close
 * are accepted: every other setting shaped attempts already made ('has_attempts' lists what was changed).
 */
export async function updateRound(
	db: Db,
	roundId: number,
	input: RoundInput,
	now: Date = new Date()
): Promise<Outcome<SavedRound, RoundError>> {
	return db.transaction(async (tx) => {
		const locked = await lockRound(tx, roundId);
		if (!locked) return fail('not_found');
		const { contest, round } = locked;
		const problem = checkRoundInput(input);
		if (problem) return fail(problem);
		const current = await tx
			.select({ topicId: roundTopics.topicId, questionCount: roundTopics.questionCount })
			.from(roundTopics)
			.where(eq(roundTopics.roundId, roundId));
		const topicsChanged = !sameTopics(current, input.topics);
		if ((await attemptCount(tx, roundId)) > 0) {
			const lockedFields = changedLockedFields(round, input, topicsChanged);
			if (lockedFields.length > 0) return fail('has_attempts', { lockedFields });
			if (input.closesAt < round.closesAt) return fail('close_moved_earlier');
		}
		if (input.closesAt.getTime() !== round.closesAt.getTime()) {
			// the close-of-round work (true prediction number, final ranks) was done for the old close
			if (round.finalizedAt) return fail('finalized');
			if (round.resultsState === 'published') return fail('results_published');
			if (input.closesAt <= now) return fail('closes_in_past');
		}
		const supply = await checkSupply(tx, contest, input, now, topicsChanged);
		if (!supply.ok) return supply;
		const [updated] = await tx
			.update(rounds)
			.set(roundValues(input))
			.where(eq(rounds.id, roundId))
			.returning();
		if (topicsChanged) {
			await tx.delete(roundTopics).where(eq(roundTopics.roundId, roundId));
			await tx.insert(roundTopics).values(input.topics.map((t) => ({ roundId, ...t })));
		}
		return { ok: true, value: { round: updated, shortages: supply.value } };
	});
}

/** Far from any real position (smallint): where a round waits while positions are swapped or shifted. */
const PARKED = 20_000;

/** Removes a round nobody has attempted; the rounds after it move up one place. */
export async function deleteRound(
	db: Db,
	roundId: number
): Promise<Outcome<null, 'not_found' | 'has_attempts'>> {
	return db.transaction(async (tx) => {
		const locked = await lockRound(tx, roundId);
		if (!locked) return fail('not_found');
		const { round } = locked;
		if ((await attemptCount(tx, roundId)) > 0) return fail('has_attempts');
		await tx.delete(rounds).where(eq(rounds.id, roundId));
		// PostgreSQL checks a plain unique constraint row by row: lift the rounds after it out of the way first, so
		// that no row lands on a neighbour that has not moved yet.
		const after = and(eq(rounds.contestId, round.contestId), sql`${rounds.position} > ${round.position}`);
		await tx
			.update(rounds)
			.set({ position: sql`${rounds.position} + ${PARKED}` })
			.where(after);
		await tx
			.update(rounds)
			.set({ position: sql`${rounds.position} - ${PARKED + 1}` })
			.where(and(eq(rounds.contestId, round.contestId), sql`${rounds.position} > ${PARKED}`));
		return { ok: true, value: null };
	});
}

/** Swaps a round with its neighbour before (up) or after (down) it. */
export async function moveRound(
	db: Db,
	roundId: number,
	direction: 'up' | 'down'
): Promise<Outcome<null, 'not_found' | 'at_edge'>> {
	return db.transaction(async (tx) => {
		const locked = await lockRound(tx, roundId);
		if (!locked) return fail('not_found');
		const { round } = locked;
		const target = round.position + (direction === 'up' ? -1 : 1);
		const [neighbour] = await tx
			.select({ id: rounds.id })
			.from(rounds)
			.where(and(eq(rounds.contestId, round.contestId), eq(rounds.position, target)))
			.for('update');
		if (!neighbour) return fail('at_edge');
		await tx.update(rounds).set({ position: -PARKED }).where(eq(rounds.id, round.id));
		await tx.update(rounds).set({ position: round.position }).where(eq(rounds.id, neighbour.id));
		await tx.update(rounds).set({ position: target }).where(eq(rounds.id, round.id));
		return { ok: true, value: null };
	});
}

export type ResultsError = 'not_found' | 'practice' | 'not_closed';

/**
 * hidden: each participant sees only their own score; frozen: the leaderboard as of now; published: final, only
 * once the round has closed. Practice rounds have no leaderboard. Choosing the current state again changes nothing
 * (a second click on "freeze" must not move the freeze time).
 */
export async function setResultsState(
	db: Db,
	roundId: number,
	state: ResultsState,
	now: Date = new Date()
): Promise<Outcome<Round, ResultsError>> {
	return db.transaction(async (tx) => {
		const [round] = await tx.select().from(rounds).where(eq(rounds.id, roundId)).for('no key update');
		if (!round) return fail('not_found');
		if (round.practice) return fail('practice');
		// late saves may arrive until the close plus the grace; results are final only after that
		if (state === 'published' && now.getTime() < round.closesAt.getTime() + round.graceSeconds * 1000) {
			return fail('not_closed');
		}
		if (round.resultsState === state) return { ok: true, value: round };
		const [updated] = await tx
			.update(rounds)
			.set({ resultsState: state, resultsAt: now })
			.where(eq(rounds.id, roundId))
			.returning();
		return { ok: true, value: updated };
	});
}

export interface RoundSummary extends Round {
	state: RoundState;
	questionCount: number;
	topicCount: number;
	attemptCount: number;
	/** only for rounds still to be taken: a closed round draws nothing more */
	shortages: Shortage[];
}

/** A contest's rounds in order, with what the organizer's overview shows of each. */
export async function listRounds(db: Db, contestId: number, now: Date = new Date()): Promise<RoundSummary[]> {
	const rows = await db
		.select({
			round: rounds,
			questionCount: sql<number>`coalesce(sum(${roundTopics.questionCount}), 0)::int`,
			topicCount: sql<number>`count(${roundTopics.topicId})::int`
		})
		.from(rounds)
		.leftJoin(roundTopics, eq(roundTopics.roundId, rounds.id))
		.where(eq(rounds.contestId, contestId))
		.groupBy(rounds.id)
		.orderBy(asc(rounds.position));
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.round.id);
	const counts = new Map(
		(
			await db
				.select({ roundId: attempts.roundId, n: count() })
				.from(attempts)
				.where(inArray(attempts.roundId, ids))
				.groupBy(attempts.roundId)
		).map((r) => [r.roundId, r.n])
	);
	const live = rows.map((r) => r.round).filter((r) => roundState(r, now) !== 'closed');
	const shortages = await roundShortages(db, live);
	return rows.map(({ round, questionCount, topicCount }) => ({
		...round,
		state: roundState(round, now),
		questionCount,
		topicCount,
		attemptCount: counts.get(round.id) ?? 0,
		shortages: shortages.filter((s) => s.roundId === round.id)
	}));
}

/** The contest a round belongs to, so that a route can check the round is the one its URL names. */
export async function contestIdOfRound(db: Db, roundId: number): Promise<number | undefined> {
	const [row] = await db.select({ contestId: rounds.contestId }).from(rounds).where(eq(rounds.id, roundId));
	return row?.contestId;
}

export interface OrganizerRound {
	round: Round;
	state: RoundState;
	contest: Pick<Contest, 'id' | 'title' | 'published'>;
	/** the round's topics by name, with what each draws and what the bank has now */
	topics: { topicId: number; topicName: string; questionCount: number; available: number }[];
	attemptCount: number;
}

/** One round with its topics and the bank's counts, for the round's edit page. */
export async function getRoundForOrganizer(
	db: Db,
	roundId: number,
	now: Date = new Date()
): Promise<OrganizerRound | undefined> {
	const [row] = await db
		.select({
			round: rounds,
			contest: { id: contests.id, title: contests.title, published: contests.published }
		})
		.from(rounds)
		.innerJoin(contests, eq(contests.id, rounds.contestId))
		.where(eq(rounds.id, roundId));
	if (!row) return undefined;
	const wanted = await db
		.select({ topicId: roundTopics.topicId, needed: roundTopics.questionCount })
		.from(roundTopics)
		.where(eq(roundTopics.roundId, roundId));
	const supply = await supplyOf(db, wanted);
	return {
		...row,
		state: roundState(row.round, now),
		topics: supply
			.map((s) => ({
				topicId: s.topicId,
				topicName: s.topicName ?? '',
				questionCount: s.needed,
				available: s.available
			}))
			.sort((a, b) => a.topicName.localeCompare(b.topicName, 'vi')),
		attemptCount: await attemptCount(db, roundId)
	};
}

/** "Tuần 3" → "Tuần 4": the next name in an organizer's own numbering; null when the name has no number. */
export function nextRoundName(previous: string): string | null {
	const match = /^(.*?)(\d+)(\D*)$/.exec(previous.trim());
	return match ? `${match[1]}${Number(match[2]) + 1}${match[3]}` : null;
}

export interface RoundDefaults extends Omit<RoundInput, 'name'> {
	/** the next name in the organizer's numbering, or null: the form says "Vòng {position}" */
	suggestedName: string | null;
	position: number;
}

/**
 * What a new round's form starts from. After a ranked round: the same settings and topics, one week later. The
 * first round: DOMAIN's usual rules (20 questions, 20 minutes, 3 attempts, Monday 10:00 to next Monday 09:00).
 */
export async function roundDefaults(
	db: Db,
	contestId: number,
	now: Date = new Date()
): Promise<RoundDefaults> {
	const [{ next }] = await db
		.select({ next: sql<number>`coalesce(max(${rounds.position}), 0)::int + 1` })
		.from(rounds)
		.where(eq(rounds.contestId, contestId));
	const [last] = await db
		.select()
		.from(rounds)
		.where(and(eq(rounds.contestId, contestId), eq(rounds.practice, false)))
		.orderBy(desc(rounds.position))
		.limit(1);
	const from = last && last.closesAt > now ? last.closesAt : now;
	const window = weeklyRoundWindow(from);
	if (last) {
		const lastTopics = await db
			.select({ topicId: roundTopics.topicId, questionCount: roundTopics.questionCount })
			.from(roundTopics)
			.where(eq(roundTopics.roundId, last.id));
		return {
			practice: false,
			...window,
			timeLimitSeconds: last.timeLimitSeconds,
			attemptsAllowed: last.attemptsAllowed,
			shuffleQuestions: last.shuffleQuestions,
			shuffleOptions: last.shuffleOptions,
			predictionEnabled: last.predictionEnabled,
			reviewPolicy: last.reviewPolicy,
			graceSeconds: last.graceSeconds,
			topics: lastTopics,
			suggestedName: nextRoundName(last.name),
			position: next
		};
	}
	const choices = await listTopicChoices(db);
	const usable = choices.filter((t) => t.drawable > 0);
	return {
		practice: false,
		...window,
		timeLimitSeconds: 20 * 60,
		attemptsAllowed: 3,
		shuffleQuestions: true,
		shuffleOptions: true,
		predictionEnabled: true,
		reviewPolicy: 'after_close',
		graceSeconds: 30,
		// with a single topic in the bank the choice is obvious; with several, the organizer picks
		topics:
			usable.length === 1 ? [{ topicId: usable[0].id, questionCount: Math.min(20, usable[0].drawable) }] : [],
		suggestedName: null,
		position: next
	};
}
