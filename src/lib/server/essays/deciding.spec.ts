import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import {
	assignments,
	auditLog,
	awardTiers,
	contests,
	entries,
	essayRounds,
	essaySettings,
	roleGrants,
	roundEntries,
	scores
} from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { decideRound, saveDecidingRules } from './deciding';
import { assignManually, autoAssign } from './judging';
import { publishResults } from './publication';
import { awardsView, finalRanking, participantResults, saveEntryAwards } from './results';
import { advancePreview, advanceRound } from './rounds-admin';

let handle: DbHandle;
let db: Db;
const unit: Record<string, number> = {};

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	unit.root = (await makeUnit(db, 'DROOT')).id;
	unit.dept = (await makeUnit(db, 'DDEPT', unit.root)).id;
	unit.cell1 = (await makeUnit(db, 'DCELL1', unit.dept)).id;
	unit.cell2 = (await makeUnit(db, 'DCELL2', unit.dept)).id;
	unit.other = (await makeUnit(db, 'DOTHER', unit.root)).id;
});
afterAll(() => handle.close());

let no = 0;
const CLOSED = new Date('2026-07-01T00:00:00Z');

/**
 * Round 1 (one judge per entry, top 2 advance) scored by a lenient judge (E1 90, E2 85, E3 80) and a severe one
 * (E4 70, E5 60, E6 40). Raw order: E1 E2 E3 E4 E5 E6. Normalized per judge: E1 E4 E5 E2 E3 E6.
 */
async function scenario(settings: Partial<typeof essaySettings.$inferInsert> = {}) {
	no++;
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: `Quyết định ${no}`, eligibleUnitId: unit.root, published: true })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `DC${no}`,
		opensAt: new Date('2026-01-01T00:00:00Z'),
		closesAt: new Date('2026-06-01T00:00:00Z'),
		...settings
	});
	const [r1, r2] = await db
		.insert(essayRounds)
		.values([
			{
				contestId: contest.id,
				position: 1,
				name: 'Sơ khảo',
				judgesPerEntry: 1,
				advanceRule: 'top_k',
				advanceValue: 2,
				closedAt: CLOSED
			},
			{ contestId: contest.id, position: 2, name: 'Chung khảo', judgesPerEntry: 1 }
		])
		.returning();
	await db.insert(awardTiers).values([
		{ contestId: contest.id, position: 1, name: 'Nhất', count: 1 },
		{ contestId: contest.id, position: 2, name: 'Nhì', count: 1 },
		{ contestId: contest.id, position: 3, name: 'Khuyến khích', count: 2 }
	]);
	const judges = [];
	for (const u of [unit.other, unit.other]) {
		const j = await makeUser(db, u, { fullName: `Giám Khảo ${judges.length + 1}` });
		await db.insert(roleGrants).values({ userId: j.id, role: 'judge', contestId: contest.id });
		judges.push(j.id);
	}
	const marks = [
		[0, 90],
		[0, 85],
		[0, 80],
		[1, 70],
		[1, 60],
		[1, 40]
	];
	const ids: number[] = [];
	for (const [i, [judge, total]] of marks.entries()) {
		const author = await makeUser(db, unit.cell1, { fullName: `Tác Giả ${i + 1}` });
		const [e] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: i + 1,
				code: `DC${no}-${i + 1}`,
				authorId: author.id,
				authorUnitId: unit.cell1,
				slot: 1,
				title: `Bài ${i + 1}`,
				status: 'submitted',
				submittedAt: new Date('2026-02-01T00:00:00Z')
			})
			.returning();
		ids.push(e.id);
		await db.insert(roundEntries).values({ roundId: r1.id, entryId: e.id });
		const [a] = await db
			.insert(assignments)
			.values({ roundId: r1.id, entryId: e.id, judgeId: judges[judge], source: 'auto' })
			.returning();
		await db.insert(scores).values({
			assignmentId: a.id,
			points: {},
			total,
			status: 'submitted',
			submittedAt: new Date(Date.UTC(2026, 5, 1, 0, i))
		});
	}
	return { contestId: contest.id, r1, r2, judges, ids };
}

