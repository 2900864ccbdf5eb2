import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import {
	assignments,
	contests,
	entries,
	essayRounds,
	essaySettings,
	roundEntries,
	scores
} from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import {
	disagreementHistogram,
	entriesByUnit,
	roundScoreStats,
	settledHistogram,
	submissionsPerDay
} from './essay-stats';

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

describe('settled score histogram', () => {
	it('puts scores in ten bins over the scale, a perfect score in the last, with mean and median', () => {
		const h = settledHistogram([0, 9.99, 10, 55, 55.5, 100], 100);
		expect(h.bins.map((b) => b.entries)).toEqual([2, 1, 0, 0, 0, 2, 0, 0, 0, 1]);
		expect(h.bins[0]).toEqual({ from: 0, to: 10, entries: 2 });
		expect(h.bins[9]).toEqual({ from: 90, to: 100, entries: 1 });
		// (0 + 9.99 + 10 + 55 + 55.5 + 100) / 6 = 38.415 → 38.42; median (10 + 55) / 2
		expect(h.mean).toBe(38.42);
		expect(h.median).toBe(32.5);
		expect(h.entries).toBe(6);
	});

	it('is empty without scores', () => {
		const h = settledHistogram([], 20);
		expect(h.bins).toHaveLength(10);
		expect(h.bins[1]).toEqual({ from: 2, to: 4, entries: 0 });
		expect([h.mean, h.median, h.entries]).toEqual([null, null, 0]);
	});
});

describe('disagreement histogram', () => {
	it('bins spreads a quarter of the threshold wide and marks the bins from the threshold up', () => {
		// threshold 20: bins of 5; spreads 0, 4.5, 5, 19.5, 20, 33 → bins 0,0,1,3,4,6
		const d = disagreementHistogram([0, 4.5, 5, 19.5, 20, 33], 20, 100);
		expect(d.bins.map((b) => [b.from, b.entries, b.atThreshold])).toEqual([
			[0, 2, false],
			[5, 1, false],
			[10, 0, false],
			[15, 1, false],
			[20, 1, true],
			[25, 0, true],
			[30, 1, true]
		]);
		expect(d.overThreshold).toBe(2);
		expect(d.entries).toBe(6);
	});

	it('shows the threshold bin even when nobody reached it, and uses wider bins for a tiny threshold', () => {
		const d = disagreementHistogram([1], 20, 100);
		expect(d.bins).toHaveLength(5);
		expect(d.bins.at(-1)).toMatchObject({ from: 20, atThreshold: true, entries: 0 });
		const tiny = disagreementHistogram([0, 3], 1, 100);
		expect(tiny.bins.map((b) => [b.from, b.entries])).toEqual([
			[0, 1],
			[1, 0],
			[2, 0],
			[3, 1]
		]);
	});
});

