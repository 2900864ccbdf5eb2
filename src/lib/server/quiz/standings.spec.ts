import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { attemptQuestions } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { finishAttempt, saveAnswer, startAttempt } from './attempts';
import { attemptView } from './attempt-view';
import { changeResultsState, leaderboardPage, publishRound } from './results';
import { overallRanking, unitStandings } from './standings';

let handle: DbHandle;

beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

describe('standings by unit and overall', () => {
	it('rolls participants, entries and the average score up the unit tree, showing units with nobody', async () => {
		const root = await makeUnit(handle.db, 'ST', null, 0);
		const a = await makeUnit(handle.db, 'ST-A', root.id, 10);
		const a1 = await makeUnit(handle.db, 'ST-A-1', a.id, 10);
		const b = await makeUnit(handle.db, 'ST-B', root.id, 5);
		const { round, contest, correctOf } = await makeQuizRound(handle.db, {
			perAttempt: 4,
			attemptsAllowed: 3
		});

		const take = async (unitId: number, right: number, times = 1) => {
			const userId = (await makeUser(handle.db, unitId)).id;
			for (let t = 0; t < times; t++) {
				const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
				const attemptId = started.ok ? started.attemptId : 0;
				const view = await attemptView(handle.db, attemptId, userId);
				const rows = await handle.db
					.select()
					.from(attemptQuestions)
					.where(eq(attemptQuestions.attemptId, attemptId));
				for (const q of view!.questions.slice(0, right)) {
					const row = rows.find((r) => r.position === q.position)!;
					const choices = correctOf.get(row.questionId)!.map((p) => row.optionOrder.indexOf(p));
					await saveAnswer(handle.db, { attemptId, userId, position: q.position, choices, seq: 1 });
				}
				await finishAttempt(handle.db, { attemptId, userId, endedBy: 'submitted' });
			}
			return userId;
		};
		await take(a1.id, 4, 2);
		await take(a1.id, 2);
		await take(a.id, 3);

		const top = await unitStandings(handle.db, { contestId: contest.id, roundId: round.id }, root.id);
		// entries: every finished attempt, also those that did not count
		expect(top.map((u) => [u.code, u.headcount, u.participants, u.entries, u.averageCorrect])).toEqual([
			['ST-A', 20, 3, 4, 3],
			['ST-B', 5, 0, 0, null]
		]);
		const whole = await unitStandings(handle.db, { contestId: contest.id, roundId: null }, a.id);
		expect(whole.map((u) => [u.code, u.participants])).toEqual([['ST-A-1', 2]]);

		await publishRound(handle.db, round.id, 'frozen');
		const overall = await overallRanking(handle.db, contest.id);
		expect(overall.rows.map((r) => [r.rank, r.correctCount])).toEqual([
			[1, 4],
			[2, 3],
			[3, 2]
		]);
		expect(b.id).toBeGreaterThan(0);

		// a frozen board keeps the figures it was frozen with: the third person does better afterwards, the board shows
		// the 2 they had when frozen beside their frozen rank, until the next ranking
		const frozen = (await leaderboardPage(handle.db, round.id)).rows.map((r) => [r.rank, r.correctCount]);
		expect(frozen).toEqual([
			[1, 4],
			[2, 3],
			[3, 2]
		]);
		const third = (await leaderboardPage(handle.db, round.id)).rows[2].userId;
		const improve = async () => {
			const started = await startAttempt(handle.db, { roundId: round.id, userId: third, unitId: a1.id });
			const attemptId = started.ok ? started.attemptId : 0;
			const rows = await handle.db
				.select()
				.from(attemptQuestions)
				.where(eq(attemptQuestions.attemptId, attemptId));
			for (const row of rows) {
				const choices = correctOf.get(row.questionId)!.map((p) => row.optionOrder.indexOf(p));
				await saveAnswer(handle.db, { attemptId, userId: third, position: row.position, choices, seq: 1 });
			}
			await finishAttempt(handle.db, { attemptId, userId: third, endedBy: 'submitted' });
		};
		await improve();
		expect((await leaderboardPage(handle.db, round.id)).rows.map((r) => [r.rank, r.correctCount])).toEqual(
			frozen
		);
		// hiding the round takes it out of the overall ranking at once; freezing again ranks what is there now
		await changeResultsState(handle.db, round.id, 'hidden');
		expect((await overallRanking(handle.db, contest.id)).rows).toEqual([]);
		await changeResultsState(handle.db, round.id, 'frozen');
		const again = (await leaderboardPage(handle.db, round.id)).rows;
		expect(again.map((r) => [r.rank, r.correctCount])).toEqual([
			[1, 4],
			[2, 4],
			[3, 3]
		]);
	});
});
