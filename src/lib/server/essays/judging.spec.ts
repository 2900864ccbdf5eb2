import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import type { Tx } from '../result';
import {
	assignments,
	contests,
	entries,
	entryFiles,
	essayRounds,
	essaySettings,
	roleGrants,
	roundEntries,
	rubricCriteria,
	scoreAudit,
	units,
	users
} from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser, nextPhone } from '../testing/fixtures';
import { isConflict } from './assignment';
import { contestOfAssignment, isJudgeOf } from './judge-access';
import { entryForJudge, fileForJudge, judgeQueue } from './judge-side';
import { advanceEntries, assignManually, autoAssign, openRound, unassign } from './judging';
import { saveScore } from './marking';
import { entryResults, roundEntryByCode } from './round-results';

let handle: DbHandle;
let db: Db;
// Tree: ROOT ⊃ {A ⊃ A1, B ⊃ B1, C}
const unit: Record<string, { id: number; path: string; name: string }> = {};

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	const root = await makeUnit(db, 'JROOT');
	const a = await makeUnit(db, 'JUA', root.id);
	const a1 = await makeUnit(db, 'JUA1', a.id);
	const b = await makeUnit(db, 'JUB', root.id);
	const b1 = await makeUnit(db, 'JUB1', b.id);
	const c = await makeUnit(db, 'JUC', root.id);
	for (const [k, u] of Object.entries({ root, a, a1, b, b1, c })) {
		const [row] = await db.select().from(units).where(eq(units.id, u.id));
		unit[k] = { id: row.id, path: row.path, name: row.name };
	}
});
afterAll(() => handle.close());

let contestNo = 0;

/** An essay contest with one round (rubric: content 90 + form 10 on 100, threshold 20). */
async function makeContest(round: Partial<typeof essayRounds.$inferInsert> = {}) {
	contestNo++;
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: `Viết về Bác ${contestNo}` })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `BL${contestNo}`,
		opensAt: new Date('2026-01-01T00:00:00Z'),
		closesAt: new Date('2026-06-01T00:00:00Z')
	});
	const [r] = await db
		.insert(essayRounds)
		.values({ contestId: contest.id, position: 1, name: 'Sơ khảo', ...round })
		.returning();
	const [content, form] = await db
		.insert(rubricCriteria)
		.values([
			{ roundId: r.id, position: 1, name: 'Nội dung', maxPoints: 90 },
			{ roundId: r.id, position: 2, name: 'Hình thức', maxPoints: 10 }
		])
		.returning();
	let entryNo = 0;
	return {
		contestId: contest.id,
		round: r,
		content: String(content.id),
		form: String(form.id),
		/** points adding up to `total` */
		points(total: number) {
			const f = Math.min(10, total);
			return { [String(content.id)]: total - f, [String(form.id)]: f };
		},
		async entry(authorId: number, authorUnitId: number, extra: Partial<typeof entries.$inferInsert> = {}) {
			entryNo++;
			const [e] = await db
				.insert(entries)
				.values({
					contestId: contest.id,
					entryNo,
					code: `BL${contestNo}-${String(entryNo).padStart(4, '0')}`,
					authorId,
					authorUnitId,
					slot: entryNo,
					title: `Bài số ${entryNo}`,
					body: 'Đoạn một.\n\nĐoạn hai.',
					status: 'submitted',
					submittedAt: new Date('2026-02-01T00:00:00Z'),
					...extra
				})
				.returning();
			return e;
		},
		async judge(unitId: number, fullName = 'Giám Khảo') {
			const [u] = await db
				.insert(users)
				.values({
					fullName,
					birthDate: '1980-01-01',
					unitId,
					phone: nextPhone(),
					passwordHash: 'x',
					searchText: fullName.toLowerCase()
				})
				.returning({ id: users.id });
			await db.insert(roleGrants).values({ userId: u.id, role: 'judge', contestId: contest.id });
			return u.id;
		}
	};
}

const NOW = new Date('2026-03-01T00:00:00Z');

