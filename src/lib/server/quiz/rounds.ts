import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attempts, type Contest, contests, type Round, roundTopics, rounds } from '../db/schema';
import { checkRoundInput, type RoundError, type RoundInput, type RoundTopicInput } from './round-input';
import { fail, type LockedField, type Outcome, type ResultsState, type Shortage } from './round-state';
import { isShort, supplyOf } from './supply';

// Writing a contest's rounds: create, update, delete, move, and the state of their results.

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
		graceSeconds: input.graceSeconds,
		minSecondsPerQuestion: input.minSecondsPerQuestion ?? 3
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

/**
 * The key-secrecy rule, checked first for a clear message (the database holds it too: quiz_refuse_practice_overlap):
 * a practice round shares no topic with a ranked round that closes after the practice round opens, since practice
 * shows its answers. Returns the other round's name, or null.
 */
async function practiceOverlap(tx: Db, roundId: number | null, input: RoundInput): Promise<string | null> {
	if (input.topics.length === 0) return null;
	const topicIds = sql.join(
		input.topics.map((t) => sql`${t.topicId}`),
		sql`, `
	);
	const [clash] = await tx
		.select({ name: rounds.name, contest: contests.title })
		.from(roundTopics)
		.innerJoin(rounds, eq(rounds.id, roundTopics.roundId))
		.innerJoin(contests, eq(contests.id, rounds.contestId))
		.where(
			and(
				sql`${roundTopics.topicId} in (${topicIds})`,
				roundId === null ? undefined : sql`${rounds.id} <> ${roundId}`,
				eq(rounds.practice, !input.practice),
				input.practice
					? sql`${rounds.closesAt} > ${input.opensAt.toISOString()}::timestamptz`
					: sql`${rounds.opensAt} < ${input.closesAt.toISOString()}::timestamptz`
			)
		)
		.limit(1);
	return clash ? `${clash.name} (${clash.contest})` : null;
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
		const overlap = await practiceOverlap(tx, null, input);
		if (overlap) return fail('practice_overlap', { overlapWith: overlap });
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

export async function attemptCount(db: Db, roundId: number): Promise<number> {
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
			// a closed round stays closed: moving its close would reopen it to new attempts after results were seen
			if (round.closesAt <= now) return fail('round_closed');
			if (input.closesAt <= now) return fail('closes_in_past');
		}
		const overlap = await practiceOverlap(tx, roundId, input);
		if (overlap) return fail('practice_overlap', { overlapWith: overlap });
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

export type ResultsError = 'not_found' | 'practice' | 'not_closed' | 'results_published';

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
		// published results are final (the database refuses it too); a correction is its own signed-off act
		if (round.resultsState === 'published') return fail('results_published');
		const [updated] = await tx
			.update(rounds)
			.set({ resultsState: state, resultsAt: now })
			.where(eq(rounds.id, roundId))
			.returning();
		return { ok: true, value: updated };
	});
}
