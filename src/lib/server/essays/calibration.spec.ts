import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import {
	assignments,
	contests,
	entries,
	essayRounds,
	essaySettings,
	roleGrants,
	roundEntries,
	rubricCriteria
} from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { calibrationReport, distancesFromPanel, median, setCalibration } from './calibration';
import { entryForJudge, judgeQueue } from './judge-side';
import { saveScore } from './marking';

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

const NOW = new Date('2026-07-01T00:00:00Z');

let seeded = 0;

/**
 * A round on a 20-point scale (Nội dung 10 + Hình thức 10), judged by An, Bình and Chi, six entries each with two
 * judges already assigned (An and Bình). Entry 6's author sits in Chi's unit: Chi may not judge it.
 */
async function seededRound() {
	seeded++;
	const root = await makeUnit(db, `CAL${seeded}`);
	const left = await makeUnit(db, `CAL${seeded}-L`, root.id);
	const right = await makeUnit(db, `CAL${seeded}-R`, root.id);
	const authors = await makeUnit(db, `CAL${seeded}-M`, root.id);
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: 'Hiệu chỉnh', eligibleUnitId: root.id, published: true })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `HC${seeded}`,
		opensAt: new Date('2026-01-01T00:00:00Z'),
		closesAt: new Date('2026-06-01T00:00:00Z'),
		stage: 'submissions'
	});
	const [round] = await db
		.insert(essayRounds)
		.values({
			contestId: contest.id,
			position: 1,
			name: 'Sơ khảo',
			scale: 20,
			judgesPerEntry: 2,
			disagreementThreshold: 4
		})
		.returning();
	const [content, style] = await db
		.insert(rubricCriteria)
		.values([
			{ roundId: round.id, position: 1, name: 'Nội dung', maxPoints: 10 },
			{ roundId: round.id, position: 2, name: 'Hình thức', maxPoints: 10 }
		])
		.returning();
	const judge = {
		an: (await makeUser(db, left.id, { fullName: 'GK An' })).id,
		binh: (await makeUser(db, left.id, { fullName: 'GK Bình' })).id,
		chi: (await makeUser(db, right.id, { fullName: 'GK Chi' })).id
	};
	for (const id of Object.values(judge))
		await db.insert(roleGrants).values({ userId: id, role: 'judge', contestId: contest.id });
	const entryIds: number[] = [];
	for (let no = 1; no <= 6; no++) {
		const unit = no === 6 ? right : authors;
		const author = await makeUser(db, unit.id, { fullName: `Tác Giả ${no}` });
		const [e] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: no,
				code: `HC${seeded}-000${no}`,
				authorId: author.id,
				authorUnitId: unit.id,
				slot: 1,
				title: `Bài số ${no}`,
				body: 'Nội dung bài.',
				status: 'submitted',
				submittedAt: new Date('2026-03-01T00:00:00Z')
			})
			.returning();
		entryIds.push(e.id);
	}
	await db.update(essaySettings).set({ stage: 'judging' }).where(eq(essaySettings.contestId, contest.id));
	await db.insert(roundEntries).values(entryIds.map((entryId) => ({ roundId: round.id, entryId })));
	for (const entryId of entryIds)
		for (const judgeId of [judge.an, judge.binh])
			await db.insert(assignments).values({ roundId: round.id, entryId, judgeId, source: 'auto' });
	const code = (no: number) => `HC${seeded}-000${no}`;
	const assignmentOf = async (judgeId: number, no: number) => {
		const [a] = await db
			.select({ id: assignments.id })
			.from(assignments)
			.where(
				and(
					eq(assignments.roundId, round.id),
					eq(assignments.entryId, entryIds[no - 1]),
					eq(assignments.judgeId, judgeId),
					isNull(assignments.removedAt)
				)
			);
		return a.id;
	};
	const score = async (judgeId: number, no: number, c: number, s: number) => {
		const r = await saveScore(
			db,
			await assignmentOf(judgeId, no),
			judgeId,
			{ points: { [content.id]: c, [style.id]: s }, comment: '', submit: true },
			NOW
		);
		if (!r.ok) throw new Error(r.error);
	};
	return { round, judge, entryIds, code, content, style, score, assignmentOf };
}

