import { sql } from 'drizzle-orm';
import { cleanText } from '../../../text';
import type { Db } from '../../db/client';

// What the bank's modules share: the answer's shape, topic names as compared, and the per-topic write lock.

export type Result<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

/** Serializes writes to one topic's questions (two-key advisory lock: this, topic id), so duplicates stay out. */
const TOPIC_LOCK = 7_245_010;
/** Serializes topic creation and renaming: names are unique regardless of case. */
export const TOPIC_NAMES_LOCK = 7_245_011;

export const nameKey = (name: string) => cleanText(name).toLocaleLowerCase('vi');

export async function lockTopics(db: Db, topicIds: number[]) {
	for (const id of [...new Set(topicIds)].sort((a, b) => a - b))
		await db.execute(sql`select pg_advisory_xact_lock(${TOPIC_LOCK}, ${id})`);
}
