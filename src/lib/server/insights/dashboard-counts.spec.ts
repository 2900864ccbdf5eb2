import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { rowsOf } from '../db/client';
import { roundTopics } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { finishAbandonedAttempts, finishAttempt, startAttempt } from '../quiz/attempts';
import { finalizeRound } from '../quiz/round-close';
import { fromVietnamLocal } from '../quiz/time';
import { scoreHistogram } from './histogram';
import { participationByUnit } from './participation';
import { extraRound, finishedAttempt } from './spec-helpers';
import { type BucketUnit, bucketStart, participationTimeline, type Timeline } from './timeline';

// The dashboard reads counts kept as attempts finish (migration 0020_dashboard_counts). These tests finish attempts
// the ways the app does (a submit, the deadline sweep, the round closing), several at once, and compare the page's
// timeline, participation by unit and score histogram with counting the attempts and results themselves.

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

const vn = (local: string) => fromVietnamLocal(local)!;
const MINUTE = 60_000;

/** The timeline as counting finished attempts directly gives it: [bucket start, attempts, newcomers] per bucket. */
async function countedDirectly(db: Db, roundIds: number[], unit: BucketUnit, firstOfContest: boolean) {
	const finished = rowsOf<{ user_id: number; attempt_no: number; finished_at: string | Date }>(
		await db.execute(sql`
			select user_id, attempt_no, finished_at from attempts
			where round_id in (${sql.join(
				roundIds.map((id) => sql`${id}`),
				sql`, `
			)}) and finished_at is not null`)
	);
	const buckets = new Map<number, [number, number]>();
	const bump = (at: Date, index: 0 | 1) => {
		const key = bucketStart(at, unit).getTime();
		const counts = buckets.get(key) ?? [0, 0];
		counts[index] += 1;
		buckets.set(key, counts);
	};
	const firsts = new Map<number, Date>();
	for (const a of finished) {
		const at = new Date(a.finished_at);
		bump(at, 0);
		if (a.attempt_no !== 1) continue;
		if (!firstOfContest) bump(at, 1);
		else if (!firsts.has(a.user_id) || at < firsts.get(a.user_id)!) firsts.set(a.user_id, at);
	}
	for (const at of firsts.values()) bump(at, 1);
	return [...buckets].sort(([a], [b]) => a - b).map(([key, [attempts, firsts]]) => [key, attempts, firsts]);
}

const nonEmpty = (timeline: Timeline) =>
	timeline.buckets
		.filter((b) => b.attempts > 0 || b.newParticipants > 0)
		.map((b) => [b.start.getTime(), b.attempts, b.newParticipants]);

