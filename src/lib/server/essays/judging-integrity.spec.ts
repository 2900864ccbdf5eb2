// Issue 11, judging: unassignment keeps the trail, independent marking, the third judge over any number of judges.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOfContest } from '../audit';
import type { Db, DbHandle } from '../db/client';
import {
	assignments,
	contests,
	entries,
	essayRounds,
	essaySettings,
	roleGrants,
	rubricCriteria,
	scoreAudit,
	scores,
	units,
	users
} from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser, nextPhone } from '../testing/fixtures';
import { entriesLackingJudges, reopenScore, replaceJudge } from './assignment-admin';
import { entryForJudge, judgeQueue } from './judge-side';
import { assignManually, autoAssign, openRound, unassign } from './judging';
import { saveScore } from './marking';
import { entryResults } from './round-results';

let handle: DbHandle;
let db: Db;
const unit: Record<string, { id: number; path: string }> = {};

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	const root = await makeUnit(db, 'JIROOT');
	const a = await makeUnit(db, 'JIA', root.id);
	const b = await makeUnit(db, 'JIB', root.id);
	const c = await makeUnit(db, 'JIC', root.id);
	for (const [k, u] of Object.entries({ root, a, b, c })) {
		const [row] = await db.select().from(units).where(eq(units.id, u.id));
		unit[k] = { id: row.id, path: row.path };
	}
});
afterAll(() => handle.close());

const NOW = new Date('2026-03-01T00:00:00Z');
let contestNo = 0;

/** A contest with one round (content 90 + form 10 on 100) and one organizer. */
async function makeContest(round: Partial<typeof essayRounds.$inferInsert> = {}) {
	contestNo++;
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: `Liêm chính ${contestNo}` })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `JI${contestNo}`,
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
	const organizer = await makeUser(db, unit.root.id, { fullName: 'Ban Tổ Chức' });
	let entryNo = 0;
	return {
		contestId: contest.id,
		round: r,
		organizer: organizer.id,
		points(total: number) {
			const f = Math.min(10, total);
			return { [String(content.id)]: total - f, [String(form.id)]: f };
		},
		async entry(unitId = unit.a.id) {
			entryNo++;
			const author = await makeUser(db, unitId);
			const [e] = await db
				.insert(entries)
				.values({
					contestId: contest.id,
					entryNo,
					code: `JI${contestNo}-${String(entryNo).padStart(4, '0')}`,
					authorId: author.id,
					authorUnitId: unitId,
					slot: 1,
					title: `Bài ${entryNo}`,
					body: 'Một đoạn.',
					status: 'submitted',
					submittedAt: new Date('2026-02-01T00:00:00Z')
				})
				.returning();
			return e;
		},
		async judge(unitId: number) {
			const [u] = await db
				.insert(users)
				.values({
					fullName: `Giám khảo ${unitId}`,
					birthDate: '1980-01-01',
					unitId,
					phone: nextPhone(),
					passwordHash: 'x',
					searchText: 'giam khao'
				})
				.returning({ id: users.id });
			await db.insert(roleGrants).values({ userId: u.id, role: 'judge', contestId: contest.id });
			return u.id;
		}
	};
}

type Contest = Awaited<ReturnType<typeof makeContest>>;

async function assign(c: Contest, entryId: number, judgeId: number): Promise<number> {
	const r = await assignManually(db, { roundId: c.round.id, entryId, judgeId, createdBy: null });
	if (!r.ok) throw new Error(r.error);
	return r.assignmentId;
}

async function submit(c: Contest, assignmentId: number, judgeId: number, total: number) {
	return saveScore(db, assignmentId, judgeId, { points: c.points(total), comment: '', submit: true }, NOW);
}

async function activeOn(roundId: number, entryId: number) {
	return db
		.select()
		.from(assignments)
		.where(
			and(
				eq(assignments.roundId, roundId),
				eq(assignments.entryId, entryId),
				sql`${assignments.removedAt} is null`
			)
		);
}

