import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { roundTopics, rounds } from '../db/schema';
import type { RoundInput } from './round-input';
import { listTopicChoices } from './supply';
import { weeklyRoundWindow } from './time';

// Where a new round's form starts from.

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
			minSecondsPerQuestion: last.minSecondsPerQuestion,
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
		minSecondsPerQuestion: 3,
		// with a single topic in the bank the choice is obvious; with several, the organizer picks
		topics:
			usable.length === 1 ? [{ topicId: usable[0].id, questionCount: Math.min(20, usable[0].drawable) }] : [],
		suggestedName: null,
		position: next
	};
}
