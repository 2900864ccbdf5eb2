// Shared by contests.spec.ts and rounds.spec.ts: a fixed "now", and contests, rounds and bank topics to test with.
import type { Db } from '../db/client';
import { attempts, questionOptions, questions, topics } from '../db/schema';
import { makeUnit, makeUser } from '../testing/fixtures';
import { createContest, createRound, type RoundInput } from './contests';
import { fromVietnamLocal } from './time';

/** Saturday 21/11/2026 noon in Vietnam: every test's "now". */
export const NOW = fromVietnamLocal('2026-11-21T12:00')!;
export const at = (local: string) => fromVietnamLocal(local)!;

/** The helpers, on the database a spec file opens in its beforeAll (hence a getter). */
export function contestFixtures(getDb: () => Db) {
	let topicSeq = 0;
	async function makeTopic(questionCount: number, name = `Chủ đề ${++topicSeq}`) {
		const [topic] = await getDb().insert(topics).values({ name }).returning();
		await addQuestions(topic.id, questionCount);
		return topic;
	}

	async function addQuestions(topicId: number, n: number) {
		const db = getDb();
		for (let i = 0; i < n; i++) {
			const [q] = await db
				.insert(questions)
				.values({ topicId, text: `Câu hỏi ${i + 1}` })
				.returning();
			await db.insert(questionOptions).values([
				{ questionId: q.id, position: 0, text: 'Đúng', isCorrect: true },
				{ questionId: q.id, position: 1, text: 'Sai', isCorrect: false }
			]);
		}
	}

	async function makeContest(title = 'Tìm hiểu Quy tắc ứng xử', eligibleUnitId: number | null = null) {
		const result = await createContest(getDb(), {
			kind: 'quiz',
			title,
			description: '',
			rules: '',
			eligibleUnitId
		});
		if (!result.ok) throw new Error(result.error);
		return result.value;
	}

	function weekly(topicId: number, overrides: Partial<RoundInput> = {}): RoundInput {
		return {
			name: 'Tuần 1',
			practice: false,
			opensAt: at('2026-11-23T10:00'),
			closesAt: at('2026-11-30T09:00'),
			timeLimitSeconds: 20 * 60,
			attemptsAllowed: 3,
			shuffleQuestions: true,
			shuffleOptions: true,
			predictionEnabled: true,
			reviewPolicy: 'after_close',
			graceSeconds: 30,
			topics: [{ topicId, questionCount: 5 }],
			...overrides
		};
	}

	async function makeRound(contestId: number, input: RoundInput) {
		const result = await createRound(getDb(), contestId, input, NOW);
		if (!result.ok) throw new Error(result.error);
		return result.value.round;
	}

	async function insertAttempt(roundId: number) {
		const db = getDb();
		const unit = await makeUnit(db, `AT-${roundId}-${Math.random().toString(36).slice(2, 7)}`.toUpperCase());
		const user = await makeUser(db, unit.id);
		await db.insert(attempts).values({
			roundId,
			userId: user.id,
			unitId: unit.id,
			attemptNo: 1,
			deadline: at('2026-11-23T10:20'),
			questionCount: 5
		});
	}

	return { makeTopic, addQuestions, makeContest, weekly, makeRound, insertAttempt };
}
