import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { type Round, roundTopics, topics } from '../db/schema';
import { countDrawable, listTopics } from './bank/topics';
import type { Shortage } from './round-state';

// The bank as rounds see it: what each topic can supply and which rounds would come up short.

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
export async function supplyOf(
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

export const isShort = (s: { needed: number; available: number }) => s.available < s.needed;

/** The topics of these rounds that lack questions, each naming its round. */
export async function roundShortages(db: Db, list: Pick<Round, 'id' | 'name'>[]): Promise<Shortage[]> {
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