describe('unassigning keeps the trail (item 3)', () => {
	it('soft-removes the assignment with its reason; the draft score and its audit rows stay', async () => {
		const c = await makeContest();
		const e = await c.entry();
		const j1 = await c.judge(unit.b.id);
		await openRound(db, c.round.id);
		const a1 = await assign(c, e.id, j1);
		const draft = { points: c.points(40), comment: 'nháp', submit: false };
		expect(await saveScore(db, a1, j1, draft, NOW)).toMatchObject({ ok: true, status: 'draft' });

		expect(await unassign(db, { assignmentId: a1, actorId: c.organizer, reason: '  ' })).toEqual({
			ok: false,
			error: 'reason_required'
		});
		expect(
			await unassign(db, { assignmentId: a1, actorId: c.organizer, reason: 'Xung đột lợi ích' }, NOW)
		).toEqual({ ok: true });

		const [row] = await db.select().from(assignments).where(eq(assignments.id, a1));
		expect(row).toMatchObject({ removedBy: c.organizer, removalReason: 'Xung đột lợi ích' });
		expect(row.removedAt).not.toBeNull();
		expect(await db.select().from(scores).where(eq(scores.assignmentId, a1))).toHaveLength(1);
		expect(await db.select().from(scoreAudit).where(eq(scoreAudit.assignmentId, a1))).toHaveLength(1);
		const trail = await auditOfContest(db, c.contestId, { entity: 'assignment', entityId: a1 });
		expect(trail.map((t) => [t.action, t.reason])).toEqual([
			['assignment.remove', 'Xung đột lợi ích'],
			['assignment.add', '']
		]);

		// out of the judge's queue, unreadable, unscorable, and out of the aggregates
		expect(await judgeQueue(db, j1)).toEqual([]);
		expect(await entryForJudge(db, a1, j1)).toEqual({ ok: false, error: 'not_assigned' });
		expect(await saveScore(db, a1, j1, draft, NOW)).toEqual({ ok: false, error: 'not_assigned' });
		expect((await entryResults(db, c.round.id))!.entries[0].assigned).toBe(0);
		// removing twice is refused, reassigning the same judge makes a new active row
		expect(await unassign(db, { assignmentId: a1, actorId: c.organizer, reason: 'lại' })).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect(
			await assignManually(db, { roundId: c.round.id, entryId: e.id, judgeId: j1, createdBy: null })
		).toMatchObject({
			ok: true
		});
	});

	it('refuses at the database any UPDATE or DELETE of score_audit, and deleting an assignment with history', async () => {
		const c = await makeContest();
		const e = await c.entry();
		const j1 = await c.judge(unit.b.id);
		await openRound(db, c.round.id);
		const a1 = await assign(c, e.id, j1);
		await saveScore(db, a1, j1, { points: c.points(40), comment: '', submit: false }, NOW);
		await expect(
			db.execute(sql`update score_audit set actor_id = null where assignment_id = ${a1}`)
		).rejects.toThrow();
		await expect(db.execute(sql`delete from score_audit where assignment_id = ${a1}`)).rejects.toThrow();
		await expect(db.execute(sql`delete from assignments where id = ${a1}`)).rejects.toThrow();
		await expect(db.execute(sql`delete from users where id = ${j1}`)).rejects.toThrow();
		expect(await db.select().from(scoreAudit).where(eq(scoreAudit.assignmentId, a1))).toHaveLength(1);
	});

	it('replaces a judge in bulk: unscored entries move to others, conflicts and balance respected, reason logged', async () => {
		const c = await makeContest({ judgesPerEntry: 1 });
		const leaving = await c.judge(unit.b.id);
		const list = [];
		for (let i = 0; i < 4; i++) list.push(await c.entry(unit.a.id));
		await openRound(db, c.round.id);
		const ids = [];
		for (const e of list) ids.push(await assign(c, e.id, leaving));
		await submit(c, ids[0], leaving, 70);
		const other1 = await c.judge(unit.c.id);
		const other2 = await c.judge(unit.b.id);
		await c.judge(unit.a.id); // conflicts with every author
		const result = await replaceJudge(db, {
			roundId: c.round.id,
			judgeId: leaving,
			actorId: c.organizer,
			reason: 'Ốm dài ngày'
		});
		expect(result).toMatchObject({ ok: true, moved: 3, unplaced: [] });
		const queue = await judgeQueue(db, leaving);
		expect(queue[0].items.map((i) => i.status)).toEqual(['submitted']);
		const loads = [
			(await judgeQueue(db, other1))[0].items.length,
			(await judgeQueue(db, other2))[0].items.length
		];
		expect(loads.sort()).toEqual([1, 2]);
		const trail = await auditOfContest(db, c.contestId, { entity: 'assignment' });
		const replaced = trail.filter((t) => t.action === 'assignment.replace');
		expect(replaced).toHaveLength(3);
		expect(replaced.every((t) => t.reason === 'Ốm dài ngày')).toBe(true);
	});

	it('names by code the entries auto-assignment could not fill', async () => {
		const c = await makeContest({ judgesPerEntry: 2 });
		await c.judge(unit.b.id);
		await c.judge(unit.c.id);
		const fine = await c.entry(unit.a.id);
		const short = await c.entry(unit.b.id);
		await openRound(db, c.round.id);
		const result = await autoAssign(db, c.round.id, c.organizer);
		expect(result).toMatchObject({
			ok: true,
			unassignable: [{ entryId: short.id, code: short.code, missing: 1 }]
		});
		expect(await entriesLackingJudges(db, c.round.id)).toEqual([
			{ entryId: short.id, code: short.code, have: 1, need: 2 }
		]);
		expect((await activeOn(c.round.id, fine.id)).length).toBe(2);
		const trail = await auditOfContest(db, c.contestId, { entity: 'essay_round', entityId: c.round.id });
		expect(trail[0]).toMatchObject({ action: 'assignment.auto' });
	});
});

