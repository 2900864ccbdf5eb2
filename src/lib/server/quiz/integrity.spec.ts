// Issue 11, quiz part: the answer key stays secret while it matters, and a frozen board is consistent.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { attemptQuestions, attempts, auditLog, roundResults, roundTopics, rounds } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { attemptView } from './attempt-view';
import { clearPoolCache, finishAttempt, saveAnswer, startAttempt } from './attempts';
import { contestFixtures, NOW, at } from './contest-fixtures';
import { createRound, updateRound } from './contests';
import { flaggedAttempts, reviewFlaggedAttempt } from './speed-review';
import { changeResultsState, leaderboardPage, myStanding, publishRound, rankRound } from './results';

let handle: DbHandle;
let unitId: number;
const fx = contestFixtures(() => handle.db);

beforeAll(async () => {
	handle = await createTestDb();
	unitId = (await makeUnit(handle.db, 'KEY')).id;
});
afterAll(() => handle.close());
beforeEach(() => clearPoolCache());

const participant = async () => (await makeUser(handle.db, unitId)).id;

/** Starts an attempt at `start`, answers `right` questions right (the rest wrong) and submits at `end`. */
async function attemptWith(
	round: { id: number },
	correctOf: Map<number, number[]>,
	userId: number,
	right: number,
	start: Date,
	end: Date
) {
	const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId, now: start });
	if (!started.ok) throw new Error(started.error);
	const rows = await handle.db
		.select()
		.from(attemptQuestions)
		.where(eq(attemptQuestions.attemptId, started.attemptId))
		.orderBy(attemptQuestions.position);
	for (const row of rows) {
		const key = correctOf.get(row.questionId)!;
		const wanted = row.position < right ? key : [(key[0] + 1) % 4];
		const choices = wanted.map((p) => row.optionOrder.indexOf(p));
		await saveAnswer(handle.db, {
			attemptId: started.attemptId,
			userId,
			position: row.position,
			choices,
			seq: 1,
			now: start
		});
	}
	const finished = await finishAttempt(handle.db, {
		attemptId: started.attemptId,
		userId,
		endedBy: 'submitted',
		now: end
	});
	if (!finished.ok) throw new Error(finished.error);
	return finished.attempt;
}

const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);

describe('practice never draws what a ranked round can still draw', () => {
	it('refuses a practice round on a topic of a ranked round that is still open or to come', async () => {
		const topic = await fx.makeTopic(10);
		const contest = await fx.makeContest();
		await fx.makeRound(contest.id, fx.weekly(topic.id));
		const practice = await createRound(
			handle.db,
			contest.id,
			fx.weekly(topic.id, {
				name: 'Thi thử',
				practice: true,
				attemptsAllowed: null,
				predictionEnabled: false,
				reviewPolicy: 'immediate',
				opensAt: at('2026-11-22T08:00'),
				closesAt: at('2026-12-20T08:00')
			}),
			NOW
		);
		expect(practice).toMatchObject({ ok: false, error: 'practice_overlap' });
	});

	it('refuses a ranked round on a topic a practice round opened before it closes', async () => {
		const topic = await fx.makeTopic(10);
		const contest = await fx.makeContest();
		const practiceInput = fx.weekly(topic.id, {
			name: 'Thi thử',
			practice: true,
			attemptsAllowed: null,
			predictionEnabled: false,
			opensAt: at('2026-11-22T08:00')
		});
		await fx.makeRound(contest.id, practiceInput);
		const ranked = await createRound(handle.db, contest.id, fx.weekly(topic.id, { name: 'Tuần 2' }), NOW);
		expect(ranked).toMatchObject({ ok: false, error: 'practice_overlap' });
	});

	it('accepts practice on a topic whose ranked rounds are all over before practice opens', async () => {
		const topic = await fx.makeTopic(10);
		const contest = await fx.makeContest();
		await fx.makeRound(contest.id, fx.weekly(topic.id));
		const practice = await createRound(
			handle.db,
			contest.id,
			fx.weekly(topic.id, {
				name: 'Ôn tập',
				practice: true,
				attemptsAllowed: null,
				predictionEnabled: false,
				opensAt: at('2026-11-30T09:00'),
				closesAt: at('2026-12-07T09:00')
			}),
			NOW
		);
		expect(practice.ok).toBe(true);
	});

	it('the database refuses the overlap too (a topic added behind the code’s back, or a round turned practice)', async () => {
		const shared = await fx.makeTopic(10);
		const other = await fx.makeTopic(10);
		const contest = await fx.makeContest();
		await fx.makeRound(contest.id, fx.weekly(shared.id));
		const practice = await fx.makeRound(
			contest.id,
			fx.weekly(other.id, {
				name: 'Thi thử',
				practice: true,
				attemptsAllowed: null,
				predictionEnabled: false
			})
		);
		await expect(
			handle.db.insert(roundTopics).values({ roundId: practice.id, topicId: shared.id, questionCount: 1 })
		).rejects.toThrow();
		const ranked2 = await fx.makeRound(contest.id, fx.weekly(shared.id, { name: 'Tuần 2' }));
		await expect(
			handle.db.update(rounds).set({ practice: true, attemptsAllowed: null }).where(eq(rounds.id, ranked2.id))
		).rejects.toThrow();
		// through the code: the same refusal, as a message
		const turned = await updateRound(
			handle.db,
			practice.id,
			{
				...fx.weekly(shared.id, {
					name: 'Thi thử',
					practice: true,
					attemptsAllowed: null,
					predictionEnabled: false
				})
			},
			NOW
		);
		expect(turned).toMatchObject({ ok: false, error: 'practice_overlap' });
	});
});

