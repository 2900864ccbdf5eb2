import type { Db } from '../db/client';
import { contests, questionOptions, questions, roundTopics, rounds, topics } from '../db/schema';

let counter = 0;

/**
 * A published quiz contest with one topic of `bankSize` questions (4 options each; option `i % 4` is correct, and
 * every fifth question is multi-answer with options 0 and 2) and one round drawing `perAttempt` of them.
 */
export async function makeQuizRound(
	db: Db,
	options: {
		bankSize?: number;
		perAttempt?: number;
		attemptsAllowed?: number | null;
		opensAt?: Date;
		closesAt?: Date;
		timeLimitSeconds?: number;
		practice?: boolean;
		predictionEnabled?: boolean;
		reviewPolicy?: 'score_only' | 'after_close' | 'immediate';
		eligibleUnitId?: number | null;
		graceSeconds?: number;
		/** the fast-attempt check; 0 (off) by default, since tests finish attempts at once */
		minSecondsPerQuestion?: number;
	} = {}
) {
	counter += 1;
	const [topic] = await db
		.insert(topics)
		.values({ name: `Chủ đề thử ${counter}-${Math.random().toString(36).slice(2, 6)}` })
		.returning();
	const bank: { id: number; correct: number[] }[] = [];
	for (let i = 0; i < (options.bankSize ?? 30); i++) {
		const multi = i % 5 === 4;
		const correct = multi ? [0, 2] : [i % 4];
		const [q] = await db
			.insert(questions)
			.values({
				topicId: topic.id,
				text: `Câu hỏi số ${i + 1} về quy tắc ứng xử?`,
				multi,
				explanation: 'Vì vậy.'
			})
			.returning({ id: questions.id });
		await db.insert(questionOptions).values(
			[0, 1, 2, 3].map((position) => ({
				questionId: q.id,
				position,
				text: `Phương án ${'ABCD'[position]} của câu ${i + 1}`,
				isCorrect: correct.includes(position)
			}))
		);
		bank.push({ id: q.id, correct });
	}
	const [contest] = await db
		.insert(contests)
		.values({
			kind: 'quiz',
			title: `Cuộc thi thử ${counter}`,
			published: true,
			eligibleUnitId: options.eligibleUnitId ?? null
		})
		.returning();
	const now = Date.now();
	const [round] = await db
		.insert(rounds)
		.values({
			contestId: contest.id,
			position: 1,
			name: 'Tuần 1',
			practice: options.practice ?? false,
			opensAt: options.opensAt ?? new Date(now - 3_600_000),
			closesAt: options.closesAt ?? new Date(now + 7 * 86_400_000),
			timeLimitSeconds: options.timeLimitSeconds ?? 1200,
			attemptsAllowed: options.attemptsAllowed === undefined ? 3 : options.attemptsAllowed,
			predictionEnabled: options.predictionEnabled ?? false,
			reviewPolicy: options.reviewPolicy ?? 'after_close',
			graceSeconds: options.graceSeconds ?? 30,
			minSecondsPerQuestion: options.minSecondsPerQuestion ?? 0
		})
		.returning();
	await db
		.insert(roundTopics)
		.values({ roundId: round.id, topicId: topic.id, questionCount: options.perAttempt ?? 10 });
	const correctOf = new Map(bank.map((q) => [q.id, q.correct]));
	return { topic, contest, round, bank, correctOf };
}
