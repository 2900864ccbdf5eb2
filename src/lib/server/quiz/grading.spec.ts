// The grading and ranking rules live once, in SQL (finishAttempt, recordResult, rankRound): these cases are computed
// by hand and run against that SQL.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { attemptQuestions, attempts, roundResults } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { finishAttempt } from './attempts';
import { recordResult } from './counted-result';
import { rankRound } from './results';

let handle: DbHandle;
let unitId: number;

beforeAll(async () => {
	handle = await createTestDb();
	unitId = (await makeUnit(handle.db, 'GR')).id;
});
afterAll(() => handle.close());

const base = Date.UTC(2026, 10, 23, 3, 0, 0);
const at = (seconds: number) => new Date(base + seconds * 1000);

/** An attempt in progress with the given answers (bank positions chosen, null: unanswered). */
async function attemptAnswering(roundId: number, questionIds: number[], selected: (number[] | null)[]) {
	const userId = (await makeUser(handle.db, unitId)).id;
	const [attempt] = await handle.db
		.insert(attempts)
		.values({
			roundId,
			userId,
			unitId,
			attemptNo: 1,
			startedAt: at(0),
			deadline: at(600),
			questionCount: questionIds.length
		})
		.returning();
	await handle.db.insert(attemptQuestions).values(
		questionIds.map((questionId, position) => ({
			attemptId: attempt.id,
			position,
			questionId,
			optionOrder: [0, 1, 2, 3],
			selected: selected[position]
		}))
	);
	return { attempt, userId };
}

describe('grading (finishAttempt’s SQL)', () => {
	it('a single-answer question is right only with its one option; a multi-answer one needs all and no other', async () => {
		// the fixture's bank: question i has option i % 4 right, every fifth (i = 4, 9, …) options 0 and 2
		const { round, bank } = await makeQuizRound(handle.db, { bankSize: 10, perAttempt: 8 });
		const ids = bank.map((q) => q.id);
		const picks: (number[] | null)[] = [
			[0], // q0: right
			[2], // q1 (key 1): wrong
			[1, 2], // q2 (key 2): one extra, wrong
			null, // q3: unanswered
			[0, 2], // q4 (0 and 2): right
			[0], // q5 (key 1): wrong
			[2], // q6 (key 2): right
			[3] // q7 (key 3): right
		];
		const { attempt, userId } = await attemptAnswering(round.id, ids.slice(0, 8), picks);
		// a multi-answer question half answered is wrong: swap q7 for q9 answered with only 0
		await handle.db
			.update(attemptQuestions)
			.set({ questionId: ids[9], selected: [0] })
			.where(and(eq(attemptQuestions.attemptId, attempt.id), eq(attemptQuestions.position, 7)));
		const done = await finishAttempt(handle.db, {
			attemptId: attempt.id,
			userId,
			endedBy: 'submitted',
			now: at(95.5)
		});
		if (!done.ok) throw new Error(done.error);
		const rows = await handle.db
			.select({ position: attemptQuestions.position, correct: attemptQuestions.correct })
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, attempt.id))
			.orderBy(attemptQuestions.position);
		expect(rows.map((r) => r.correct)).toEqual([true, false, false, false, true, false, true, false]);
		expect(done.attempt.correctCount).toBe(3);
		expect(done.attempt.durationMs).toBe(95_500);
	});

	it('an attempt finished after its deadline keeps the deadline as its finish time', async () => {
		const { round, bank } = await makeQuizRound(handle.db, { bankSize: 4, perAttempt: 1 });
		const { attempt } = await attemptAnswering(round.id, [bank[0].id], [[0]]);
		const done = await finishAttempt(handle.db, {
			attemptId: attempt.id,
			endedBy: 'abandoned',
			now: at(900)
		});
		expect(done.ok && done.attempt.finishedAt?.toISOString()).toBe(at(600).toISOString());
		expect(done.ok && done.attempt.durationMs).toBe(600_000);
	});
});

describe('the counted attempt (recordResult’s SQL)', () => {
	it('keeps the most correct, then the earliest, and counts every entry', async () => {
		const { round } = await makeQuizRound(handle.db, { bankSize: 4, perAttempt: 1 });
		const userId = (await makeUser(handle.db, unitId)).id;
		const finished = async (attemptNo: number, correctCount: number, finishedAt: Date) => {
			const [a] = await handle.db
				.insert(attempts)
				.values({
					roundId: round.id,
					userId,
					unitId,
					attemptNo,
					status: 'finished',
					startedAt: at(0),
					deadline: at(600),
					finishedAt,
					correctCount,
					durationMs: 1000,
					questionCount: 10
				})
				.returning();
			await recordResult(handle.db, a);
			return a;
		};
		const first = await finished(1, 8, at(100));
		await finished(2, 7, at(50)); // fewer right: not better even though earlier
		const counted = async () =>
			(await handle.db.select().from(roundResults).where(eq(roundResults.roundId, round.id)))[0];
		expect(await counted()).toMatchObject({ attemptId: first.id, entries: 2 });
		const third = await finished(3, 9, at(300));
		expect(await counted()).toMatchObject({ attemptId: third.id, correctCount: 9, entries: 3 });
	});
});

describe('the ranking order (rankRound’s SQL)', () => {
	it('orders by correct answers, then prediction closeness (none last), then time taken, then submission time; survivors tie', async () => {
		const { round } = await makeQuizRound(handle.db, { bankSize: 4, perAttempt: 1 });
		// [name, correct, prediction distance, duration ms, finished at (s)] and the rank computed by hand
		const entries: [string, number, number | null, number, number, number][] = [
			['nine_far', 9, 100, 9000, 9, 1], // most correct wins whatever else
			['eight_close', 8, 3, 9000, 9, 2], // closer prediction beats faster
			['eight_far_fast', 8, 5, 100, 1, 3],
			['eight_far_slow', 8, 5, 200, 0, 4], // same distance: shorter time first
			['eight_far_slow_late', 8, 5, 200, 2, 5], // same time taken: earlier submission first
			['eight_none', 8, null, 1, 0, 6], // no prediction after any number
			['seven_a', 7, 0, 50, 5, 7],
			['seven_b', 7, 0, 50, 5, 7], // equal on all four: shared rank
			['six', 6, 0, 1, 0, 9] // the rank after a tie skips (1, 2, 2, 4)
		];
		const users: Record<string, number> = {};
		for (const [name, correct, distance, duration, finishedSecond] of entries) {
			const userId = (await makeUser(handle.db, unitId)).id;
			users[name] = userId;
			const [a] = await handle.db
				.insert(attempts)
				.values({
					roundId: round.id,
					userId,
					unitId,
					attemptNo: 1,
					status: 'finished',
					startedAt: at(0),
					deadline: at(600),
					finishedAt: at(finishedSecond),
					correctCount: correct,
					durationMs: duration,
					questionCount: 10
				})
				.returning();
			await handle.db.insert(roundResults).values({
				roundId: round.id,
				userId,
				attemptId: a.id,
				unitId,
				correctCount: correct,
				durationMs: duration,
				finishedAt: at(finishedSecond),
				predictionDistance: distance,
				prediction: distance
			});
		}
		await rankRound(handle.db, round.id);
		const ranked = await handle.db.select().from(roundResults).where(eq(roundResults.roundId, round.id));
		const rankOf = new Map(ranked.map((r) => [r.userId, r.rank]));
		for (const [name, , , , , rank] of entries) expect([name, rankOf.get(users[name])]).toEqual([name, rank]);
	});
});
