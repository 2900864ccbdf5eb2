import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitRankingForm } from '$lib/schemas/unit-ranking';
import type { DbHandle } from '../db/client';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import type { ParticipationRow } from './participation';
import { extraRound, finishedAttempt } from './spec-helpers';
import { rankUnits, setUnitRankingRule, unitRanking, unitRankingRuleOf } from './unit-ranking';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

let id = 0;
function row(
	name: string,
	headcount: number,
	participants: number,
	meanScore: number | null,
	attempts = participants
) {
	id += 1;
	return {
		unitId: id,
		code: name,
		name,
		direct: false,
		headcount,
		participants,
		rate: headcount > 0 ? participants / headcount : null,
		attempts,
		meanScore,
		childCount: 0
	} satisfies ParticipationRow;
}

const view = (list: ReturnType<typeof rankUnits>) =>
	list.map((u) => `${u.rank}${u.tied ? '=' : ''} ${u.name}`);

describe('ranking units by the contest rule', () => {
	it('ranks by rate, then participants, then average score, and flags ties on every criterion', () => {
		const rows = [
			row('Bình', 10, 5, 7), // 50 %, 5 people
			row('An', 4, 2, 9), // 50 %, 2 people
			row('Cường', 20, 10, 6), // 50 %, 10 people
			row('Dũng', 20, 10, 6), // same as Cường on every criterion
			row('Giang', 10, 9, 3), // 90 %
			row('Hà', 0, 3, 8) // no headcount: rate unknown, last
		];
		expect(view(rankUnits(rows, ['rate', 'participants', 'average']))).toEqual([
			'1 Giang',
			'2= Cường',
			'2= Dũng',
			'4 Bình',
			'5 An',
			'6 Hà'
		]);
	});

	it('follows another order of criteria', () => {
		const rows = [row('An', 10, 5, 7), row('Bình', 100, 8, 6), row('Chi', 0, 8, 9)];
		// participants first: Bình and Chi have 8; the average then puts Chi (9) ahead
		expect(view(rankUnits(rows, ['participants', 'average']))).toEqual(['1 Chi', '2 Bình', '3 An']);
		// rate first: An 50 %, Bình 8 %, Chi unknown (no headcount) last whatever its other figures
		expect(view(rankUnits(rows, ['rate', 'participants']))).toEqual(['1 An', '2 Bình', '3 Chi']);
	});

	it('puts units without an average last on that criterion and ranks by attempts when asked', () => {
		const rows = [row('An', 10, 0, null, 0), row('Bình', 10, 0, null, 0), row('Chi', 10, 2, 4, 7)];
		expect(view(rankUnits(rows, ['average']))).toEqual(['1 Chi', '2= An', '2= Bình']);
		expect(view(rankUnits([row('X', 1, 1, 1, 3), row('Y', 1, 1, 1, 5)], ['attempts']))).toEqual([
			'1 Y',
			'2 X'
		]);
	});

	it('treats equal rates reached by different fractions as a tie', () => {
		// 1/3 and 2/6, 10 people each: a tie, not an order decided by floating point
		const rows = [row('An', 30, 10, 5), row('Bình', 30, 10, 5), row('Chi', 6, 2, 5)];
		rows[2].participants = 10;
		rows[2].rate = 2 / 6;
		expect(view(rankUnits(rows, ['rate', 'participants']))).toEqual(['1= An', '1= Bình', '1= Chi']);
	});

	it('leaves out the row of people attached to the parent itself', () => {
		const direct = { ...row('Trực thuộc', 5, 5, 9), direct: true };
		expect(view(rankUnits([row('An', 10, 1, 1), direct], ['rate']))).toEqual(['1 An']);
	});
});

describe('the rule form', () => {
	it('keeps the chosen order, drops blanks and refuses a criterion chosen twice', () => {
		expect(unitRankingForm.parse({ c1: 'participants', c2: '', c3: 'rate', c4: '' })).toEqual([
			'participants',
			'rate'
		]);
		expect(unitRankingForm.safeParse({ c1: 'rate', c2: 'rate', c3: '', c4: '' }).success).toBe(false);
		expect(unitRankingForm.safeParse({ c1: 'speed', c2: '', c3: '', c4: '' }).success).toBe(false);
	});
});

describe('the rule stored per contest', () => {
	it('defaults to rate, participants, average and ranks real units with it', async () => {
		const db = handle.db;
		const root = await makeUnit(db, 'UR', null, 0);
		const a = await makeUnit(db, 'UR-A', root.id, 4);
		const b = await makeUnit(db, 'UR-B', root.id, 10);
		const c = await makeUnit(db, 'UR-C', root.id, 0);
		const { contest, round } = await makeQuizRound(db, { eligibleUnitId: root.id, bankSize: 5 });
		await extraRound(db, contest.id, 2);
		const at = new Date();
		// A: 2 of 4 (50 %), scores 8 and 6; B: 3 of 10 (30 %), scores 10, 10, 10; C: 1, no headcount
		for (const [unitId, correct] of [
			[a.id, 8],
			[a.id, 6],
			[b.id, 10],
			[b.id, 10],
			[b.id, 10],
			[c.id, 10]
		]) {
			const user = await makeUser(db, unitId);
			await finishedAttempt(db, { roundId: round.id, userId: user.id, unitId, correct, finishedAt: at });
		}
		const scope = { contestId: contest.id, roundId: round.id };
		expect(await unitRankingRuleOf(db, contest.id)).toEqual(['rate', 'participants', 'average']);
		const byRate = await unitRanking(db, scope, root.id);
		expect(byRate.units.map((u) => [u.code, u.rank, u.participants])).toEqual([
			['UR-A', 1, 2],
			['UR-B', 2, 3],
			['UR-C', 3, 1]
		]);

		expect(await setUnitRankingRule(db, contest.id, ['average', 'participants'])).toEqual({ ok: true });
		expect(await unitRankingRuleOf(db, contest.id)).toEqual(['average', 'participants']);
		const byAverage = await unitRanking(db, scope, root.id);
		// B averages 10 with 3 people, C 10 with 1, A 7
		expect(byAverage.units.map((u) => u.code)).toEqual(['UR-B', 'UR-C', 'UR-A']);

		expect(await setUnitRankingRule(db, contest.id, ['rate', 'rate'])).toEqual({
			ok: false,
			error: 'invalid'
		});
		expect(await setUnitRankingRule(db, 999_999, ['rate'])).toEqual({ ok: false, error: 'not_found' });
		expect(await unitRankingRuleOf(db, contest.id)).toEqual(['average', 'participants']);
	});
});
