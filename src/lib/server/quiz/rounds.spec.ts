import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { questions, rounds } from '../db/schema';
import { createTestDb } from '../testing/db';
import { at, contestFixtures, NOW } from './contest-fixtures';
import { getContest, setPublished } from './contests';
import { checkRoundInput } from './round-input';
import { nextRoundName, roundDefaults } from './round-defaults';
import { getRoundForOrganizer, listRounds } from './round-views';
import { createRound, deleteRound, moveRound, setResultsState, updateRound } from './rounds';
import { listTopicChoices } from './supply';
import { toVietnamLocal } from './time';

let handle: DbHandle;
let db: Db;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

const { makeTopic, addQuestions, makeContest, weekly, makeRound, insertAttempt } = contestFixtures(() => db);

describe('round settings', () => {
	it('numbers rounds in order and keeps their topics', async () => {
		const a = await makeTopic(30);
		const b = await makeTopic(30);
		const contest = await makeContest();
		const first = await makeRound(contest.id, weekly(a.id));
		const second = await makeRound(
			contest.id,
			weekly(a.id, {
				name: 'Tuần 2',
				opensAt: at('2026-11-30T10:00'),
				closesAt: at('2026-12-07T09:00'),
				topics: [
					{ topicId: a.id, questionCount: 12 },
					{ topicId: b.id, questionCount: 8 }
				]
			})
		);
		expect([first.position, second.position]).toEqual([1, 2]);
		const view = await getRoundForOrganizer(db, second.id, NOW);
		expect(view?.state).toBe('upcoming');
		expect(view?.topics.map((t) => [t.topicId, t.questionCount, t.available])).toEqual([
			[a.id, 12, 30],
			[b.id, 8, 30]
		]);
		const listed = await listRounds(db, contest.id, NOW);
		expect(listed.map((r) => [r.name, r.questionCount, r.topicCount, r.attemptCount])).toEqual([
			['Tuần 1', 5, 1, 0],
			['Tuần 2', 20, 2, 0]
		]);
	});

	it('numbers rounds created at the same moment without a collision', async () => {
		const topic = await makeTopic(5);
		const contest = await makeContest();
		const results = await Promise.all(
			Array.from({ length: 8 }, (_, i) =>
				createRound(db, contest.id, weekly(topic.id, { name: `R${i}` }), NOW)
			)
		);
		expect(results.every((r) => r.ok)).toBe(true);
		expect((await listRounds(db, contest.id, NOW)).map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('refuses a window that closes before it opens, or that has already closed', async () => {
		const topic = await makeTopic(5);
		const contest = await makeContest();
		const same = weekly(topic.id, { closesAt: at('2026-11-23T10:00') });
		expect(await createRound(db, contest.id, same, NOW)).toEqual({ ok: false, error: 'invalid_window' });
		const past = weekly(topic.id, { opensAt: at('2026-11-01T10:00'), closesAt: at('2026-11-21T12:00') });
		expect(await createRound(db, contest.id, past, NOW)).toEqual({ ok: false, error: 'closes_in_past' });
	});

	it('holds the time limit between 30 seconds and 4 hours, and the grace to 10 minutes', () => {
		const base = weekly(1);
		expect(checkRoundInput({ ...base, timeLimitSeconds: 29 })).toBe('invalid_time_limit');
		expect(checkRoundInput({ ...base, timeLimitSeconds: 30 })).toBeNull();
		expect(checkRoundInput({ ...base, timeLimitSeconds: 14_400 })).toBeNull();
		expect(checkRoundInput({ ...base, timeLimitSeconds: 14_401 })).toBe('invalid_time_limit');
		expect(checkRoundInput({ ...base, timeLimitSeconds: 90.5 })).toBe('invalid_time_limit');
		expect(checkRoundInput({ ...base, graceSeconds: 601 })).toBe('invalid_grace');
		expect(checkRoundInput({ ...base, graceSeconds: 0 })).toBeNull();
	});

	it('asks ranked rounds for 1 to 100 attempts; practice may be unlimited but never predicts', () => {
		const base = weekly(1);
		expect(checkRoundInput({ ...base, attemptsAllowed: null })).toBe('invalid_attempts');
		expect(checkRoundInput({ ...base, attemptsAllowed: 0 })).toBe('invalid_attempts');
		expect(checkRoundInput({ ...base, attemptsAllowed: 101 })).toBe('invalid_attempts');
		expect(checkRoundInput({ ...base, attemptsAllowed: 100 })).toBeNull();
		const practice = { ...base, practice: true, predictionEnabled: false, attemptsAllowed: null };
		expect(checkRoundInput(practice)).toBeNull();
		expect(checkRoundInput({ ...practice, predictionEnabled: true })).toBe('prediction_in_practice');
	});

	it('draws 1 to 100 questions per topic and at most 100 in all, each topic once', () => {
		const base = weekly(1);
		expect(checkRoundInput({ ...base, topics: [] })).toBe('no_topics');
		expect(checkRoundInput({ ...base, topics: [{ topicId: 1, questionCount: 0 }] })).toBe(
			'invalid_topic_count'
		);
		expect(checkRoundInput({ ...base, topics: [{ topicId: 1, questionCount: 101 }] })).toBe(
			'invalid_topic_count'
		);
		const twice = [
			{ topicId: 1, questionCount: 5 },
			{ topicId: 1, questionCount: 5 }
		];
		expect(checkRoundInput({ ...base, topics: twice })).toBe('duplicate_topic');
		const tooMany = [
			{ topicId: 1, questionCount: 60 },
			{ topicId: 2, questionCount: 41 }
		];
		expect(checkRoundInput({ ...base, topics: tooMany })).toBe('too_many_questions');
		expect(checkRoundInput({ ...base, topics: [{ topicId: 1, questionCount: 100 }] })).toBeNull();
	});

	it('refuses a topic that does not exist', async () => {
		const contest = await makeContest();
		expect(await createRound(db, contest.id, weekly(999_999), NOW)).toEqual({
			ok: false,
			error: 'topic_not_found'
		});
		expect(await createRound(db, 999_999, weekly(1), NOW)).toEqual({ ok: false, error: 'contest_not_found' });
	});

	it('closes the gaps when a round is deleted, and moves rounds up and down', async () => {
		const topic = await makeTopic(5);
		const contest = await makeContest();
		const ids = [];
		for (const name of ['A', 'B', 'C', 'D'])
			ids.push((await makeRound(contest.id, weekly(topic.id, { name }))).id);
		expect((await deleteRound(db, ids[1])).ok).toBe(true);
		const names = async () => (await listRounds(db, contest.id, NOW)).map((r) => `${r.position}${r.name}`);
		expect(await names()).toEqual(['1A', '2C', '3D']);
		expect((await moveRound(db, ids[3], 'up')).ok).toBe(true);
		expect(await names()).toEqual(['1A', '2D', '3C']);
		expect(await moveRound(db, ids[0], 'up')).toEqual({ ok: false, error: 'at_edge' });
	});

	it('moves and deletes around a round numbered 0 (a practice round placed first)', async () => {
		const topic = await makeTopic(5);
		const contest = await makeContest();
		const [practice] = await db
			.insert(rounds)
			.values({
				contestId: contest.id,
				position: 0,
				name: 'Thi thử',
				practice: true,
				opensAt: at('2026-11-20T10:00'),
				closesAt: at('2026-12-31T10:00'),
				timeLimitSeconds: 600
			})
			.returning();
		const week1 = await makeRound(contest.id, weekly(topic.id, { name: 'Tuần 1' }));
		const week2 = await makeRound(contest.id, weekly(topic.id, { name: 'Tuần 2' }));
		const names = async () => (await listRounds(db, contest.id, NOW)).map((r) => `${r.position}${r.name}`);
		expect(await names()).toEqual(['0Thi thử', '1Tuần 1', '2Tuần 2']);
		expect((await moveRound(db, practice.id, 'down')).ok).toBe(true);
		expect(await names()).toEqual(['0Tuần 1', '1Thi thử', '2Tuần 2']);
		expect((await deleteRound(db, week1.id)).ok).toBe(true);
		expect(await names()).toEqual(['0Thi thử', '1Tuần 2']);
		expect((await deleteRound(db, practice.id)).ok).toBe(true);
		expect((await moveRound(db, week2.id, 'up')).ok).toBe(false);
		expect(await names()).toEqual(['0Tuần 2']);
	});
});

describe('the bank behind a round', () => {
	it('saves an unpublished round short of questions, names the shortage, and refuses to publish it', async () => {
		const topic = await makeTopic(3, 'Tư tưởng Hồ Chí Minh');
		const contest = await makeContest();
		expect(await setPublished(db, contest.id, true, NOW)).toEqual({ ok: false, error: 'no_rounds' });

		const saved = await createRound(db, contest.id, weekly(topic.id, { name: 'Tuần 1' }), NOW);
		expect(saved.ok && saved.value.shortages).toEqual([
			{ topicId: topic.id, topicName: 'Tư tưởng Hồ Chí Minh', needed: 5, available: 3 }
		]);
		const refused = await setPublished(db, contest.id, true, NOW);
		expect(refused).toMatchObject({
			ok: false,
			error: 'short_of_questions',
			shortages: [{ roundName: 'Tuần 1', topicName: 'Tư tưởng Hồ Chí Minh', needed: 5, available: 3 }]
		});
		expect((await getContest(db, contest.id))?.published).toBe(false);

		await addQuestions(topic.id, 2);
		expect((await setPublished(db, contest.id, true, NOW)).ok).toBe(true);
		expect((await getContest(db, contest.id))?.published).toBe(true);
	});

	it('does not count inactive or superseded questions', async () => {
		const topic = await makeTopic(5, 'Đếm câu hỏi');
		const [first, second] = await db.select().from(questions).where(eq(questions.topicId, topic.id)).limit(2);
		await db.update(questions).set({ active: false }).where(eq(questions.id, first.id));
		await db.update(questions).set({ supersededAt: NOW }).where(eq(questions.id, second.id));
		const empty = await makeTopic(0, 'Chủ đề trống');
		const choices = await listTopicChoices(db);
		expect(choices.find((t) => t.id === topic.id)?.drawable).toBe(3);
		expect(choices.find((t) => t.id === empty.id)?.drawable).toBe(0);

		const contest = await makeContest();
		const saved = await createRound(db, contest.id, weekly(topic.id), NOW);
		expect(saved.ok && saved.value.shortages.map((s) => s.available)).toEqual([3]);
	});

	it('once published, refuses a new round that cannot be drawn', async () => {
		const topic = await makeTopic(5);
		const contest = await makeContest();
		await makeRound(contest.id, weekly(topic.id));
		expect((await setPublished(db, contest.id, true, NOW)).ok).toBe(true);
		const short = weekly(topic.id, { topics: [{ topicId: topic.id, questionCount: 6 }] });
		expect(await createRound(db, contest.id, short, NOW)).toMatchObject({
			ok: false,
			error: 'short_of_questions',
			shortages: [{ needed: 6, available: 5 }]
		});
	});

	it('publishes a contest whose only short round has already closed', async () => {
		const topic = await makeTopic(5);
		const contest = await makeContest();
		await makeRound(contest.id, weekly(topic.id));
		await db.delete(questions).where(eq(questions.topicId, topic.id));
		const later = at('2026-12-01T00:00');
		expect((await setPublished(db, contest.id, true, later)).ok).toBe(true);
	});
});

describe('a round that somebody has attempted', () => {
	async function attemptedRound() {
		const a = await makeTopic(10);
		const b = await makeTopic(10);
		const contest = await makeContest();
		const round = await makeRound(contest.id, weekly(a.id));
		await insertAttempt(round.id);
		return { round, a, b, input: weekly(a.id) };
	}

	it('keeps its questions, time limit and attempts', async () => {
		const { round, b, input } = await attemptedRound();
		expect(await updateRound(db, round.id, { ...input, timeLimitSeconds: 600 }, NOW)).toEqual({
			ok: false,
			error: 'has_attempts',
			lockedFields: ['timeLimitSeconds']
		});
		expect(await updateRound(db, round.id, { ...input, attemptsAllowed: 5 }, NOW)).toMatchObject({
			error: 'has_attempts',
			lockedFields: ['attemptsAllowed']
		});
		const moreTopics = [...input.topics, { topicId: b.id, questionCount: 5 }];
		expect(await updateRound(db, round.id, { ...input, topics: moreTopics }, NOW)).toMatchObject({
			error: 'has_attempts',
			lockedFields: ['topics']
		});
		const view = await getRoundForOrganizer(db, round.id, NOW);
		expect([view?.round.timeLimitSeconds, view?.topics.length, view?.attemptCount]).toEqual([1200, 1, 1]);
	});

	it('takes a new name, a new review policy and a later close', async () => {
		const { round, input } = await attemptedRound();
		const later = at('2026-12-01T09:00');
		const result = await updateRound(
			db,
			round.id,
			{ ...input, name: 'Tuần 1 (gia hạn)', reviewPolicy: 'immediate', closesAt: later },
			NOW
		);
		expect(result.ok).toBe(true);
		const [saved] = await db.select().from(rounds).where(eq(rounds.id, round.id));
		expect([saved.name, saved.reviewPolicy, toVietnamLocal(saved.closesAt)]).toEqual([
			'Tuần 1 (gia hạn)',
			'immediate',
			'2026-12-01T09:00'
		]);
	});

	it('refuses an earlier close and deletion', async () => {
		const { round, input } = await attemptedRound();
		const earlier = { ...input, closesAt: at('2026-11-29T09:00') };
		expect(await updateRound(db, round.id, earlier, NOW)).toEqual({
			ok: false,
			error: 'close_moved_earlier'
		});
		expect(await deleteRound(db, round.id)).toEqual({ ok: false, error: 'has_attempts' });
	});

	it('refuses moving the close of a round whose results are published', async () => {
		const { round, input } = await attemptedRound();
		const afterClose = at('2026-11-30T10:00');
		expect((await setResultsState(db, round.id, 'published', afterClose)).ok).toBe(true);
		const extended = { ...input, closesAt: at('2026-12-02T09:00') };
		expect(await updateRound(db, round.id, extended, afterClose)).toEqual({
			ok: false,
			error: 'results_published'
		});
	});
});

describe('results state', () => {
	it('freezes at any time, publishes only after the close and its grace, and never goes back once published', async () => {
		const topic = await makeTopic(5);
		const contest = await makeContest();
		const round = await makeRound(contest.id, weekly(topic.id));
		const during = at('2026-11-25T08:00');
		expect(await setResultsState(db, round.id, 'published', during)).toEqual({
			ok: false,
			error: 'not_closed'
		});

		const frozen = await setResultsState(db, round.id, 'frozen', during);
		expect(frozen.ok && [frozen.value.resultsState, frozen.value.resultsAt]).toEqual(['frozen', during]);
		const again = await setResultsState(db, round.id, 'frozen', at('2026-11-26T08:00'));
		expect(again.ok && again.value.resultsAt).toEqual(during);

		// saves may still arrive during the grace after the close (30 s by default): not final yet
		expect(await setResultsState(db, round.id, 'published', at('2026-11-30T09:00'))).toEqual({
			ok: false,
			error: 'not_closed'
		});
		const closed = at('2026-11-30T09:01');
		const published = await setResultsState(db, round.id, 'published', closed);
		expect(published.ok && [published.value.resultsState, published.value.resultsAt]).toEqual([
			'published',
			closed
		]);
		expect(await setResultsState(db, round.id, 'hidden', closed)).toEqual({
			ok: false,
			error: 'results_published'
		});
		// the database holds it too
		await expect(
			db.update(rounds).set({ resultsState: 'frozen' }).where(eq(rounds.id, round.id))
		).rejects.toThrow();
	});

	it('has no results to show for a practice round', async () => {
		const topic = await makeTopic(5);
		const contest = await makeContest();
		const practice = await makeRound(
			contest.id,
			weekly(topic.id, { practice: true, attemptsAllowed: null, predictionEnabled: false })
		);
		expect(practice.attemptsAllowed).toBeNull();
		expect(await setResultsState(db, practice.id, 'frozen', NOW)).toEqual({ ok: false, error: 'practice' });
		expect(await setResultsState(db, 999_999, 'frozen', NOW)).toEqual({ ok: false, error: 'not_found' });
	});
});

describe('a new round’s form', () => {
	it('starts the first round from the usual rules, on the coming Monday', async () => {
		const contest = await makeContest();
		const defaults = await roundDefaults(db, contest.id, NOW);
		expect(defaults).toMatchObject({
			position: 1,
			practice: false,
			timeLimitSeconds: 1200,
			attemptsAllowed: 3,
			predictionEnabled: true,
			reviewPolicy: 'after_close',
			graceSeconds: 30,
			suggestedName: null
		});
		expect([toVietnamLocal(defaults.opensAt), toVietnamLocal(defaults.closesAt)]).toEqual([
			'2026-11-23T10:00',
			'2026-11-30T09:00'
		]);
	});

	it('follows the previous round: same topics and settings, the next week, the next name', async () => {
		const topic = await makeTopic(40);
		const contest = await makeContest();
		await makeRound(
			contest.id,
			weekly(topic.id, {
				name: 'Tuần 1',
				timeLimitSeconds: 900,
				topics: [{ topicId: topic.id, questionCount: 25 }]
			})
		);
		const defaults = await roundDefaults(db, contest.id, NOW);
		expect(defaults).toMatchObject({
			position: 2,
			suggestedName: 'Tuần 2',
			timeLimitSeconds: 900,
			topics: [{ topicId: topic.id, questionCount: 25 }]
		});
		expect([toVietnamLocal(defaults.opensAt), toVietnamLocal(defaults.closesAt)]).toEqual([
			'2026-11-30T10:00',
			'2026-12-07T09:00'
		]);
	});

	it('continues the organizer’s own numbering', () => {
		expect(nextRoundName('Tuần 3')).toBe('Tuần 4');
		expect(nextRoundName('Vòng 9 (chung kết)')).toBe('Vòng 10 (chung kết)');
		expect(nextRoundName('Thi thử')).toBeNull();
	});
});
