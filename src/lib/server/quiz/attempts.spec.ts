import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { attemptQuestions, attempts, roundResults } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import {
	clearPoolCache,
	finishAbandonedAttempts,
	finishAttempt,
	saveAnswer,
	savePrediction,
	startAttempt
} from './attempts';
import { SharedRateLimiter } from '../auth/rate-limit';
import { attemptView } from './attempt-view';
import { finalizeRound, leaderboardPage, myResult, publishRound } from './results';

let handle: DbHandle;
let unitId: number;

beforeAll(async () => {
	handle = await createTestDb();
	unitId = (await makeUnit(handle.db, 'QZ')).id;
});
afterAll(() => handle.close());
beforeEach(() => clearPoolCache());

async function participant() {
	return (await makeUser(handle.db, unitId)).id;
}

/** Answers every question of an attempt: right for the first `right` positions, wrong after. */
async function answer(attemptId: number, userId: number, correctOf: Map<number, number[]>, right: number) {
	const rows = await handle.db
		.select()
		.from(attemptQuestions)
		.where(eq(attemptQuestions.attemptId, attemptId))
		.orderBy(attemptQuestions.position);
	for (const row of rows) {
		const key = correctOf.get(row.questionId)!;
		const wanted = row.position < right ? key : [(key[0] + 1) % 4];
		const choices = wanted.map((p) => row.optionOrder.indexOf(p));
		const saved = await saveAnswer(handle.db, { attemptId, userId, position: row.position, choices, seq: 1 });
		expect(saved).toEqual({ ok: true });
	}
}

describe('starting an attempt', () => {
	it('draws the round’s questions with shuffled options and a deadline cut by the round’s close', async () => {
		const closesAt = new Date(Date.now() + 5 * 60_000);
		const { round } = await makeQuizRound(handle.db, { perAttempt: 10, closesAt, timeLimitSeconds: 1200 });
		const userId = await participant();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		if (!started.ok) throw new Error(started.error);
		const [attempt] = await handle.db.select().from(attempts).where(eq(attempts.id, started.attemptId));
		expect(attempt.questionCount).toBe(10);
		expect(attempt.deadline.getTime()).toBe(closesAt.getTime());
		const rows = await handle.db
			.select()
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, attempt.id));
		expect(new Set(rows.map((r) => r.questionId)).size).toBe(10);
		for (const row of rows) expect([...row.optionOrder].sort()).toEqual([0, 1, 2, 3]);
	});

	it('resumes the attempt in progress instead of starting a second one (refresh, second tab)', async () => {
		const { round } = await makeQuizRound(handle.db);
		const userId = await participant();
		const first = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		const again = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		expect(again).toEqual({ ok: true, attemptId: first.ok && first.attemptId, resumed: true });
	});

	it('starts in a round whose close time carries microseconds (set in SQL, e.g. now() + interval)', async () => {
		const { round } = await makeQuizRound(handle.db);
		await handle.db.execute(
			sql`update rounds set closes_at = date_trunc('second', now()) + interval '2 hours 0.123456 seconds' where id = ${round.id}`
		);
		const userId = await participant();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		expect(started).toMatchObject({ ok: true, resumed: false });
	});

	it('makes one attempt when 50 starts of one person arrive at once, and never more than allowed', async () => {
		const { round } = await makeQuizRound(handle.db, { attemptsAllowed: 2 });
		const userId = await participant();
		const burst = await Promise.all(
			Array.from({ length: 50 }, () => startAttempt(handle.db, { roundId: round.id, userId, unitId }))
		);
		const ids = new Set(burst.map((r) => (r.ok ? r.attemptId : r.error)));
		expect(ids.size).toBe(1);
		const first = [...ids][0] as number;
		await finishAttempt(handle.db, { attemptId: first, userId, endedBy: 'submitted' });
		const second = await Promise.all(
			Array.from({ length: 50 }, () => startAttempt(handle.db, { roundId: round.id, userId, unitId }))
		);
		expect(new Set(second.map((r) => (r.ok ? r.attemptId : r.error))).size).toBe(1);
		const secondId = second.find((r) => r.ok)!;
		await finishAttempt(handle.db, {
			attemptId: secondId.ok ? secondId.attemptId : 0,
			userId,
			endedBy: 'submitted'
		});
		expect(await startAttempt(handle.db, { roundId: round.id, userId, unitId })).toEqual({
			ok: false,
			error: 'no_attempts_left'
		});
		const made = await handle.db
			.select()
			.from(attempts)
			.where(and(eq(attempts.roundId, round.id), eq(attempts.userId, userId)));
		expect(made).toHaveLength(2);
	});

	it('refuses a round that is not open, and a person outside the eligible units', async () => {
		const future = await makeQuizRound(handle.db, {
			opensAt: new Date(Date.now() + 3_600_000),
			closesAt: new Date(Date.now() + 7_200_000)
		});
		const userId = await participant();
		expect(await startAttempt(handle.db, { roundId: future.round.id, userId, unitId })).toEqual({
			ok: false,
			error: 'not_open'
		});
		const other = await makeUnit(handle.db, 'QZ-OTHER');
		const restricted = await makeQuizRound(handle.db, { eligibleUnitId: other.id });
		expect(await startAttempt(handle.db, { roundId: restricted.round.id, userId, unitId })).toEqual({
			ok: false,
			error: 'not_eligible'
		});
	});
});