/** Changes an entry frozen by its contest's stage (the database refuses it otherwise): the correction path's switch. */
async function behindTheRules(change: (tx: Tx) => Promise<unknown>) {
	await db.transaction(async (tx) => {
		await tx.execute(sql`select set_config('app.essay_correction', 'on', true)`);
		await change(tx);
	});
}

/** One entry in round, with two judges assigned by hand. */
async function twoJudgeSetup(round: Partial<typeof essayRounds.$inferInsert> = {}) {
	const c = await makeContest(round);
	const author = await makeUser(db, unit.a1.id, { fullName: 'Trần Thị Tácgiả' });
	const entry = await c.entry(author.id, unit.a1.id, {
		fileName: 'bai-cua-tran-thi-tacgia.docx'
	});
	const j1 = await c.judge(unit.b.id);
	const j2 = await c.judge(unit.b1.id);
	const j3 = await c.judge(unit.c.id);
	expect(await openRound(db, c.round.id)).toEqual({ ok: true, added: 1 });
	const a1 = await assignManually(db, {
		roundId: c.round.id,
		entryId: entry.id,
		judgeId: j1,
		createdBy: null
	});
	const a2 = await assignManually(db, {
		roundId: c.round.id,
		entryId: entry.id,
		judgeId: j2,
		createdBy: null
	});
	if (!a1.ok || !a2.ok) throw new Error('assign failed');
	return { c, entry, author, j1, j2, j3, a1: a1.assignmentId, a2: a2.assignmentId };
}

async function thirdAssignments(roundId: number, entryId: number) {
	return db
		.select()
		.from(assignments)
		.where(
			and(eq(assignments.roundId, roundId), eq(assignments.entryId, entryId), eq(assignments.source, 'third'))
		);
}

describe('opening a round and assigning judges', () => {
	it('puts only submitted entries into the first round and advances chosen ones later', async () => {
		const c = await makeContest();
		const author = await makeUser(db, unit.a.id);
		const kept = await c.entry(author.id, unit.a.id);
		await c.entry(author.id, unit.a.id, { status: 'withdrawn', slot: null });
		await c.entry(author.id, unit.a.id, { status: 'draft' });
		expect(await openRound(db, c.round.id)).toEqual({ ok: true, added: 1 });
		const [final] = await db
			.insert(essayRounds)
			.values({ contestId: c.contestId, position: 2, name: 'Chung khảo' })
			.returning();
		expect(await openRound(db, final.id)).toEqual({ ok: false, error: 'not_first_round' });
		expect(await advanceEntries(db, c.round.id, final.id, [kept.id])).toEqual({ ok: true, added: 1 });
		expect(await advanceEntries(db, final.id, c.round.id, [kept.id])).toEqual({
			ok: false,
			error: 'bad_rounds'
		});
	});

	it('never assigns a judge from the author’s unit, its ancestors or descendants, and balances loads', async () => {
		const c = await makeContest();
		const judgeUnits = [unit.root, unit.a, unit.a1, unit.b, unit.b1, unit.c, unit.c];
		const judges = new Map<number, string>();
		for (const u of judgeUnits) judges.set(await c.judge(u.id), u.path);
		const authorUnits = [unit.a1, unit.b, unit.c];
		const authorPath = new Map<number, string>();
		for (let i = 0; i < 30; i++) {
			const u = authorUnits[i % 3];
			const author = await makeUser(db, u.id);
			authorPath.set((await c.entry(author.id, u.id)).id, u.path);
		}
		await openRound(db, c.round.id);
		const result = await autoAssign(db, c.round.id, null);
		if (!result.ok) throw new Error(result.error);
		expect(result).toMatchObject({ created: 60, entries: 30, judges: 7, unassignable: [] });
		const rows = await db.select().from(assignments).where(eq(assignments.roundId, c.round.id));
		expect(rows).toHaveLength(60);
		for (const r of rows) expect(isConflict(judges.get(r.judgeId)!, authorPath.get(r.entryId)!)).toBe(false);
		// the root judge conflicts with everyone
		const rootJudge = [...judges].find(([, p]) => p === unit.root.path)![0];
		expect(rows.some((r) => r.judgeId === rootJudge)).toBe(false);
		// a second run adds nothing
		expect(await autoAssign(db, c.round.id, null)).toMatchObject({ ok: true, created: 0 });
	});

	it('assigns 4,200 entries × 2 over 40 judges, loads within one', async () => {
		const c = await makeContest();
		const judgeIds: number[] = [];
		for (let i = 0; i < 40; i++) judgeIds.push(await c.judge(unit.c.id));
		const author = await makeUser(db, unit.a1.id);
		const rows = Array.from({ length: 4200 }, (_, i) => ({
			contestId: c.contestId,
			entryNo: 10_000 + i,
			code: `BIG-${i}`,
			authorId: author.id,
			authorUnitId: i % 2 ? unit.a1.id : unit.b1.id,
			slot: i + 1,
			title: `Bài ${i}`,
			status: 'submitted' as const
		}));
		for (let i = 0; i < rows.length; i += 1000) await db.insert(entries).values(rows.slice(i, i + 1000));
		await openRound(db, c.round.id);
		const result = await autoAssign(db, c.round.id, null);
		expect(result).toMatchObject({ ok: true, created: 8400, unassignable: [] });
		const loads = (await judgeQueue(db, judgeIds[0])).concat(await judgeQueue(db, judgeIds[39]));
		const counts = loads.map((q) => q.done + q.left);
		expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
		expect(counts[0]).toBeGreaterThanOrEqual(209);
	});

	it('refuses a manual assignment with a conflict, and unassigning once a score is submitted', async () => {
		const { c, entry, a1, j1 } = await twoJudgeSetup();
		expect(await roundEntryByCode(db, c.round.id, ` ${entry.code.toLowerCase()} `)).toBe(entry.id);
		expect(await roundEntryByCode(db, c.round.id, 'NOPE-1')).toBeNull();
		const conflicted = await c.judge(unit.a.id);
		expect(
			await assignManually(db, {
				roundId: c.round.id,
				entryId: entry.id,
				judgeId: conflicted,
				createdBy: null
			})
		).toEqual({ ok: false, error: 'conflict' });
		expect(
			await assignManually(db, { roundId: c.round.id, entryId: entry.id, judgeId: j1, createdBy: null })
		).toEqual({ ok: false, error: 'already_assigned' });
		expect(
			await saveScore(db, a1, j1, { points: c.points(70), comment: '', submit: true }, NOW)
		).toMatchObject({
			ok: true
		});
		expect(await unassign(db, { assignmentId: a1, actorId: null, reason: 'thử' })).toEqual({
			ok: false,
			error: 'has_submitted_score'
		});
	});
});

