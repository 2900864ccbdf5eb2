import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { eq } from 'drizzle-orm';
import { attempts, rounds } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { setUnitActive } from '../units';
import { participationByUnit, sortParticipation } from './participation';
import { extraRound, finishedAttempt } from './spec-helpers';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

const pick = (r: {
	code: string;
	direct: boolean;
	headcount: number;
	participants: number;
	rate: number | null;
	attempts: number;
	meanScore: number | null;
}) => [
	r.direct ? `${r.code} (direct)` : r.code,
	r.headcount,
	r.participants,
	r.rate,
	r.attempts,
	r.meanScore
];

describe('participation by unit', () => {
	it('rolls people up the tree, counts each person once and adds up to the totals', async () => {
		const db = handle.db;
		// R (2 of its own) → A (10) → A1 (5), A2 (0); B (4, nobody in round 1); C (0, nobody); X (7, inactive)
		const r = await makeUnit(db, 'PR', null, 2);
		const a = await makeUnit(db, 'PR-A', r.id, 10);
		const a1 = await makeUnit(db, 'PR-A1', a.id, 5);
		const a2 = await makeUnit(db, 'PR-A2', a.id, 0);
		const b = await makeUnit(db, 'PR-B', r.id, 4);
		const c = await makeUnit(db, 'PR-C', r.id, 0);
		const x = await makeUnit(db, 'PR-X', r.id, 7);
		const { contest, round: r1 } = await makeQuizRound(db, { eligibleUnitId: r.id, bankSize: 5 });
		const r2 = await extraRound(db, contest.id, 2);
		const practice = await extraRound(db, contest.id, 3, { practice: true });

		const person = async (unitId: number) => (await makeUser(db, unitId)).id;
		const [u1, u2, u3, u4, u5, u6, u7, u8] = [
			await person(a1.id),
			await person(a2.id),
			await person(r.id),
			await person(x.id),
			await person(a.id),
			await person(b.id),
			await person(c.id),
			await person(a1.id)
		];
		const at = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 3, minutes));
		const finish = (roundId: number, userId: number, unitId: number, correct: number, minutes: number) =>
			finishedAttempt(db, { roundId, userId, unitId, correct, finishedAt: at(minutes) });
		// round 1: u1 twice (3 then 5: counted once, best 5), u2, u3 directly in R, u4 in X, u8 in A1
		await finish(r1.id, u1, a1.id, 3, 1);
		await finish(r1.id, u1, a1.id, 5, 2);
		await finish(r1.id, u2, a2.id, 2, 3);
		await finish(r1.id, u3, r.id, 4, 4);
		await finish(r1.id, u4, x.id, 1, 5);
		await finish(r1.id, u8, a1.id, 0, 6);
		// u5 only started: an attempt in progress is not taking part
		await db.insert(attempts).values({
			roundId: r1.id,
			userId: u5,
			unitId: a.id,
			attemptNo: 1,
			deadline: at(30),
			questionCount: 5
		});
		// round 2: u1 again, u6 in B, u8 moved to B
		await finish(r2.id, u1, a1.id, 1, 10);
		await finish(r2.id, u6, b.id, 3, 11);
		await finish(r2.id, u8, b.id, 2, 12);
		// practice never counts
		await finish(practice.id, u7, c.id, 5, 20);
		await setUnitActive(db, x.id, false);

		const round1 = await participationByUnit(db, { contestId: contest.id, roundId: r1.id }, r.id);
		expect(sortParticipation(round1.rows, 'name').map(pick)).toEqual([
			['PR-A', 15, 3, 0.2, 4, 7 / 3],
			['PR-B', 4, 0, 0, 0, null],
			['PR-C', 0, 0, null, 0, null],
			['PR (direct)', 2, 1, 0.5, 1, 4]
		]);
		expect(round1.rows.find((row) => row.code === 'PR-A')?.childCount).toBe(2);
		expect(round1.totals).toEqual({
			headcount: 21,
			participants: 4,
			rate: 4 / 21,
			attempts: 5,
			meanScore: 11 / 4
		});

		const drill = await participationByUnit(db, { contestId: contest.id, roundId: r1.id }, a.id);
		expect(sortParticipation(drill.rows, 'name').map(pick)).toEqual([
			['PR-A1', 5, 2, 0.4, 3, 2.5],
			['PR-A2', 0, 1, null, 1, 2],
			['PR-A (direct)', 10, 0, 0, 0, null]
		]);
		expect(drill.totals.participants).toBe(3);

		// the whole contest: distinct people over rounds 1 and 2, each under the unit of their latest result
		const whole = await participationByUnit(db, { contestId: contest.id, roundId: null }, r.id);
		expect(sortParticipation(whole.rows, 'name').map(pick)).toEqual([
			['PR-A', 15, 2, 2 / 15, 4, 8 / 3],
			['PR-B', 4, 2, 0.5, 3, 5 / 3],
			['PR-C', 0, 0, null, 0, null],
			['PR (direct)', 2, 1, 0.5, 1, 4]
		]);
		expect(whole.totals.participants).toBe(5);
		expect(whole.totals.attempts).toBe(8);

		// the top of the tree: R rolled up, its inactive child X left out
		const top = await participationByUnit(db, { contestId: contest.id, roundId: r1.id }, null);
		expect(top.rows.filter((row) => row.code === 'PR').map(pick)).toEqual([['PR', 21, 4, 4 / 21, 5, 11 / 4]]);
		expect(top.rows.find((row) => row.code === 'PR')?.childCount).toBe(3);

		// a unit with no children has only its direct row; an unknown unit has nothing
		const leaf = await participationByUnit(db, { contestId: contest.id, roundId: r1.id }, a1.id);
		expect(leaf.rows.map(pick)).toEqual([['PR-A1 (direct)', 5, 2, 0.4, 3, 2.5]]);
		expect((await participationByUnit(db, { contestId: contest.id, roundId: r1.id }, 999_999)).rows).toEqual(
			[]
		);

		// deleting round 2 takes its results out of the whole contest: u8 is back under A1, B has nobody
		await db.delete(rounds).where(eq(rounds.id, r2.id));
		const after = await participationByUnit(db, { contestId: contest.id, roundId: null }, r.id);
		expect(after.totals).toEqual(round1.totals);
		expect(after.rows.find((row) => row.code === 'PR-B')?.participants).toBe(0);
	});

	it('sorts by rate (no headcount last), participants or name, the direct row always last', () => {
		const row = (code: string, participants: number, rate: number | null, direct = false) => ({
			unitId: 0,
			code,
			name: code,
			direct,
			headcount: 0,
			participants,
			rate,
			attempts: 0,
			meanScore: null,
			childCount: 0
		});
		const rows = [row('Bình', 5, 0.5), row('An', 2, null), row('Đông', 9, 0.9, true), row('Chi', 7, 0.25)];
		expect(sortParticipation(rows, 'rate').map((r) => r.code)).toEqual(['Bình', 'Chi', 'An', 'Đông']);
		expect(sortParticipation(rows, 'participants').map((r) => r.code)).toEqual(['Chi', 'Bình', 'An', 'Đông']);
		expect(sortParticipation(rows, 'name').map((r) => r.code)).toEqual(['An', 'Bình', 'Chi', 'Đông']);
	});
});