describe('essay contest figures from the database', () => {
	it('settles, spreads, counts by unit and per day as hand-computed', async () => {
		// R → A → A1, B; C inactive-free empty unit
		const r = await makeUnit(db, 'ES', null, 0);
		const a = await makeUnit(db, 'ES-A', r.id);
		const a1 = await makeUnit(db, 'ES-A1', a.id);
		const b = await makeUnit(db, 'ES-B', r.id);
		const c = await makeUnit(db, 'ES-C', r.id);
		const [contest] = await db
			.insert(contests)
			.values({ kind: 'essay', title: 'Viết về Bác', eligibleUnitId: r.id, published: true })
			.returning();
		// window 1 Mar 00:00 to 4 Mar 00:00 Vietnam time (UTC+7)
		await db.insert(essaySettings).values({
			contestId: contest.id,
			codePrefix: 'ES',
			opensAt: new Date('2026-02-28T17:00:00Z'),
			closesAt: new Date('2026-03-03T17:00:00Z'),
			entriesPerAuthor: 2
		});
		const [round] = await db
			.insert(essayRounds)
			.values({ contestId: contest.id, position: 1, name: 'Sơ khảo', disagreementThreshold: 20 })
			.returning();
		const judges = [
			(await makeUser(db, c.id)).id,
			(await makeUser(db, c.id)).id,
			(await makeUser(db, c.id)).id
		];
		const authorA = await makeUser(db, a.id);
		const authorA1 = await makeUser(db, a1.id);
		const authorB = await makeUser(db, b.id);
		const authorR = await makeUser(db, r.id);
		let no = 0;
		const entry = async (
			authorId: number,
			unitId: number,
			submittedAt: string,
			totals: number[],
			status: 'submitted' | 'withdrawn' = 'submitted'
		) => {
			no += 1;
			const [e] = await db
				.insert(entries)
				.values({
					contestId: contest.id,
					entryNo: no,
					code: `ES-${no}`,
					authorId,
					authorUnitId: unitId,
					slot: status === 'withdrawn' ? null : (no % 2) + 1,
					title: `Bài ${no}`,
					status,
					submittedAt: new Date(submittedAt)
				})
				.returning();
			await db
				.insert(roundEntries)
				.values({ roundId: round.id, entryId: e.id, disagreement: totals.length > 2 });
			for (const [j, total] of totals.entries()) {
				const [asg] = await db
					.insert(assignments)
					.values({
						roundId: round.id,
						entryId: e.id,
						judgeId: judges[j],
						source: j === 2 ? 'third' : 'auto'
					})
					.returning();
				await db.insert(scores).values({
					assignmentId: asg.id,
					points: {},
					total,
					status: 'submitted',
					submittedAt: new Date(Date.UTC(2026, 3, 1, 0, j))
				});
			}
		};
		// 1 Mar 08:00 VN: A, two judges 70 / 80 → settled 75, spread 10
		await entry(authorA.id, a.id, '2026-03-01T01:00:00Z', [70, 80]);
		// 1 Mar 23:30 VN (16:30 UTC): A1, 40 / 65 / 60 → third judge, mean 55, spread 25
		await entry(authorA1.id, a1.id, '2026-03-01T16:30:00Z', [40, 65, 60]);
		// 2 Mar 00:30 VN (1 Mar 17:30 UTC): same author in A1, one score only (not settled, no spread)
		await entry(authorA1.id, a1.id, '2026-03-01T17:30:00Z', [90]);
		// 3 Mar: B, 100 / 100 → settled 100, spread 0
		await entry(authorB.id, b.id, '2026-03-03T03:00:00Z', [100, 100]);
		// R's own author, 3 Mar, no scores yet
		await entry(authorR.id, r.id, '2026-03-03T04:00:00Z', []);
		// withdrawn: counted nowhere
		await entry(authorB.id, b.id, '2026-03-02T04:00:00Z', [], 'withdrawn');

		const stats = await roundScoreStats(db, round.id);
		expect(stats?.entries).toBe(5);
		expect(stats?.settled.entries).toBe(3);
		expect(stats?.settled.bins.map((x) => x.entries)).toEqual([0, 0, 0, 0, 0, 1, 0, 1, 0, 1]);
		expect(stats?.settled.mean).toBe(76.67);
		expect(stats?.settled.median).toBe(75);
		expect(stats?.disagreement.entries).toBe(3);
		expect(stats?.disagreement.overThreshold).toBe(1);
		expect(stats?.disagreement.bins.map((x) => x.entries)).toEqual([1, 0, 1, 0, 0, 1]);

		const top = await entriesByUnit(db, contest.id, round.id, r.id);
		expect(top.rows.map((x) => [x.name, x.direct, x.entries, x.authors, x.inRound, x.childCount])).toEqual([
			['Đơn vị ES-A', false, 3, 2, 3, 1],
			['Đơn vị ES-B', false, 1, 1, 1, 0],
			['Đơn vị ES-C', false, 0, 0, 0, 0],
			['Đơn vị ES', true, 1, 1, 1, 0]
		]);
		expect(top.totals).toEqual({ entries: 5, authors: 4, inRound: 5 });
		const down = await entriesByUnit(db, contest.id, null, a.id);
		expect(down.rows.map((x) => [x.name, x.entries, x.authors, x.inRound])).toEqual([
			['Đơn vị ES-A1', 2, 1, 0],
			['Đơn vị ES-A', 1, 1, 0]
		]);

		const days = await submissionsPerDay(db, contest.id, new Date('2026-06-01T00:00:00Z'));
		expect(days.days.map((d) => [d.start.toISOString(), d.entries, d.cumulative])).toEqual([
			['2026-02-28T17:00:00.000Z', 2, 2],
			['2026-03-01T17:00:00.000Z', 1, 3],
			['2026-03-02T17:00:00.000Z', 2, 5]
		]);
		expect(days.total).toBe(5);
		// while open, the days run up to today only
		const early = await submissionsPerDay(db, contest.id, new Date('2026-03-01T02:00:00Z'));
		expect(early.days.map((d) => d.entries)).toEqual([2, 1, 2]);
		const none = await submissionsPerDay(db, 999_999);
		expect(none).toEqual({ days: [], total: 0 });
	});
});
