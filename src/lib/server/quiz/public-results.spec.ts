import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { extraRound, finishedAttempt } from '../insights/spec-helpers';
import { setUnitRankingRule } from '../insights/unit-ranking';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { publicRoundResults, publishedRoundsList } from './public-results';
import { changeResultsState } from './results';

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

const closedAt = new Date(Date.now() - 86_400_000);

async function scenario() {
	const root = await makeUnit(db, `PUB${Math.random().toString(36).slice(2, 6)}`, null, 0);
	const a = await makeUnit(db, `${root.code}-A`, root.id, 4);
	const b = await makeUnit(db, `${root.code}-B`, root.id, 20);
	const c = await makeUnit(db, `${root.code}-C`, root.id, 5);
	const { contest, round } = await makeQuizRound(db, {
		eligibleUnitId: root.id,
		bankSize: 12,
		opensAt: new Date(closedAt.getTime() - 7 * 86_400_000),
		closesAt: closedAt
	});
	// 12 people: correct 12, 11, then ten people tied on 10 with the same time (ranks 3..12 share rank 3), and one 0
	const people: { correct: number; unitId: number }[] = [
		{ correct: 12, unitId: a.id },
		{ correct: 11, unitId: b.id },
		...Array.from({ length: 10 }, (_, i) => ({ correct: 10, unitId: i < 2 ? a.id : b.id })),
		{ correct: 0, unitId: b.id }
	];
	const finishedAt = new Date(closedAt.getTime() - 3_600_000);
	for (const [i, p] of people.entries()) {
		const user = await makeUser(db, p.unitId, {
			fullName: `Người Thi ${i + 1}`,
			email: `p${i}-${root.code.toLowerCase()}@vd.vn`
		});
		await finishedAttempt(db, {
			roundId: round.id,
			userId: user.id,
			unitId: p.unitId,
			correct: p.correct,
			finishedAt
		});
	}
	return { root, a, b, c, contest, round };
}

describe('public results of a quiz round', () => {
	it('shows nothing before publication, frozen included', async () => {
		const { round } = await scenario();
		expect(await publicRoundResults(db, round.id)).toBeNull();
		expect((await changeResultsState(db, round.id, 'frozen')).ok).toBe(true);
		expect(await publicRoundResults(db, round.id)).toBeNull();
		expect((await publishedRoundsList(db)).some((r) => r.id === round.id)).toBe(false);
	});

	it('once published: the top ranks with the tie at the edge, top units by the contest rule, no personal data', async () => {
		const { round, contest } = await scenario();
		expect((await changeResultsState(db, round.id, 'published')).ok).toBe(true);
		const results = await publicRoundResults(db, round.id);
		expect(results).not.toBeNull();
		// ranks 1, 2, then 10 people sharing rank 3 (all within the top 10); the person with 0 (rank 13) is not listed
		expect(results!.winners.map((w) => [w.rank, w.correctCount])).toEqual([
			[1, 12],
			[2, 11],
			...Array.from({ length: 10 }, () => [3, 10])
		]);
		expect(results!.winners[0]).toEqual({
			rank: 1,
			fullName: 'Người Thi 1',
			unitName: expect.stringContaining('-A'),
			correctCount: 12,
			durationMs: 300_000,
			predictionDistance: null
		});
		const text = JSON.stringify(results);
		expect(text).not.toMatch(/098\d{7}/);
		expect(text).not.toContain('@vd.vn');
		expect(text).not.toContain('1990-05-17');
		expect(text).not.toContain('userId');
		// the top 2 only: ranks 1 and 2
		expect((await publicRoundResults(db, round.id, 2))!.winners).toHaveLength(2);
		// units: A 3 of 4 (75 %), B 10 of 20 (50 %), C 0 of 5 (0 %, shown: nobody yet)
		expect(results!.units.map((u) => [u.name.slice(-1), u.rank, u.participants, u.rate])).toEqual([
			['A', 1, 3, 0.75],
			['B', 2, 10, 0.5],
			['C', 3, 0, 0]
		]);
		expect(results!.participants).toBe(13);
		await setUnitRankingRule(db, contest.id, ['participants']);
		expect((await publicRoundResults(db, round.id))!.units.map((u) => u.name.slice(-1))).toEqual([
			'B',
			'A',
			'C'
		]);
		expect((await publishedRoundsList(db)).find((r) => r.id === round.id)).toMatchObject({
			contestTitle: contest.title
		});
	});

	it('never shows a practice round or a round of an unpublished contest', async () => {
		const { contest } = await scenario();
		const practice = await extraRound(db, contest.id, 9, {
			practice: true,
			opensAt: new Date(closedAt.getTime() - 86_400_000),
			closesAt: closedAt
		});
		expect(await publicRoundResults(db, practice.id)).toBeNull();
		expect(await publicRoundResults(db, 999_999)).toBeNull();
	});
});
