import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import {
	assignments,
	attempts,
	entries,
	essayRounds,
	roundEntries,
	rounds,
	units,
	users
} from '../db/schema';
import { isConflict } from '../essays/assignment';
import { listMyEntries } from '../essays/entries';
import { judgeQueue } from '../essays/judge-side';
import { entryResults } from '../essays/round-results';
import { listAwardTiers, listEssayContests, listRounds } from '../essays/setup';
import { leaderboardPage } from '../quiz/results';
import { createTestDb } from '../testing/db';
import { seedDemo } from './demo';
import { auditOfContest } from '../audit';
import { myCertificates } from '../certificates/queries';
import { publicResults } from '../essays/results';
import { stageOf } from '../essays/stages';
import { DEMO_ESSAY } from './demo-essays';
import { DEMO_PUBLISHED_ESSAY } from './demo-essays-published';

let handle: DbHandle;
let db: Db;
let seeded: boolean;
const startedAt = new Date();

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	seeded = await seedDemo(db);
}, 180_000);
afterAll(() => handle.close());

async function accountId(phone: string) {
	const [row] = await db.select({ id: users.id }).from(users).where(eq(users.phone, phone));
	return row.id;
}

describe('the demo essay contest', () => {
	it('is open to the whole organization, closed to entries a week ago, with two rounds and four tiers', async () => {
		expect(seeded).toBe(true);
		const [contest] = await listEssayContests(db);
		expect(contest).toMatchObject({
			title: DEMO_ESSAY.title,
			published: true,
			eligibleUnitName: 'Đảng bộ Khối các cơ quan tỉnh',
			roundCount: 2,
			entryCount: DEMO_ESSAY.submitted
		});
		const days = (d: Date) => (startedAt.getTime() - d.getTime()) / 86_400_000;
		expect(days(contest.opensAt)).toBeGreaterThan(34);
		expect(days(contest.closesAt)).toBeGreaterThan(6);
		expect(days(contest.closesAt)).toBeLessThan(8);
		const rounds = await listRounds(db, contest.id);
		expect(rounds.map((r) => [r.round.name, r.round.judgesPerEntry, r.round.settleRule])).toEqual([
			['Sơ khảo', 2, 'mean'],
			['Chung khảo', 3, 'closest_two']
		]);
		expect(rounds[0].criteria.map((c) => c.maxPoints)).toEqual([60, 30, 10]);
		expect(await listAwardTiers(db, contest.id)).toEqual([
			{ name: 'Nhất', count: 1 },
			{ name: 'Nhì', count: 2 },
			{ name: 'Ba', count: 3 },
			{ name: 'Khuyến khích', count: 5 }
		]);
	});

	it('holds 40 submitted entries within the word limits, 2 drafts and 1 withdrawn, all different', async () => {
		const [contest] = await listEssayContests(db);
		const rows = await db.select().from(entries).where(eq(entries.contestId, contest.id));
		const by = (status: string) => rows.filter((r) => r.status === status);
		expect(by('submitted')).toHaveLength(DEMO_ESSAY.submitted);
		expect(by('draft')).toHaveLength(DEMO_ESSAY.drafts);
		expect(by('withdrawn')).toHaveLength(DEMO_ESSAY.withdrawn);
		for (const e of by('submitted')) {
			expect(e.wordCount).toBeGreaterThanOrEqual(300);
			expect(e.wordCount).toBeLessThanOrEqual(3000);
			expect(e.body.split('\n\n').length).toBeGreaterThanOrEqual(7);
		}
		expect(new Set(rows.map((r) => r.body)).size).toBe(rows.length);
		expect(new Set(rows.map((r) => r.title)).size).toBe(rows.length);
		expect(new Set(rows.map((r) => r.authorUnitId)).size).toBeGreaterThanOrEqual(5);
	});

	it('shows the demo participant her submitted entry, locked', async () => {
		const [contest] = await listEssayContests(db);
		const mine = await listMyEntries(db, await accountId('0900000004'), contest.id);
		expect(mine.map((e) => e.status)).toEqual(['submitted']);
	});

	it('is assigned without a conflict of interest, two judges per entry, loads within one', async () => {
		const rows = await db
			.select({
				entryId: assignments.entryId,
				judgeId: assignments.judgeId,
				source: assignments.source,
				judgePath: units.path,
				authorUnitId: entries.authorUnitId
			})
			.from(assignments)
			.innerJoin(users, eq(users.id, assignments.judgeId))
			.innerJoin(units, eq(units.id, users.unitId))
			.innerJoin(entries, eq(entries.id, assignments.entryId))
			.where(eq(entries.contestId, (await listEssayContests(db))[0].id));
		const paths = new Map((await db.select().from(units)).map((u) => [u.id, u.path]));
		for (const r of rows) expect(isConflict(r.judgePath, paths.get(r.authorUnitId)!)).toBe(false);
		const auto = rows.filter((r) => r.source === 'auto');
		expect(auto).toHaveLength(DEMO_ESSAY.submitted * 2);
		const loads = [...new Set(auto.map((r) => r.judgeId))].map(
			(j) => auto.filter((r) => r.judgeId === j).length
		);
		expect(loads).toHaveLength(4);
		expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
	});

	it('has third judges exactly where two totals are 20+ points apart', async () => {
		const [round] = await db.select().from(essayRounds).where(eq(essayRounds.name, 'Sơ khảo'));
		const results = await entryResults(db, round.id);
		const flagged = results!.entries.filter((e) => e.disagreement);
		expect(flagged).toHaveLength(DEMO_ESSAY.disagreements);
		for (const e of results!.entries) {
			const firstTwo = e.totals.filter((t) => !t.third).map((t) => t.total);
			if (firstTwo.length === 2) expect(Math.abs(firstTwo[0] - firstTwo[1]) >= 20).toBe(e.disagreement);
		}
		const thirds = await db
			.select()
			.from(roundEntries)
			.innerJoin(
				assignments,
				and(eq(assignments.entryId, roundEntries.entryId), eq(assignments.roundId, roundEntries.roundId))
			)
			.where(and(eq(roundEntries.disagreement, true), eq(assignments.source, 'third')));
		expect(thirds).toHaveLength(DEMO_ESSAY.disagreements);
		// most entries already have their settled score
		expect(results!.entries.filter((e) => e.settled !== null).length).toBeGreaterThan(30);
	});

	it('leaves the demo judge five entries to score, two of them started', async () => {
		const queue = await judgeQueue(db, await accountId('0900000003'));
		expect(queue).toHaveLength(1);
		expect(queue[0]).toMatchObject({
			roundName: 'Sơ khảo',
			contestTitle: DEMO_ESSAY.title,
			closed: false,
			left: DEMO_ESSAY.judgeLeft
		});
		expect(queue[0].done).toBeGreaterThan(10);
		const statuses = queue[0].items.map((i) => i.status).filter((s) => s !== 'submitted');
		expect(statuses.filter((s) => s === 'draft')).toHaveLength(DEMO_ESSAY.judgeDrafts);
		expect(statuses.filter((s) => s === 'todo')).toHaveLength(DEMO_ESSAY.judgeLeft - DEMO_ESSAY.judgeDrafts);
	});

	it('is not seeded twice', async () => {
		expect(await seedDemo(db)).toBe(false);
		expect(await listEssayContests(db)).toHaveLength(2);
	});
});