describe('scoring', () => {
	it('lets only the assigned judge read and score', async () => {
		const { c, a1, j2 } = await twoJudgeSetup();
		expect(await entryForJudge(db, a1, j2)).toEqual({ ok: false, error: 'not_assigned' });
		expect(await saveScore(db, a1, j2, { points: c.points(50), comment: '', submit: false }, NOW)).toEqual({
			ok: false,
			error: 'not_assigned'
		});
	});

	it('validates the rubric per criterion; a draft may leave criteria empty, a submission may not', async () => {
		const { c, a1, j1 } = await twoJudgeSetup();
		const over = await saveScore(
			db,
			a1,
			j1,
			{ points: { [c.content]: 95, [c.form]: 2.25 }, comment: '', submit: false },
			NOW
		);
		expect(over).toEqual({
			ok: false,
			error: 'invalid',
			errors: [
				{ criterionId: c.content, code: 'above_max' },
				{ criterionId: c.form, code: 'not_half_step' }
			]
		});
		expect(
			await saveScore(db, a1, j1, { points: { [c.content]: 60.5 }, comment: '', submit: false }, NOW)
		).toMatchObject({ ok: true, status: 'draft', total: 60.5 });
		expect(
			await saveScore(db, a1, j1, { points: { [c.content]: 60.5 }, comment: '', submit: true }, NOW)
		).toEqual({ ok: false, error: 'invalid', errors: [{ criterionId: c.form, code: 'missing' }] });
	});

	it('writes an audit row with before and after for every change', async () => {
		const { c, a1, j1 } = await twoJudgeSetup();
		await saveScore(db, a1, j1, { points: c.points(40), comment: 'a', submit: false }, NOW);
		await saveScore(db, a1, j1, { points: c.points(45), comment: 'b', submit: false }, NOW);
		await saveScore(db, a1, j1, { points: c.points(50), comment: 'c', submit: true }, NOW);
		const rows = await db
			.select()
			.from(scoreAudit)
			.where(eq(scoreAudit.assignmentId, a1))
			.orderBy(scoreAudit.id);
		expect(rows.map((r) => [r.actorId, (r.before as { total: number } | null)?.total ?? null])).toEqual([
			[j1, null],
			[j1, 40],
			[j1, 45]
		]);
		expect(rows.map((r) => (r.after as { status: string; total: number }).status)).toEqual([
			'draft',
			'draft',
			'submitted'
		]);
	});

	it('refuses scores after the round closes and for a withdrawn entry', async () => {
		const { c, entry, a1, j1 } = await twoJudgeSetup({ closesAt: new Date('2026-04-01T00:00:00Z') });
		const input = { points: c.points(50), comment: '', submit: false };
		expect(await saveScore(db, a1, j1, input, new Date('2026-04-01T00:00:00Z'))).toEqual({
			ok: false,
			error: 'closed'
		});
		await behindTheRules((tx) =>
			tx.update(entries).set({ status: 'withdrawn', slot: null }).where(eq(entries.id, entry.id))
		);
		expect(await saveScore(db, a1, j1, input, NOW)).toEqual({ ok: false, error: 'withdrawn' });
	});
});