const codes = (rows: { code: string }[]) => rows.map((r) => r.code.split('-')[1]);

describe('the deciding score', () => {
	it('ranks, advances and suggests awards by the normalized score when the contest chooses it', async () => {
		const s = await scenario({ decidingScore: 'normalized', normalizeMinScores: 3 });
		const ranking = await finalRanking(db, s.contestId);
		expect(ranking.basis).toMatchObject({ requested: 'normalized', used: 'normalized', short: [] });
		expect(codes(ranking.ranked)).toEqual(['1', '4', '5', '2', '3', '6']);
		const preview = await advancePreview(db, s.r1.id);
		if (!preview.ok) throw new Error(preview.error);
		expect(preview.preview.advance).toEqual([s.ids[0], s.ids[3]]);
		const view = await awardsView(db, s.contestId);
		expect(view.rows.slice(0, 2).map((r) => [r.code.split('-')[1], r.suggested])).toEqual([
			['1', 'Nhất'],
			['4', 'Nhì']
		]);
	});

	it('shows participants the deciding score once published', async () => {
		const s = await scenario({ decidingScore: 'normalized', normalizeMinScores: 3 });
		await saveEntryAwards(db, s.contestId, [{ entryId: s.ids[3], tier: 'Nhì' }], null);
		expect((await publishResults(db, s.contestId, { now: new Date('2026-07-03T00:00:00Z') })).ok).toBe(true);
		const [e4] = await db.select().from(entries).where(eq(entries.id, s.ids[3]));
		const mine = await participantResults(db, s.contestId, e4.authorId);
		if (!mine.published) throw new Error('not published');
		const ranked = (await finalRanking(db, s.contestId)).ranked.find((r) => r.entryId === s.ids[3])!;
		expect(mine.entries[0].score).toBe(ranked.deciding);
		expect(ranked.deciding).not.toBe(70);
	});

	it('falls back to the raw mean, saying which judges scored too few entries', async () => {
		const s = await scenario({ decidingScore: 'normalized', normalizeMinScores: 4 });
		const decision = await decideRound(db, s.r1.id);
		expect(decision!.basis.used).toBe('raw');
		expect(decision!.basis.short.map((j) => [j.name, j.count])).toEqual([
			['Giám Khảo 1', 3],
			['Giám Khảo 2', 3]
		]);
		const ranking = await finalRanking(db, s.contestId);
		expect(codes(ranking.ranked)).toEqual(['1', '2', '3', '4', '5', '6']);
		const preview = await advancePreview(db, s.r1.id);
		if (!preview.ok) throw new Error(preview.error);
		expect(preview.preview.basis.used).toBe('raw');
		expect(preview.preview.advance).toEqual([s.ids[0], s.ids[1]]);
	});

	it('keeps the raw mean when the contest chooses it', async () => {
		const s = await scenario();
		expect(codes((await finalRanking(db, s.contestId)).ranked)).toEqual(['1', '2', '3', '4', '5', '6']);
	});
});

async function toFinal(s: Awaited<ReturnType<typeof scenario>>) {
	const moved = await advanceRound(db, s.r1.id, { includeTied: false }, new Date('2026-07-02T00:00:00Z'));
	if (!moved.ok) throw new Error(moved.error);
	for (const [i, entryId] of [s.ids[0], s.ids[1]].entries()) {
		const [a] = await db
			.insert(assignments)
			.values({ roundId: s.r2.id, entryId, judgeId: s.judges[i], source: 'auto' })
			.returning();
		await db.insert(scores).values({
			assignmentId: a.id,
			points: {},
			total: 80 + i,
			status: 'submitted',
			submittedAt: new Date('2026-08-01T00:00:00Z')
		});
	}
	await db
		.update(essayRounds)
		.set({ closedAt: new Date('2026-09-01T00:00:00Z') })
		.where(eq(essayRounds.id, s.r2.id));
}