describe('median', () => {
	it('takes the middle value, or the mean of the two middle ones', () => {
		expect(median([7, 1, 4])).toBe(4);
		expect(median([1, 4, 6, 10])).toBe(5);
		expect(median([])).toBeNull();
	});
});

describe('distance from the panel (hand-computed)', () => {
	it('is the mean absolute difference from each entry’s median, per criterion and total', () => {
		// entry 1: totals 12, 14, 19 (median 14); entry 2: 8, 10, 10 (median 10)
		const marks = [
			{ judgeId: 1, entryId: 1, points: { 1: 6, 2: 6 }, total: 12 },
			{ judgeId: 2, entryId: 1, points: { 1: 7, 2: 7 }, total: 14 },
			{ judgeId: 3, entryId: 1, points: { 1: 10, 2: 9 }, total: 19 },
			{ judgeId: 1, entryId: 2, points: { 1: 4, 2: 4 }, total: 8 },
			{ judgeId: 2, entryId: 2, points: { 1: 5, 2: 5 }, total: 10 },
			{ judgeId: 3, entryId: 2, points: { 1: 6, 2: 4 }, total: 10 }
		];
		const d = distancesFromPanel([{ id: 1 }, { id: 2 }], [1, 2, 3, 4], marks);
		// judge 1: |12−14| = 2 and |8−10| = 2 → 2; content |6−7|, |4−5| → 1; style |6−7|, |4−4| → 0.5
		expect(d[0]).toEqual({ judgeId: 1, scored: 2, total: 2, criteria: { 1: 1, 2: 0.5 } });
		expect(d[1]).toEqual({ judgeId: 2, scored: 2, total: 0, criteria: { 1: 0, 2: 0.5 } });
		// judge 3: |19−14| = 5, |10−10| = 0 → 2.5; content |10−7|, |6−5| → 2; style |9−7|, |4−4| → 1
		expect(d[2]).toEqual({ judgeId: 3, scored: 2, total: 2.5, criteria: { 1: 2, 2: 1 } });
		expect(d[3]).toEqual({ judgeId: 4, scored: 0, total: null, criteria: { 1: null, 2: null } });
	});
});