describe('saving answers', () => {
	it('keeps one answer per question; a stale save cannot overwrite a newer one', async () => {
		const { round } = await makeQuizRound(handle.db);
		const userId = await participant();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		const attemptId = started.ok ? started.attemptId : 0;
		expect(await saveAnswer(handle.db, { attemptId, userId, position: 0, choices: [2], seq: 5 })).toEqual({
			ok: true
		});
		expect(await saveAnswer(handle.db, { attemptId, userId, position: 0, choices: [1], seq: 4 })).toEqual({
			ok: false,
			error: 'stale'
		});
		const view = await attemptView(handle.db, attemptId, userId);
		expect(view?.questions[0].chosen).toEqual([2]);
		expect(await saveAnswer(handle.db, { attemptId, userId, position: 0, choices: [], seq: 6 })).toEqual({
			ok: true
		});
		expect((await attemptView(handle.db, attemptId, userId))?.questions[0].chosen).toEqual([]);
	});

	it("refuses someone else's attempt, a choice that does not exist, and a save after deadline + grace", async () => {
		const { round } = await makeQuizRound(handle.db, { timeLimitSeconds: 60, graceSeconds: 30 });
		const userId = await participant();
		const start = new Date();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId, now: start });
		const attemptId = started.ok ? started.attemptId : 0;
		const intruder = await participant();
		expect(
			await saveAnswer(handle.db, { attemptId, userId: intruder, position: 0, choices: [0], seq: 1 })
		).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(await saveAnswer(handle.db, { attemptId, userId, position: 0, choices: [4], seq: 1 })).toEqual({
			ok: false,
			error: 'invalid'
		});
		const withinGrace = new Date(start.getTime() + 85_000);
		expect(
			await saveAnswer(handle.db, { attemptId, userId, position: 0, choices: [1], seq: 2, now: withinGrace })
		).toEqual({ ok: true });
		const late = new Date(start.getTime() + 91_000);
		expect(
			await saveAnswer(handle.db, { attemptId, userId, position: 1, choices: [1], seq: 3, now: late })
		).toEqual({
			ok: false,
			error: 'too_late'
		});
	});
});

