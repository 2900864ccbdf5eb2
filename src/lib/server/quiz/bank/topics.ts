import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { cleanText } from '../../../text';
import type { Db } from '../../db/client';
import { questions, type Topic, topics } from '../../db/schema';
import { cleanBlock } from '../parsers/draft';
import { nameKey, type Result, TOPIC_NAMES_LOCK } from './common';

// The bank's topics: create, rename, list with their question counts.

export type TopicError = 'not_found' | 'name_taken' | 'name_empty';

export interface TopicSummary {
	id: number;
	name: string;
	description: string;
	/** current, active questions: what a round can draw */
	activeCount: number;
	/** current questions switched off */
	inactiveCount: number;
}

async function nameTaken(db: Db, name: string, exceptId: number | null): Promise<boolean> {
	const rows = await db.select({ id: topics.id, name: topics.name }).from(topics);
	return rows.some((t) => t.id !== exceptId && nameKey(t.name) === nameKey(name));
}

export async function createTopic(
	db: Db,
	input: { name: string; description?: string; createdBy?: number | null }
): Promise<Result<Topic, TopicError>> {
	const name = cleanText(input.name);
	if (name === '') return { ok: false, error: 'name_empty' };
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${TOPIC_NAMES_LOCK})`);
		if (await nameTaken(tx, name, null)) return { ok: false, error: 'name_taken' };
		const [topic] = await tx
			.insert(topics)
			.values({ name, description: cleanBlock(input.description ?? ''), createdBy: input.createdBy ?? null })
			.returning();
		return { ok: true, value: topic };
	});
}

export async function updateTopic(
	db: Db,
	id: number,
	input: { name: string; description: string }
): Promise<Result<Topic, TopicError>> {
	const name = cleanText(input.name);
	if (name === '') return { ok: false, error: 'name_empty' };
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${TOPIC_NAMES_LOCK})`);
		if (await nameTaken(tx, name, id)) return { ok: false, error: 'name_taken' };
		const [topic] = await tx
			.update(topics)
			.set({ name, description: cleanBlock(input.description) })
			.where(eq(topics.id, id))
			.returning();
		return topic ? { ok: true, value: topic } : { ok: false, error: 'not_found' };
	});
}

export async function getTopic(db: Db, id: number): Promise<Topic | undefined> {
	const [topic] = await db.select().from(topics).where(eq(topics.id, id));
	return topic;
}

const collator = new Intl.Collator('vi');

/** Every topic in Vietnamese alphabetical order, with how many current questions are on and off. */
export async function listTopics(db: Db): Promise<TopicSummary[]> {
	const rows = await db
		.select({
			id: topics.id,
			name: topics.name,
			description: topics.description,
			activeCount: sql<number>`count(${questions.id}) filter (where ${questions.active})::int`,
			inactiveCount: sql<number>`count(${questions.id}) filter (where not ${questions.active})::int`
		})
		.from(topics)
		.leftJoin(questions, and(eq(questions.topicId, topics.id), isNull(questions.supersededAt)))
		.groupBy(topics.id);
	return rows.sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * Active current questions per topic: what a round can draw from each. Every asked id is in the map (0 when the
 * topic has none or does not exist). Served by the partial index questions_drawable_idx.
 */
export async function countDrawable(db: Db, topicIds: number[]): Promise<Map<number, number>> {
	const counts = new Map(topicIds.map((id) => [id, 0]));
	if (topicIds.length === 0) return counts;
	const rows = await db
		.select({ topicId: questions.topicId, n: sql<number>`count(*)::int` })
		.from(questions)
		.where(
			and(inArray(questions.topicId, topicIds), eq(questions.active, true), isNull(questions.supersededAt))
		)
		.groupBy(questions.topicId);
	for (const row of rows) counts.set(row.topicId, row.n);
	return counts;
}