describe('the demo essay contest with published results', () => {
	it('went through every stage, with awards, a public page and certificates', async () => {
		const [, contest] = await listEssayContests(db);
		expect(contest.title).toBe(DEMO_PUBLISHED_ESSAY.title);
		expect((await stageOf(db, contest.id))?.stage).toBe('published');
		const trail = (await auditOfContest(db, contest.id)).map((a) => a.action).reverse();
		expect(trail).toEqual([
			'stage.publish_contest',
			'stage.close_submissions',
			'stage.open_judging',
			'assignment.auto',
			'round.close',
			'stage.settle',
			'award.set',
			'results.publish'
		]);
		const page = await publicResults(db, contest.id);
		expect(page?.tiers.map((t) => [t.name, t.winners.length])).toEqual(
			DEMO_PUBLISHED_ESSAY.tiers.map((t) => [t.name, t.count])
		);
		const mine = await myCertificates(db, await accountId('0900000004'));
		expect(mine.map((c) => c.awardText)).toEqual(expect.arrayContaining(['Giải Nhì', 'Đã tham gia']));
	});
});

describe('the demo quiz contest', () => {
	it('has a few hundred finished attempts and a leaderboard for the open round as well as the last one', async () => {
		const demoRounds = await db
			.select({ id: rounds.id, state: rounds.resultsState, closesAt: rounds.closesAt })
			.from(rounds)
			.where(eq(rounds.practice, false))
			.orderBy(rounds.opensAt);
		expect(demoRounds.map((r) => r.state)).toEqual(['published', 'frozen']);
		expect(demoRounds[1].closesAt.getTime()).toBeGreaterThan(startedAt.getTime());
		expect(await db.$count(attempts, eq(attempts.status, 'finished'))).toBeGreaterThanOrEqual(300);
		for (const round of demoRounds) {
			const board = await leaderboardPage(db, round.id, { limit: 10 });
			expect(board.rows).toHaveLength(10);
			expect(board.rows[0].rank).toBe(1);
		}
	});
});