describe('saving answers under the per-person limit', () => {
	it('counts each save with the save itself; over the limit nothing is written and the reply says when to retry', async () => {
		const { round } = await makeQuizRound(handle.db, { timeLimitSeconds: 60, graceSeconds: 30 });
		const userId = await participant();
		const start = new Date();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId, now: start });
		const attemptId = started.ok ? started.attemptId : 0;
		const limit = { limiter: new SharedRateLimiter(`save-spec-${userId}`, 3, 60_000), key: String(userId) };
		const save = (position: number, choice: number, seq: number, now?: Date) =>
			saveAnswer(handle.db, { attemptId, userId, position, choices: [choice], seq, now }, limit);
		expect(await save(0, 2, 5)).toEqual({ ok: true });
		expect(await save(0, 1, 4)).toEqual({ ok: false, error: 'stale' }); // counted, and still never overwrites
		expect(
			await saveAnswer(
				handle.db,
				{ attemptId, userId: await participant(), position: 0, choices: [0], seq: 9 },
				limit
			)
		).toEqual({ ok: false, error: 'not_found' });
		const over = await save(0, 3, 6);
		expect(over).toMatchObject({ ok: false, error: 'rate_limited' });
		if (!over.ok && over.error === 'rate_limited') expect(over.retryAfter).toBeGreaterThanOrEqual(59);
		expect((await attemptView(handle.db, attemptId, userId))?.questions[0].chosen).toEqual([2]);
		// the deadline still holds under a limit with room
		const roomy = {
			limiter: new SharedRateLimiter(`save-spec-late-${userId}`, 10, 60_000),
			key: String(userId)
		};
		const late = new Date(start.getTime() + 91_000);
		expect(
			await saveAnswer(handle.db, { attemptId, userId, position: 1, choices: [1], seq: 7, now: late }, roomy)
		).toEqual({ ok: false, error: 'too_late' });
	});

	it('counts in this process when the limits are kept in memory (RATE_LIMIT_STORE=memory)', async () => {
		const { round } = await makeQuizRound(handle.db);
		const userId = await participant();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		const attemptId = started.ok ? started.attemptId : 0;
		const limit = { limiter: new SharedRateLimiter('save-mem', 1, 60_000, 'memory'), key: String(userId) };
		const save = (seq: number) =>
			saveAnswer(handle.db, { attemptId, userId, position: 0, choices: [seq % 4], seq }, limit);
		expect(await save(1)).toEqual({ ok: true });
		expect(await save(2)).toMatchObject({ ok: false, error: 'rate_limited' });
		expect((await attemptView(handle.db, attemptId, userId))?.questions[0].chosen).toEqual([1]);
	});
});

describe('finishing and grading', () => {
	it('grades single and multi-answer questions on the server, exactly once', async () => {
		const { round, correctOf } = await makeQuizRound(handle.db, { perAttempt: 10 });
		const userId = await participant();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		const attemptId = started.ok ? started.attemptId : 0;
		await answer(attemptId, userId, correctOf, 7);
		const results = await Promise.all(
			Array.from({ length: 5 }, () => finishAttempt(handle.db, { attemptId, userId, endedBy: 'submitted' }))
		);
		for (const r of results) expect(r.ok && r.attempt.correctCount).toBe(7);
		const counted = await myResult(handle.db, round.id, userId);
		expect(counted?.correctCount).toBe(7);
		expect(await saveAnswer(handle.db, { attemptId, userId, position: 9, choices: [0], seq: 9 })).toEqual({
			ok: false,
			error: 'finished'
		});
	});

	it('finishes an abandoned attempt from its saved answers, with the deadline as its finish time', async () => {
		const { round, correctOf } = await makeQuizRound(handle.db, { timeLimitSeconds: 60, graceSeconds: 10 });
		const userId = await participant();
		const start = new Date(Date.now() - 120_000);
		const started = await startAttempt(handle.db, {
			roundId: round.id,
			userId,
			unitId,
			now: new Date(Date.now())
		});
		const attemptId = started.ok ? started.attemptId : 0;
		await answer(attemptId, userId, correctOf, 4);
		await handle.db
			.update(attempts)
			.set({ startedAt: start, deadline: new Date(start.getTime() + 60_000) })
			.where(eq(attempts.id, attemptId));
		expect(await finishAbandonedAttempts(handle.db, new Date(), { roundId: round.id })).toBe(1);
		const [attempt] = await handle.db.select().from(attempts).where(eq(attempts.id, attemptId));
		expect(attempt).toMatchObject({
			status: 'finished',
			endedBy: 'abandoned',
			correctCount: 4,
			durationMs: 60_000
		});
		expect(attempt.finishedAt?.getTime()).toBe(start.getTime() + 60_000);
	});

	it('counts the best attempt: most correct, then the earliest', async () => {
		const { round, correctOf } = await makeQuizRound(handle.db, { perAttempt: 10, attemptsAllowed: 3 });
		const userId = await participant();
		const scores = [6, 8, 8];
		const ids: number[] = [];
		for (const right of scores) {
			const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
			const attemptId = started.ok ? started.attemptId : 0;
			await answer(attemptId, userId, correctOf, right);
			await finishAttempt(handle.db, { attemptId, userId, endedBy: 'submitted' });
			ids.push(attemptId);
		}
		const counted = await myResult(handle.db, round.id, userId);
		expect(counted).toMatchObject({ attemptId: ids[1], correctCount: 8, entries: 3 });
	});

	it('never counts a practice round', async () => {
		const { round, correctOf } = await makeQuizRound(handle.db, { practice: true, attemptsAllowed: null });
		const userId = await participant();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		const attemptId = started.ok ? started.attemptId : 0;
		await answer(attemptId, userId, correctOf, 10);
		const finished = await finishAttempt(handle.db, { attemptId, userId, endedBy: 'submitted' });
		expect(finished.ok && finished.attempt.correctCount).toBe(10);
		expect(await handle.db.$count(roundResults, eq(roundResults.roundId, round.id))).toBe(0);
	});
});