describe('the dashboard counts kept as attempts finish', () => {
	it('equals counting the attempts after concurrent submits, deadline sweeps and the round closing', async () => {
		const db = handle.db;
		const unit = await makeUnit(db, 'TC', null, 100);
		const opens = vn('2026-11-23T08:00');
		const { contest, round } = await makeQuizRound(db, {
			opensAt: opens,
			closesAt: vn('2026-11-23T12:00'),
			timeLimitSeconds: 600,
			perAttempt: 5,
			graceSeconds: 30
		});
		const people: number[] = [];
		for (let i = 0; i < 24; i++) people.push((await makeUser(db, unit.id)).id);
		const start = async (userId: number, at: Date) => {
			const started = await startAttempt(db, { roundId: round.id, userId, unitId: unit.id, now: at });
			if (!started.ok) throw new Error(started.error);
			return started.attemptId;
		};
		// 8 people start at 08:05 and submit together at 08:10; 8 start at 08:20 and leave (the sweep at 09:30
		// finishes them at their deadline, 08:30); 8 start at 11:55 and are still in the round when it closes
		const at = (minutes: number) => new Date(opens.getTime() + minutes * MINUTE);
		const submitters = await Promise.all(people.slice(0, 8).map((u) => start(u, at(5))));
		const leavers = await Promise.all(people.slice(8, 16).map((u) => start(u, at(20))));
		const late = await Promise.all(people.slice(16).map((u) => start(u, at(235))));
		expect(leavers.length + late.length).toBe(16);
		await Promise.all([
			...submitters.map((attemptId, i) =>
				finishAttempt(db, { attemptId, userId: people[i], endedBy: 'submitted', now: at(10) })
			),
			// two sweeps at once, as two app processes run them
			finishAbandonedAttempts(db, at(90), { roundId: round.id }),
			finishAbandonedAttempts(db, at(90), { roundId: round.id })
		]);
		// the submitters take a second attempt at 09:40 (not a newcomer again) and submit it twice at once
		const seconds = await Promise.all(people.slice(0, 8).map((u) => start(u, at(100))));
		await Promise.all(
			seconds.flatMap((attemptId, i) => [
				finishAttempt(db, { attemptId, userId: people[i], endedBy: 'submitted', now: at(105) }),
				finishAttempt(db, { attemptId, userId: people[i], endedBy: 'submitted', now: at(105) })
			])
		);
		await Promise.all([finalizeRound(db, round.id, at(300)), finalizeRound(db, round.id, at(300))]);

		const timeline = await participationTimeline(db, { contestId: contest.id, roundId: round.id }, at(300));
		const expected = await countedDirectly(db, [round.id], 'hour', false);
		// 08:00 holds 8 submits + 8 swept, 09:00 the 8 second attempts, 11:00 the 8 finished by the close
		expect(expected.map(([, attempts, firsts]) => [attempts, firsts])).toEqual([
			[16, 16],
			[8, 0],
			[8, 8]
		]);
		expect(nonEmpty(timeline)).toEqual(expected);
		expect(timeline.totals).toEqual({ attempts: 32, participants: 24 });

		// the second attempts changed some people's counted result: by unit and by score as round_results say
		const direct = rowsOf<{ unit_id: number; people: number; entries: number; correct: number }>(
			await db.execute(sql`select unit_id, count(*)::int as people, sum(entries)::int as entries,
				sum(correct_count)::int as correct from round_results where round_id = ${round.id} group by unit_id`)
		);
		const scope = { contestId: contest.id, roundId: round.id };
		const { rows } = await participationByUnit(db, scope, null);
		const mine = rows.find((r) => r.unitId === unit.id)!;
		expect([mine.participants, mine.attempts]).toEqual([24, 32]);
		expect(direct).toEqual([{ unit_id: unit.id, people: 24, entries: 32, correct: direct[0].correct }]);
		expect(mine.meanScore).toBeCloseTo(direct[0].correct / 24);
		const scores = rowsOf<{ score: number; people: number }>(
			await db.execute(sql`select correct_count as score, count(*)::int as people from round_results
				where round_id = ${round.id} group by 1 order by 1`)
		);
		const histogram = await scoreHistogram(db, round.id);
		expect(histogram.bins.filter((b) => b.people > 0)).toEqual(scores);
		expect(histogram.people).toBe(24);
	});

	it('equals counting the attempts over the whole contest, by day, after a deletion', async () => {
		const db = handle.db;
		const unit = await makeUnit(db, 'TC2', null, 100);
		const { contest, round, topic } = await makeQuizRound(db, {
			opensAt: vn('2026-11-20T08:00'),
			closesAt: vn('2026-11-27T08:00'),
			timeLimitSeconds: 600,
			perAttempt: 5
		});
		const second = await extraRound(db, contest.id, 2, {
			opensAt: vn('2026-11-20T08:00'),
			closesAt: vn('2026-11-27T08:00')
		});
		await db.insert(roundTopics).values({ roundId: second.id, topicId: topic.id, questionCount: 5 });
		const people: number[] = [];
		for (let i = 0; i < 12; i++) people.push((await makeUser(db, unit.id)).id);
		const finish = async (roundId: number, userId: number, local: string) => {
			const started = await startAttempt(db, { roundId, userId, unitId: unit.id, now: vn(local) });
			if (!started.ok) throw new Error(started.error);
			await finishAttempt(db, {
				attemptId: started.attemptId,
				userId,
				endedBy: 'submitted',
				now: new Date(vn(local).getTime() + 5 * MINUTE)
			});
			return started.attemptId;
		};
		// 23:58 + 5 minutes is the next Vietnamese day; a person's first finish in the contest may be in either round
		await Promise.all(
			people.map((u, i) => finish(round.id, u, i % 2 ? '2026-11-21T23:58' : '2026-11-22T10:00'))
		);
		await Promise.all(people.slice(0, 6).map((u) => finish(second.id, u, '2026-11-21T09:00')));
		const gone = await finish(second.id, people[6], '2026-11-20T09:00');
		await db.execute(sql`delete from attempts where id = ${gone}`);

		const now = vn('2026-12-01T00:00');
		const whole = await participationTimeline(db, { contestId: contest.id, roundId: null }, now);
		expect(whole.unit).toBe('day');
		const expected = await countedDirectly(db, [round.id, second.id], 'day', true);
		expect(nonEmpty(whole)).toEqual(expected);
		expect(whole.totals).toEqual({ attempts: 18, participants: 12 });
	});

	it('keeps participation by unit and the score histogram equal to the results as they move', async () => {
		const db = handle.db;
		const parent = await makeUnit(db, 'TC3', null, 0);
		const a = await makeUnit(db, 'TC3A', parent.id, 40);
		const b = await makeUnit(db, 'TC3B', parent.id, 40);
		const { contest, round } = await makeQuizRound(db);
		const people: { id: number; unitId: number }[] = [];
		for (let i = 0; i < 16; i++) {
			const unitId = i % 2 ? a.id : b.id;
			people.push({ id: (await makeUser(db, unitId)).id, unitId });
		}
		const finish = (p: { id: number; unitId: number }, correct: number, unitId = p.unitId) =>
			finishedAttempt(db, { roundId: round.id, userId: p.id, unitId, correct, finishedAt: new Date() });
		await Promise.all(people.map((p, i) => finish(p, i % 5)));
		// at once: better second attempts (their score moves up), worse ones (only the attempts count moves), and
		// people who moved to the other unit meanwhile (their counted result moves with a better attempt)
		const second = await Promise.all(
			people.map((p, i) =>
				i < 6 ? finish(p, 9 - (i % 3)) : i < 10 ? finish(p, 0) : finish(p, 8, i % 2 ? b.id : a.id)
			)
		);
		// one person's better attempt is deleted: their result goes back (or away) as round_results says
		await db.execute(sql`delete from attempts where id = ${second[0].id}`);

		const byUnit = rowsOf<{ unit_id: number; people: number; entries: number; correct: number }>(
			await db.execute(sql`select unit_id, count(*)::int as people, sum(entries)::int as entries,
				sum(correct_count)::int as correct from round_results where round_id = ${round.id} group by unit_id`)
		);
		const { rows } = await participationByUnit(db, { contestId: contest.id, roundId: round.id }, parent.id);
		for (const unit of [a, b]) {
			const want = byUnit.find((r) => r.unit_id === unit.id) ?? { people: 0, entries: 0, correct: 0 };
			const row = rows.find((r) => r.unitId === unit.id)!;
			expect([row.participants, row.attempts]).toEqual([want.people, want.entries]);
			expect(row.meanScore).toBeCloseTo(want.correct / want.people);
		}
		const scores = rowsOf<{ score: number; people: number }>(
			await db.execute(sql`select correct_count as score, count(*)::int as people from round_results
				where round_id = ${round.id} group by 1 order by 1`)
		);
		const histogram = await scoreHistogram(db, round.id);
		expect(histogram.bins.filter((bin) => bin.people > 0)).toEqual(scores);
		expect(scores.some((s) => s.score >= 7)).toBe(true);
	});
});