describe('the third judge', () => {
	it('is called when two totals differ by exactly the threshold', async () => {
		const { c, entry, a1, a2, j1, j2, j3 } = await twoJudgeSetup();
		await saveScore(db, a1, j1, { points: c.points(70), comment: '', submit: true }, NOW);
		const second = await saveScore(db, a2, j2, { points: c.points(50), comment: '', submit: true }, NOW);
		expect(second).toMatchObject({ ok: true, thirdJudgeId: j3, disagreement: true });
		expect(await thirdAssignments(c.round.id, entry.id)).toHaveLength(1);
		const [re] = await db.select().from(roundEntries).where(eq(roundEntries.entryId, entry.id));
		expect(re.disagreement).toBe(true);
	});

	it('is not called half a point below the threshold', async () => {
		const { c, entry, a1, a2, j1, j2 } = await twoJudgeSetup();
		await saveScore(db, a1, j1, { points: c.points(70), comment: '', submit: true }, NOW);
		const second = await saveScore(db, a2, j2, { points: c.points(50.5), comment: '', submit: true }, NOW);
		expect(second).toMatchObject({ ok: true, thirdJudgeId: null, disagreement: false });
		expect(await thirdAssignments(c.round.id, entry.id)).toHaveLength(0);
	});

	it('is called exactly once when both judges submit at the same moment', async () => {
		for (let run = 0; run < 5; run++) {
			const { c, entry, a1, a2, j1, j2 } = await twoJudgeSetup();
			await c.judge(unit.c.id);
			const results = await Promise.all([
				saveScore(db, a1, j1, { points: c.points(80), comment: '', submit: true }, NOW),
				saveScore(db, a2, j2, { points: c.points(55), comment: '', submit: true }, NOW)
			]);
			expect(results.every((r) => r.ok)).toBe(true);
			expect(await thirdAssignments(c.round.id, entry.id)).toHaveLength(1);
		}
	});
});