describe('awards from any round', () => {
	it('refuses an award to an entry stopped at the preliminary round unless the contest allows it', async () => {
		const s = await scenario();
		await toFinal(s);
		const view = await awardsView(db, s.contestId);
		expect(view.earlier).toEqual([]);
		expect(
			await saveEntryAwards(db, s.contestId, [{ entryId: s.ids[2], tier: 'Khuyến khích' }], null)
		).toEqual({ ok: false, error: 'not_in_final_round' });
	});

	it('lists entries stopped at an earlier round with their deciding score there, and awards them', async () => {
		const s = await scenario({ awardsAnyRound: true });
		await toFinal(s);
		const view = await awardsView(db, s.contestId);
		expect(view.earlier.map((e) => [e.code.split('-')[1], e.roundName, e.deciding])).toEqual([
			['3', 'Sơ khảo', 80],
			['4', 'Sơ khảo', 70],
			['5', 'Sơ khảo', 60],
			['6', 'Sơ khảo', 40]
		]);
		const saved = await saveEntryAwards(
			db,
			s.contestId,
			[
				{ entryId: s.ids[1], tier: 'Nhất' },
				{ entryId: s.ids[2], tier: 'Khuyến khích' }
			],
			null
		);
		expect(saved.ok).toBe(true);
		expect((await publishResults(db, s.contestId, { now: new Date('2026-09-02T00:00:00Z') })).ok).toBe(true);
	});
});

describe('the rules as settings', () => {
	it('records each change in the audit log and refuses changes once results are published', async () => {
		const s = await scenario();
		const actor = (await makeUser(db, unit.other)).id;
		const rules = {
			decidingScore: 'normalized',
			normalizeMinScores: 3,
			awardsAnyRound: true,
			conflictDepth: 1
		} as const;
		expect(await saveDecidingRules(db, s.contestId, rules, actor)).toEqual({ ok: true });
		const trail = await db.select().from(auditLog).where(eq(auditLog.contestId, s.contestId));
		expect(trail.map((t) => [t.action, t.actorId])).toEqual([['settings.deciding_rules', actor]]);
		expect(trail[0].before).toMatchObject({ decidingScore: 'raw', conflictDepth: null });
		expect(trail[0].after).toMatchObject(rules);
		await db
			.update(essaySettings)
			.set({ resultsPublishedAt: new Date() })
			.where(eq(essaySettings.contestId, s.contestId));
		expect(await saveDecidingRules(db, s.contestId, { ...rules, conflictDepth: 2 }, actor)).toEqual({
			ok: false,
			error: 'results_published'
		});
		// the database refuses too, whoever writes
		await expect(
			db.update(essaySettings).set({ conflictDepth: 2 }).where(eq(essaySettings.contestId, s.contestId))
		).rejects.toThrow();
	});
});

describe('the conflict level in assignment', () => {
	it('manual and automatic assignment refuse a judge from a sibling cell of the author’s department', async () => {
		const s = await scenario({ conflictDepth: 1 });
		const sibling = await makeUser(db, unit.cell2, { fullName: 'Giám Khảo Cùng Phòng' });
		await db.insert(roleGrants).values({ userId: sibling.id, role: 'judge', contestId: s.contestId });
		expect(
			await assignManually(db, { roundId: s.r2.id, entryId: s.ids[0], judgeId: sibling.id, createdBy: null })
		).toMatchObject({ ok: false });
		await db.insert(roundEntries).values({ roundId: s.r2.id, entryId: s.ids[0] });
		expect(
			await assignManually(db, { roundId: s.r2.id, entryId: s.ids[0], judgeId: sibling.id, createdBy: null })
		).toEqual({ ok: false, error: 'conflict' });
		await autoAssign(db, s.r2.id, null);
		const given = await db.select().from(assignments).where(eq(assignments.roundId, s.r2.id));
		expect(given.map((a) => a.judgeId)).not.toContain(sibling.id);
		expect(given).toHaveLength(1);
	});
});
