import { and, asc, count, desc, eq, inArray, max, min, sql } from 'drizzle-orm';
import { contestsInScope, type OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { type Contest, contests, roundTopics, rounds, units } from '../db/schema';
import {
	fail,
	type Outcome,
	type ResultsState,
	type ReviewPolicy,
	roundState,
	type RoundState
} from './round-state';
import { roundShortages } from './supply';

// Quiz contests, as the organizer builds them and participants find them. Functions take a db (or transaction)
// handle and plain values and answer with error codes; the routes turn codes into words. Rounds live in
// rounds.ts and its neighbours; everything is re-exported here so that callers may keep importing this module.

export { roundState } from './round-state';
export type { LockedField, Outcome, ResultsState, ReviewPolicy, RoundState, Shortage } from './round-state';
export { listTopicChoices, type TopicChoice } from './supply';
export * from './round-input';
export {
	createRound,
	deleteRound,
	moveRound,
	type ResultsError,
	type SavedRound,
	setResultsState,
	updateRound
} from './rounds';
export * from './round-views';
export * from './round-defaults';

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
	options: { kind?: Contest['kind']; scope?: OrganizerScope } = {}
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
		.where(
			and(
				options.kind ? eq(contests.kind, options.kind) : undefined,
				options.scope ? contestsInScope(options.scope) : undefined
			)
		)
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
	/** the unit whose subtree may take part; null: everyone */
	eligibleUnitId: number | null;
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
			rules: contests.rules,
			eligibleUnitId: contests.eligibleUnitId
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
