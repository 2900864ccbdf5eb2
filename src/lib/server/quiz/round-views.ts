import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attempts, type Contest, contests, type Round, roundTopics, rounds } from '../db/schema';
import { roundState, type RoundState, type Shortage } from './round-state';
import { attemptCount } from './rounds';
import { roundShortages, supplyOf } from './supply';

// Reading a contest's rounds for the organizer: the overview of them all and one round's edit page.

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