describe('a review never reveals a question a ranked round can still draw', () => {
	it('holds back week 1’s answers to questions week 2 can draw again', async () => {
		const now = new Date();
		const { round, contest, topic, correctOf } = await makeQuizRound(handle.db, {
			perAttempt: 10,
			closesAt: later(now, 3600),
			reviewPolicy: 'after_close'
		});
		const userId = await participant();
		const attempt = await attemptWith(round, correctOf, userId, 10, now, later(now, 300));
		const [week2] = await handle.db
			.insert(rounds)
			.values({
				contestId: contest.id,
				position: 2,
				name: 'Tuần 2',
				opensAt: later(now, 7200),
				closesAt: later(now, 7 * 86400),
				timeLimitSeconds: 600,
				attemptsAllowed: 3
			})
			.returning();
		await handle.db.insert(roundTopics).values({ roundId: week2.id, topicId: topic.id, questionCount: 10 });

		const afterClose = await attemptView(handle.db, attempt.id, userId, later(now, 3700));
		expect(afterClose?.review).toBe('shown');
		expect(afterClose?.questions.every((q) => q.review === undefined && q.heldBack === true)).toBe(true);

		// once week 2 is over too, the answers are shown
		const afterAll = await attemptView(handle.db, attempt.id, userId, later(now, 8 * 86400));
		expect(afterAll?.questions.every((q) => q.review !== undefined && !q.heldBack)).toBe(true);
	});

	it('an immediate review of an open ranked round holds back what the round itself can draw again', async () => {
		const now = new Date();
		const { round, correctOf } = await makeQuizRound(handle.db, { perAttempt: 5, reviewPolicy: 'immediate' });
		const userId = await participant();
		const attempt = await attemptWith(round, correctOf, userId, 5, now, later(now, 120));
		const view = await attemptView(handle.db, attempt.id, userId, later(now, 130));
		expect(view?.questions.every((q) => q.review === undefined && q.heldBack)).toBe(true);
	});
});