describe('independent marking (item 5)', () => {
	async function pair() {
		const c = await makeContest();
		const e = await c.entry();
		const j1 = await c.judge(unit.b.id);
		const j2 = await c.judge(unit.c.id);
		await openRound(db, c.round.id);
		return { c, e, j1, j2, a1: await assign(c, e.id, j1), a2: await assign(c, e.id, j2) };
	}

	it('never shows another judge’s total while the round is open', async () => {
		const { c, a1, a2, j1, j2 } = await pair();
		await submit(c, a2, j2, 60);
		await submit(c, a1, j1, 65);
		const seen = await entryForJudge(db, a1, j1, NOW);
		expect(seen.ok && seen.entry.otherTotals).toBeNull();
		expect(JSON.stringify(seen)).not.toContain('60');
	});

	it('refuses to change a submitted score until the organizer reopens it, with a reason', async () => {
		const { c, a1, j1 } = await pair();
		await submit(c, a1, j1, 65);
		expect(await submit(c, a1, j1, 90)).toEqual({ ok: false, error: 'already_submitted' });
		// the database holds it too, whoever writes
		await expect(db.execute(sql`update scores set total = 90 where assignment_id = ${a1}`)).rejects.toThrow();

		expect(await reopenScore(db, { assignmentId: a1, actorId: c.organizer, reason: '' }, NOW)).toEqual({
			ok: false,
			error: 'reason_required'
		});
		expect(
			await reopenScore(db, { assignmentId: a1, actorId: c.organizer, reason: 'Nhầm tiêu chí' }, NOW)
		).toEqual({ ok: true });
		expect(await reopenScore(db, { assignmentId: a1, actorId: c.organizer, reason: 'x' }, NOW)).toEqual({
			ok: false,
			error: 'not_submitted'
		});
		const reopened = await entryForJudge(db, a1, j1, NOW);
		expect(reopened.ok && reopened.entry.score).toMatchObject({ total: 65, submitted: false });
		expect(await submit(c, a1, j1, 88)).toMatchObject({ ok: true, status: 'submitted', total: 88 });
		const trail = await auditOfContest(db, c.contestId, { entity: 'score', entityId: a1 });
		expect(trail).toMatchObject([{ action: 'score.reopen', reason: 'Nhầm tiêu chí' }]);
		const rows = await db
			.select()
			.from(scoreAudit)
			.where(eq(scoreAudit.assignmentId, a1))
			.orderBy(scoreAudit.id);
		expect(rows.map((r) => [r.actorId, (r.after as { status: string; total: number }).total])).toEqual([
			[j1, 65],
			[c.organizer, 65],
			[j1, 88]
		]);
	});
});

describe('the third judge over any number of judges (item 6)', () => {
	async function three(threshold: number) {
		const c = await makeContest({ judgesPerEntry: 3, disagreementThreshold: threshold });
		const e = await c.entry();
		const js = [await c.judge(unit.b.id), await c.judge(unit.b.id), await c.judge(unit.c.id)];
		const extra = await c.judge(unit.c.id);
		await openRound(db, c.round.id);
		const as = [];
		for (const j of js) as.push(await assign(c, e.id, j));
		return { c, e, js, as, extra };
	}

	it('waits for every regular judge before calling an extra one', async () => {
		const { c, e, js, as } = await three(15);
		await submit(c, as[0], js[0], 90);
		const second = await submit(c, as[1], js[1], 60);
		expect(second).toMatchObject({ ok: true, thirdJudgeId: null, disagreement: false });
		expect(await activeOn(c.round.id, e.id)).toHaveLength(3);
	});

	it('decides when the last regular judge who had not scored is unassigned', async () => {
		const { c, e, js, as, extra } = await three(15);
		await submit(c, as[0], js[0], 90);
		await submit(c, as[1], js[1], 60);
		expect(await unassign(db, { assignmentId: as[2], actorId: c.organizer, reason: 'Ốm' }, NOW)).toEqual({
			ok: true
		});
		const on = await activeOn(c.round.id, e.id);
		expect(on.filter((a) => a.source === 'third').map((a) => a.judgeId)).toEqual([extra]);
	});

	it('flags 80 / 82 / 60 (spread 22, threshold 15) once all three have scored, with one extra judge', async () => {
		const { c, e, js, as, extra } = await three(15);
		await submit(c, as[0], js[0], 80);
		await submit(c, as[1], js[1], 82);
		const last = await submit(c, as[2], js[2], 60);
		expect(last).toMatchObject({ ok: true, thirdJudgeId: extra, disagreement: true });
		const on = await activeOn(c.round.id, e.id);
		expect(on.filter((a) => a.source === 'third')).toHaveLength(1);
		const results = await entryResults(db, c.round.id);
		expect(results!.entries[0]).toMatchObject({ disagreement: true, spread: 22 });
	});
});
