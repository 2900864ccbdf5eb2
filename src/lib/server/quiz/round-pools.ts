import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { questionOptions, questions, roundTopics } from '../db/schema';
import type { DrawableQuestion } from './draw';

/** The round's topics (how many questions of each) and the drawable questions of each topic. */
export interface RoundPools {
	topics: Array<{ topicId: number; questionCount: number }>;
	pools: Map<number, DrawableQuestion[]>;
}

/**
 * The round's topics and the drawable questions of each, cached per process for a short while: when a round opens,
 * thousands of starts draw from the same few hundred questions, and the bank changes rarely. A start inserts only
 * if the round's topics are still the ones drawn from (checked in its insert), so a stale cache costs a retry.
 */
const poolCache = new Map<number, { expires: number; pools: Promise<RoundPools> }>();
const POOL_TTL_MS = 30_000;

/** The promise is cached, so the starts arriving together when a round opens share one query. */
export function drawablePools(db: Db, roundId: number, now: number): Promise<RoundPools> {
	const cached = poolCache.get(roundId);
	if (cached && cached.expires > now) return cached.pools;
	const pools = loadPools(db, roundId);
	poolCache.set(roundId, { expires: now + POOL_TTL_MS, pools });
	pools.catch(() => poolCache.delete(roundId));
	return pools;
}

async function loadPools(db: Db, roundId: number): Promise<RoundPools> {
	const topics = await db
		.select({ topicId: roundTopics.topicId, questionCount: roundTopics.questionCount })
		.from(roundTopics)
		.where(eq(roundTopics.roundId, roundId))
		.orderBy(asc(roundTopics.topicId));
	const rows = await db
		.select({ topicId: questions.topicId, id: questions.id, position: questionOptions.position })
		.from(roundTopics)
		.innerJoin(questions, eq(questions.topicId, roundTopics.topicId))
		.innerJoin(questionOptions, eq(questionOptions.questionId, questions.id))
		.where(
			and(
				eq(roundTopics.roundId, roundId),
				eq(questions.active, true),
				sql`${questions.supersededAt} is null`
			)
		)
		.orderBy(asc(questions.id), asc(questionOptions.position));
	const pools = new Map<number, DrawableQuestion[]>();
	let last: DrawableQuestion | undefined;
	for (const row of rows) {
		if (last?.id !== row.id) {
			last = { id: row.id, optionPositions: [] };
			const pool = pools.get(row.topicId) ?? [];
			pool.push(last);
			pools.set(row.topicId, pool);
		}
		last.optionPositions.push(row.position);
	}
	return { topics, pools };
}

/** The topics of a round as one comparable string, the same as the insert's check computes in SQL. */
export const topicsKey = (topics: RoundPools['topics']) =>
	topics.map((t) => `${t.topicId}:${t.questionCount}`).join(',');

/** Drops a round's cached pools (its topics changed under a start). */
export function forgetPools(roundId: number) {
	poolCache.delete(roundId);
}

export function clearPoolCache() {
	poolCache.clear();
}