describe('the prediction and the ranking', () => {
	it('computes the true number at close and ranks by correct, distance, time, submission', async () => {
		const opensAt = new Date(Date.now() - 3_600_000);
		const closesAt = new Date(Date.now() + 3_600_000);
		const { round, correctOf } = await makeQuizRound(handle.db, {
			perAttempt: 5,
			predictionEnabled: true,
			opensAt,
			closesAt,
			graceSeconds: 0
		});
		// five people: [right answers, prediction, seconds taken]
		const plan: [number, number | null, number][] = [
			[5, 2, 300],
			[5, 9, 100],
			[4, 2, 50],
			[5, 2, 300],
			[3, null, 10]
		];
		const people: number[] = [];
		const startAt = new Date(Date.now() - 1_000_000);
		for (const [right, prediction, seconds] of plan) {
			const userId = await participant();
			people.push(userId);
			const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
			const attemptId = started.ok ? started.attemptId : 0;
			await answer(attemptId, userId, correctOf, right);
			if (prediction !== null) await savePrediction(handle.db, { attemptId, userId, prediction });
			await handle.db.update(attempts).set({ startedAt: startAt }).where(eq(attempts.id, attemptId));
			await finishAttempt(handle.db, {
				attemptId,
				userId,
				endedBy: 'submitted',
				now: new Date(startAt.getTime() + seconds * 1000)
			});
		}
		expect(await publishRound(handle.db, round.id, 'published')).toEqual({ ok: false, error: 'not_closed' });
		const afterClose = new Date(closesAt.getTime() + 1000);
		expect(await finalizeRound(handle.db, round.id, afterClose)).toBe('done');
		expect(await publishRound(handle.db, round.id, 'published', afterClose)).toEqual({ ok: true });

		const { rows } = await leaderboardPage(handle.db, round.id);
		// true number: 3 entries with all 5 right → distances 1, 6, 1, 1, none
		expect(rows.map((r) => [people.indexOf(r.userId), r.rank, r.predictionDistance])).toEqual([
			[0, 1, 1],
			[3, 1, 1],
			[1, 3, 6],
			[2, 4, 1],
			[4, 5, null]
		]);
		const page2 = await leaderboardPage(handle.db, round.id, {
			after: { rank: 1, userId: rows[1].userId },
			limit: 2
		});
		expect(page2.rows.map((r) => r.rank)).toEqual([3, 4]);
		expect(page2.next).toEqual({ rank: 4, userId: rows[3].userId });
	});
});

describe('a save racing the finish', () => {
	it('waits for a finish in progress and is then refused, never changing an answer after grading', async () => {
		const { round } = await makeQuizRound(handle.db, { perAttempt: 5 });
		const userId = await participant();
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		const attemptId = started.ok ? started.attemptId : 0;
		let save: ReturnType<typeof saveAnswer> | undefined;
		// the finish has claimed the attempt and is grading when the save arrives (on PostgreSQL, another connection)
		await handle.db.transaction(async (tx) => {
			await tx
				.update(attempts)
				.set({
					status: 'finished',
					finishedAt: new Date(),
					correctCount: 0,
					durationMs: 0,
					endedBy: 'submitted'
				})
				.where(eq(attempts.id, attemptId));
			save = saveAnswer(handle.db, { attemptId, userId, position: 0, choices: [1], seq: 1 });
			await new Promise((resolve) => setTimeout(resolve, 300));
		});
		expect(await save).toEqual({ ok: false, error: 'finished' });
		const [row] = await handle.db
			.select()
			.from(attemptQuestions)
			.where(and(eq(attemptQuestions.attemptId, attemptId), eq(attemptQuestions.position, 0)));
		expect(row.selected).toBeNull();
	});
});