describe('implausibly fast attempts are checked before prizes', () => {
	it('flags a 10/10 in a few seconds, keeps it out of the ranking until an organizer keeps it (audited)', async () => {
		const now = new Date();
		const { round, correctOf, contest } = await makeQuizRound(handle.db, {
			perAttempt: 10,
			closesAt: later(now, 3600),
			minSecondsPerQuestion: 3
		});
		const bot = await participant();
		const human = await participant();
		const fast = await attemptWith(round, correctOf, bot, 10, now, later(now, 1));
		const normal = await attemptWith(round, correctOf, human, 8, now, later(now, 240));
		expect(fast.reviewState).toBe('flagged');
		expect(normal.reviewState).toBeNull();

		await rankRound(handle.db, round.id);
		const board = await leaderboardPage(handle.db, round.id);
		expect(board.rows.map((r) => [r.userId, r.rank])).toEqual([[human, 1]]);
		expect((await flaggedAttempts(handle.db, round.id)).map((f) => f.attemptId)).toEqual([fast.id]);

		// published results wait for the review
		expect(await publishRound(handle.db, round.id, 'published', later(now, 3700))).toMatchObject({
			ok: false,
			error: 'pending_review'
		});

		const organizer = await participant();
		const kept = await reviewFlaggedAttempt(handle.db, {
			attemptId: fast.id,
			decision: 'keep',
			actorId: organizer,
			reason: 'Đã gọi điện xác minh'
		});
		expect(kept.ok).toBe(true);
		const trail = await handle.db.select().from(auditLog).where(eq(auditLog.entityId, fast.id));
		expect(trail).toMatchObject([
			{ action: 'attempt.review_keep', contestId: contest.id, actorId: organizer, entity: 'attempt' }
		]);
		await rankRound(handle.db, round.id);
		const after = await leaderboardPage(handle.db, round.id);
		expect(after.rows.map((r) => [r.userId, r.rank])).toEqual([
			[bot, 1],
			[human, 2]
		]);
		expect(await flaggedAttempts(handle.db, round.id)).toEqual([]);
	});

	it('a disqualified attempt never ranks, and a decision is final', async () => {
		const now = new Date();
		const { round, correctOf } = await makeQuizRound(handle.db, { perAttempt: 10, minSecondsPerQuestion: 3 });
		const bot = await participant();
		const fast = await attemptWith(round, correctOf, bot, 10, now, later(now, 2));
		const organizer = await participant();
		const out = await reviewFlaggedAttempt(handle.db, {
			attemptId: fast.id,
			decision: 'disqualify',
			actorId: organizer,
			reason: 'Kịch bản tự động'
		});
		expect(out.ok).toBe(true);
		await rankRound(handle.db, round.id);
		const [row] = await handle.db
			.select()
			.from(roundResults)
			.where(and(eq(roundResults.roundId, round.id), eq(roundResults.userId, bot)));
		expect(row.rank).toBeNull();
		expect(
			await reviewFlaggedAttempt(handle.db, {
				attemptId: fast.id,
				decision: 'keep',
				actorId: organizer,
				reason: 'x'
			})
		).toMatchObject({ ok: false, error: 'not_flagged' });
		const [stored] = await handle.db.select().from(attempts).where(eq(attempts.id, fast.id));
		expect(stored.reviewState).toBe('disqualified');
	});
});

describe('a frozen leaderboard is consistent', () => {
	it('shows the rank with the attempt it belongs to, and a later better attempt as counting next time', async () => {
		const now = new Date();
		const { round, correctOf } = await makeQuizRound(handle.db, { perAttempt: 10 });
		const me = await participant();
		const other = await participant();
		await attemptWith(round, correctOf, other, 8, now, later(now, 200));
		const six = await attemptWith(round, correctOf, me, 6, now, later(now, 200));
		expect(await changeResultsState(handle.db, round.id, 'frozen', later(now, 300))).toMatchObject({
			ok: true
		});
		const ten = await attemptWith(round, correctOf, me, 10, later(now, 400), later(now, 600));

		const standing = await myStanding(handle.db, round.id, me);
		expect(standing?.ranked).toMatchObject({ rank: 2, correctCount: 6, attemptId: six.id });
		expect(standing?.pending).toMatchObject({ correctCount: 10, attemptId: ten.id });

		await rankRound(handle.db, round.id);
		const reranked = await myStanding(handle.db, round.id, me);
		expect(reranked?.ranked).toMatchObject({ rank: 1, correctCount: 10 });
		expect(reranked?.pending).toBeNull();
	});
});
