import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { fromVietnamLocal, toVietnamLocal } from '../quiz/time';
import { extraRound, finishedAttempt } from './spec-helpers';
import { bucketStart, participationTimeline } from './timeline';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

const vn = (local: string) => fromVietnamLocal(local)!;

describe('participation over time', () => {
	it('buckets by the hour and the day of Vietnam time', () => {
		expect(toVietnamLocal(bucketStart(vn('2026-11-23T10:59'), 'hour'))).toBe('2026-11-23T10:00');
		// 23:30 and 00:30 in Vietnam are the same UTC day (16:30Z, 17:30Z) but two Vietnamese days
		expect(toVietnamLocal(bucketStart(vn('2026-11-23T23:30'), 'day'))).toBe('2026-11-23T00:00');
		expect(toVietnamLocal(bucketStart(vn('2026-11-24T00:30'), 'day'))).toBe('2026-11-24T00:00');
	});

	it('counts finished attempts per hour with cumulative distinct people, empty hours included', async () => {
		const db = handle.db;
		const unit = await makeUnit(db, 'TL', null, 10);
		const { contest, round } = await makeQuizRound(db, {
			opensAt: vn('2026-11-23T10:00'),
			closesAt: vn('2026-11-24T09:00')
		});
		const [p1, p2] = [(await makeUser(db, unit.id)).id, (await makeUser(db, unit.id)).id];
		const finish = (userId: number, local: string) =>
			finishedAttempt(db, { roundId: round.id, userId, unitId: unit.id, correct: 3, finishedAt: vn(local) });
		await finish(p1, '2026-11-23T10:15');
		await finish(p2, '2026-11-23T10:45');
		await finish(p1, '2026-11-23T12:05');
		// a practice round of the same contest never counts
		const practice = await extraRound(db, contest.id, 2, {
			practice: true,
			opensAt: vn('2026-11-23T08:00'),
			closesAt: vn('2026-11-30T08:00')
		});
		await finishedAttempt(db, {
			roundId: practice.id,
			userId: p1,
			unitId: unit.id,
			correct: 1,
			finishedAt: vn('2026-11-23T11:10')
		});

		const timeline = await participationTimeline(
			db,
			{ contestId: contest.id, roundId: round.id },
			vn('2026-11-23T12:30')
		);
		expect(timeline.unit).toBe('hour');
		expect(
			timeline.buckets.map((b) => [toVietnamLocal(b.start), b.attempts, b.newParticipants, b.participants])
		).toEqual([
			['2026-11-23T10:00', 2, 2, 2],
			['2026-11-23T11:00', 0, 0, 2],
			['2026-11-23T12:00', 1, 0, 2]
		]);
		expect(timeline.totals).toEqual({ attempts: 3, participants: 2 });

		const whole = await participationTimeline(
			db,
			{ contestId: contest.id, roundId: null },
			vn('2026-11-23T12:30')
		);
		expect(whole.totals).toEqual({ attempts: 3, participants: 2 });
	});

	it('counts by Vietnamese day when the round spans more than three days', async () => {
		const db = handle.db;
		const unit = await makeUnit(db, 'TL2', null, 10);
		const { contest, round } = await makeQuizRound(db, {
			opensAt: vn('2026-11-23T10:00'),
			closesAt: vn('2026-11-30T09:00')
		});
		const p1 = (await makeUser(db, unit.id)).id;
		const p2 = (await makeUser(db, unit.id)).id;
		const finish = (userId: number, local: string) =>
			finishedAttempt(db, { roundId: round.id, userId, unitId: unit.id, correct: 3, finishedAt: vn(local) });
		await finish(p1, '2026-11-23T23:30');
		await finish(p2, '2026-11-24T00:30');
		await finish(p2, '2026-11-26T08:00');

		// the round closed: every day from the opening to the close, nothing after
		const timeline = await participationTimeline(
			db,
			{ contestId: contest.id, roundId: round.id },
			vn('2026-12-10T00:00')
		);
		expect(timeline.unit).toBe('day');
		expect(
			timeline.buckets.map((b) => [toVietnamLocal(b.start).slice(0, 10), b.attempts, b.participants])
		).toEqual([
			['2026-11-23', 1, 1],
			['2026-11-24', 1, 2],
			['2026-11-25', 0, 2],
			['2026-11-26', 1, 2],
			['2026-11-27', 0, 2],
			['2026-11-28', 0, 2],
			['2026-11-29', 0, 2],
			['2026-11-30', 0, 2]
		]);
	});
});