describe('what a judge sees', () => {
	it('names neither the author, nor the unit, nor the file, and hides others’ totals until the round closes', async () => {
		const { c, author, a1, a2, j1, j2 } = await twoJudgeSetup();
		await db
			.insert(entryFiles)
			.values({ sha256: 'a'.repeat(64), kind: 'docx', sizeBytes: 10, strippedSha256: 'b'.repeat(64) });
		await behindTheRules((tx) =>
			tx
				.update(entries)
				.set({ fileSha256: 'a'.repeat(64) })
				.where(eq(entries.authorId, author.id))
		);
		await saveScore(db, a2, j2, { points: c.points(60), comment: '', submit: true }, NOW);
		const before = await entryForJudge(db, a1, j1);
		if (!before.ok) throw new Error(before.error);
		expect(before.entry.hasFile).toBe(true);
		expect(before.entry.otherTotals).toBeNull();
		const queue = await judgeQueue(db, j1);
		for (const json of [JSON.stringify(before), JSON.stringify(queue)]) {
			for (const secret of [author.fullName, unit.a1.name, 'JUA1', 'bai-cua-tran-thi-tacgia', author.phone]) {
				expect(json).not.toContain(secret);
			}
		}
		const file = await fileForJudge(db, a1, j1);
		expect(file).toEqual({ code: before.entry.code, strippedSha256: 'b'.repeat(64), kind: 'docx' });
		expect(await fileForJudge(db, a1, j2)).toBeNull();
		await saveScore(db, a1, j1, { points: c.points(65), comment: '', submit: true }, NOW);
		// independent marking: still nothing while the round is open, the others' totals once it is closed
		const open = await entryForJudge(db, a1, j1, NOW);
		expect(open.ok && open.entry.otherTotals).toBeNull();
		await db.update(essayRounds).set({ closedAt: NOW }).where(eq(essayRounds.id, c.round.id));
		const after = await entryForJudge(db, a1, j1, NOW);
		expect(after.ok && after.entry.otherTotals).toEqual([60]);
	});
});

describe('results for the organizer', () => {
	it('shows raw and z-normalized aggregates as computed by hand', async () => {
		const c = await makeContest();
		const j1 = await c.judge(unit.b.id, 'Giám khảo Một');
		const j2 = await c.judge(unit.c.id, 'Giám khảo Hai');
		const author = await makeUser(db, unit.a1.id);
		const list = [];
		for (let i = 0; i < 5; i++) list.push(await c.entry(author.id, unit.a1.id));
		await openRound(db, c.round.id);
		expect(await autoAssign(db, c.round.id, null)).toMatchObject({ ok: true, created: 10 });
		const mine = async (judgeId: number) => (await judgeQueue(db, judgeId))[0].items;
		// J1 gives 50, 60, 70, 80, 90 (mean 70, SD √200); J2 gives 40 … 80 (mean 60). Pool: mean 65, SD 15.
		for (const [judgeId, base] of [
			[j1, 50],
			[j2, 40]
		]) {
			for (const [i, item] of (await mine(judgeId)).entries()) {
				const r = await saveScore(
					db,
					item.assignmentId,
					judgeId,
					{ points: c.points(base + 10 * i), comment: '', submit: true },
					NOW
				);
				expect(r.ok).toBe(true);
			}
		}
		const results = await entryResults(db, c.round.id);
		expect(results!.pool).toEqual({ count: 10, mean: 65, sd: 15 });
		const first = results!.entries[0];
		// 50 → 65 + 15·(50−70)/√200 = 43.79; 40 → 65 + 15·(40−60)/√200 = 43.79
		expect(first).toMatchObject({ mean: 45, median: 45, spread: 10, settled: 45, normalizedMean: 43.79 });
		expect(first.totals.map((t) => t.total).sort()).toEqual([40, 50]);
		expect(results!.entries[2]).toMatchObject({ mean: 65, normalizedMean: 65, disagreement: false });
		expect(results!.judges).toEqual([
			{
				judgeId: j1,
				name: 'Giám khảo Một',
				assigned: 5,
				done: 5,
				mean: 70,
				sd: 14.14,
				meanVsPool: 5,
				normalizable: true
			},
			{
				judgeId: j2,
				name: 'Giám khảo Hai',
				assigned: 5,
				done: 5,
				mean: 60,
				sd: 14.14,
				meanVsPool: -5,
				normalizable: true
			}
		]);
	});
});

describe('judge access', () => {
	it('holds only for the contest the judge was granted', async () => {
		const { c, a1, j1 } = await twoJudgeSetup();
		const other = await makeContest();
		expect(await contestOfAssignment(db, a1)).toBe(c.contestId);
		expect(await isJudgeOf(db, j1, c.contestId)).toBe(true);
		expect(await isJudgeOf(db, j1, other.contestId)).toBe(false);
		expect(await contestOfAssignment(db, 999_999)).toBeNull();
	});
});