describe('calibration in a round', () => {
	it('puts every judge on the calibration entries except where a unit conflicts, and shows only those first', async () => {
		const r = await seededRound();
		const set = await setCalibration(db, {
			roundId: r.round.id,
			codes: [r.code(1), r.code(6)],
			actorId: null
		});
		expect(set).toEqual({ ok: true, entries: 2, assigned: 1, conflicts: 1 });
		// Chi joins entry 1 only (entry 6's author is in Chi's unit); An and Bình were already on both
		const chiQueue = await judgeQueue(db, r.judge.chi, undefined, NOW);
		expect(chiQueue[0].items.map((i) => i.code)).toEqual([r.code(1)]);
		const anQueue = await judgeQueue(db, r.judge.an, undefined, NOW);
		expect(anQueue[0].calibrating).toBe(true);
		expect(anQueue[0].items.map((i) => [i.code, i.calibration])).toEqual([
			[r.code(1), true],
			[r.code(6), true]
		]);
		// an entry outside the calibration cannot be opened by its address either
		expect(await entryForJudge(db, await r.assignmentOf(r.judge.an, 2), r.judge.an, NOW)).toEqual({
			ok: false,
			error: 'not_assigned'
		});
		await r.score(r.judge.an, 1, 6, 6);
		expect((await judgeQueue(db, r.judge.an, undefined, NOW))[0].items).toHaveLength(2);
		await r.score(r.judge.an, 6, 5, 5);
		// calibration done: the whole queue, the calibration entries marked as such
		const after = await judgeQueue(db, r.judge.an, undefined, NOW);
		expect(after[0].calibrating).toBe(false);
		expect(after[0].items.map((i) => i.code)).toEqual([1, 2, 3, 4, 5, 6].map(r.code));
		expect(after[0].done).toBe(2);
		expect((await entryForJudge(db, await r.assignmentOf(r.judge.an, 2), r.judge.an, NOW)).ok).toBe(true);
	});

	it('refuses a score on an entry held back until the judge has finished calibration', async () => {
		const r = await seededRound();
		await setCalibration(db, { roundId: r.round.id, codes: [r.code(1)], actorId: null });
		const held = await r.assignmentOf(r.judge.an, 2);
		const points = { [r.content.id]: 7, [r.style.id]: 7 };
		// a judge who posts to a held entry's address (not shown in the queue) is refused, draft or submission
		for (const submit of [false, true])
			expect(await saveScore(db, held, r.judge.an, { points, comment: '', submit }, NOW)).toEqual({
				ok: false,
				error: 'calibration_pending'
			});
		await r.score(r.judge.an, 1, 6, 6);
		const saved = await saveScore(db, held, r.judge.an, { points, comment: '', submit: true }, NOW);
		expect(saved.ok && saved.total).toBe(14);
	});

	it('reports each judge’s distance from the panel and flags one far from it, with no extra judge called', async () => {
		const r = await seededRound();
		await setCalibration(db, { roundId: r.round.id, codes: [r.code(1)], actorId: null });
		await r.score(r.judge.an, 1, 6, 6); // 12
		await r.score(r.judge.binh, 1, 7, 7); // 14
		await r.score(r.judge.chi, 1, 10, 9); // 19: spread 7 ≥ the threshold of 4, yet no extra judge
		const report = await calibrationReport(db, r.round.id);
		expect(report!.entries).toEqual([
			{ entryId: r.entryIds[0], code: r.code(1), title: 'Bài số 1', scores: 3, median: 14 }
		]);
		const byName = Object.fromEntries(report!.judges.map((j) => [j.name, j]));
		expect(byName['GK An']).toMatchObject({ scored: 1, of: 1, total: 2, flagged: false });
		expect(byName['GK An'].criteria).toEqual({ [r.content.id]: 1, [r.style.id]: 1 });
		// 5 points from the median on a 20-point scale: more than 10 % of it
		expect(byName['GK Chi']).toMatchObject({ scored: 1, total: 5, flagged: true });
		const onEntry = await db
			.select({ source: assignments.source })
			.from(assignments)
			.where(and(eq(assignments.roundId, r.round.id), eq(assignments.entryId, r.entryIds[0])));
		expect(onEntry.map((a) => a.source)).not.toContain('third');
		const [re] = await db
			.select({ disagreement: roundEntries.disagreement })
			.from(roundEntries)
			.where(and(eq(roundEntries.roundId, r.round.id), eq(roundEntries.entryId, r.entryIds[0])));
		expect(re.disagreement).toBe(false);
	});

	it('is refused once real judging has started, for an entry outside the round, and past five entries', async () => {
		const r = await seededRound();
		expect(
			await setCalibration(db, { roundId: r.round.id, codes: [r.code(1), 'KHONG-CO'], actorId: null })
		).toEqual({ ok: false, error: 'not_in_round', fields: { codes: 'KHONG-CO' } });
		expect(
			await setCalibration(db, {
				roundId: r.round.id,
				codes: ['A', 'B', 'C', 'D', 'E', 'F'],
				actorId: null
			})
		).toEqual({ ok: false, error: 'too_many' });
		await r.score(r.judge.an, 3, 5, 5);
		expect(await setCalibration(db, { roundId: r.round.id, codes: [r.code(1)], actorId: null })).toEqual({
			ok: false,
			error: 'judging_started'
		});
	});
});
