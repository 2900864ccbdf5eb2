import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import {
	contests,
	entries,
	entryFiles,
	essayRounds,
	essaySettings,
	roleGrants,
	roundEntries,
	rubricCriteria,
	units,
	users
} from '../db/schema';
import { auditOfContest } from '../audit';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser, nextPhone } from '../testing/fixtures';
import type { EntryResult } from './round-results';
import { entryForJudge, judgeQueue } from './judge-side';
import { assignManually, autoAssign, openRound } from './judging';
import { saveScore } from './marking';
import { entryResults } from './round-results';
import {
	advancePreview,
	advanceRound,
	closeRound,
	entryForOrganizer,
	originalFileOf,
	pageOfResults,
	reopenRound,
	roundStatus
} from './rounds-admin';

let handle: DbHandle;
let db: Db;
const unit: Record<string, { id: number; name: string }> = {};

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	const root = await makeUnit(db, 'RAROOT');
	const a = await makeUnit(db, 'RAA', root.id);
	const b = await makeUnit(db, 'RAB', root.id);
	for (const [k, u] of Object.entries({ root, a, b })) {
		const [row] = await db.select().from(units).where(eq(units.id, u.id));
		unit[k] = { id: row.id, name: row.name };
	}
});
afterAll(() => handle.close());

const NOW = new Date('2026-03-01T00:00:00Z');
let contestNo = 0;

/** A contest with two rounds (content 90 + form 10 on 100), its judges in unit B, authors in unit A. */
async function makeContest(first: Partial<typeof essayRounds.$inferInsert> = {}, withFinal = true) {
	contestNo++;
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: `Thi viết ${contestNo}` })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `RA${contestNo}`,
		opensAt: new Date('2026-01-01T00:00:00Z'),
		closesAt: new Date('2026-02-15T00:00:00Z')
	});
	const roundValues = [{ contestId: contest.id, position: 1, name: 'Sơ khảo', ...first }];
	if (withFinal) roundValues.push({ contestId: contest.id, position: 2, name: 'Chung khảo' });
	const rounds = await db.insert(essayRounds).values(roundValues).returning();
	const criteria = await db
		.insert(rubricCriteria)
		.values(
			rounds.flatMap((r) => [
				{ roundId: r.id, position: 1, name: 'Nội dung', maxPoints: 90 },
				{ roundId: r.id, position: 2, name: 'Hình thức', maxPoints: 10 }
			])
		)
		.returning();
	const [content, form] = criteria.filter((c) => c.roundId === rounds[0].id);
	const author = await makeUser(db, unit.a.id, { fullName: 'Lê Văn Tácgiả' });
	let entryNo = 0;
	const judges: number[] = [];
	const c = {
		contestId: contest.id,
		first: rounds[0],
		final: rounds[1] as (typeof rounds)[0] | undefined,
		author,
		points(total: number) {
			const f = Math.min(10, total);
			return { [String(content.id)]: total - f, [String(form.id)]: f };
		},
		async judge(fullName = `Giám khảo ${judges.length + 1}`) {
			const [u] = await db
				.insert(users)
				.values({
					fullName,
					birthDate: '1980-01-01',
					unitId: unit.b.id,
					phone: nextPhone(),
					passwordHash: 'x',
					searchText: fullName.toLowerCase()
				})
				.returning({ id: users.id });
			await db.insert(roleGrants).values({ userId: u.id, role: 'judge', contestId: contest.id });
			judges.push(u.id);
			return u.id;
		},
		async entry(extra: Partial<typeof entries.$inferInsert> = {}) {
			entryNo++;
			const [e] = await db
				.insert(entries)
				.values({
					contestId: contest.id,
					entryNo,
					code: `RA${contestNo}-${String(entryNo).padStart(4, '0')}`,
					authorId: author.id,
					authorUnitId: unit.a.id,
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
		/** puts `judgeId` on the entry and submits (or drafts) `total` */
		async score(entryId: number, judgeId: number, total: number, submit = true, roundId = rounds[0].id) {
			const assigned = await assignManually(db, { roundId, entryId, judgeId, createdBy: null });
			if (!assigned.ok) throw new Error(assigned.error);
			const saved = await saveScore(
				db,
				assigned.assignmentId,
				judgeId,
				{ points: c.points(total), comment: `nhận xét ${total}`, submit },
				NOW
			);
			if (!saved.ok) throw new Error(saved.error);
			return assigned.assignmentId;
		}
	};
	return c;
}

/** One judge per entry; entries scored with these totals in order. */
async function rankedContest(totals: number[]) {
	const c = await makeContest({ judgesPerEntry: 1 });
	const judge = await c.judge();
	const list = [];
	for (let i = 0; i < totals.length; i++) list.push(await c.entry());
	await openRound(db, c.first.id);
	for (const [i, total] of totals.entries()) await c.score(list[i].id, judge, total);
	return { c, judge, list };
}

describe('closing and reopening a round', () => {
	it('closing blocks scores and shows the round closed to judges; reopening lets them score again', async () => {
		const c = await makeContest();
		const judge = await c.judge();
		const entry = await c.entry();
		await openRound(db, c.first.id);
		const assignmentId = await c.score(entry.id, judge, 60, false);
		expect(await closeRound(db, c.first.id, NOW)).toEqual({ ok: true, already: false });
		expect(await closeRound(db, c.first.id, NOW)).toEqual({ ok: true, already: true });
		const input = { points: c.points(70), comment: '', submit: true };
		expect(await saveScore(db, assignmentId, judge, input, NOW)).toEqual({ ok: false, error: 'closed' });
		expect((await judgeQueue(db, judge, undefined, NOW))[0].closed).toBe(true);
		const seen = await entryForJudge(db, assignmentId, judge, NOW);
		expect(seen.ok && seen.entry.closed).toBe(true);

		expect(await reopenRound(db, c.first.id, NOW)).toEqual({ ok: true });
		expect(await saveScore(db, assignmentId, judge, input, NOW)).toMatchObject({ ok: true, total: 70 });
		// both moves are in the contest's append-only trail
		const trail = await auditOfContest(db, c.first.contestId, {
			entity: 'essay_round',
			entityId: c.first.id
		});
		expect(trail.map((a) => a.action)).toEqual(['round.reopen', 'round.close']);
	});

	it('refuses to reopen once a later round has entries, and after the judging deadline', async () => {
		const { c, list } = await rankedContest([80]);
		await closeRound(db, c.first.id, NOW);
		await db.insert(roundEntries).values({ roundId: c.final!.id, entryId: list[0].id });
		expect(await reopenRound(db, c.first.id, NOW)).toEqual({ ok: false, error: 'later_round_started' });
		expect(await roundStatus(db, c.first.id, NOW)).toMatchObject({
			closed: true,
			laterStarted: true,
			nextRound: { id: c.final!.id, name: 'Chung khảo' }
		});
		const [still] = await db.select().from(essayRounds).where(eq(essayRounds.id, c.first.id));
		expect(still.closedAt).not.toBeNull();

		const late = await makeContest({ closesAt: new Date('2026-02-20T00:00:00Z') });
		await closeRound(db, late.first.id, NOW);
		expect(await reopenRound(db, late.first.id, NOW)).toEqual({ ok: false, error: 'deadline_passed' });
	});
});

describe('advancing to the next round', () => {
	it('by top K: entries tied at the cut are shown, and advance only when asked; twice adds nothing', async () => {
		const { c, list } = await rankedContest([70, 90, 60, 80, 70]);
		await closeRound(db, c.first.id, NOW);
		const shown = await advancePreview(db, c.first.id, { rule: 'top_k', k: 3 }, NOW);
		if (!shown.ok) throw new Error(shown.error);
		const p = shown.preview;
		expect(p.nextRound).toEqual({ id: c.final!.id, name: 'Chung khảo' });
		expect(p.ranked.map((r) => [r.code, r.settled, r.rank, r.tied, r.decision])).toEqual([
			[list[1].code, 90, 1, false, 'advance'],
			[list[3].code, 80, 2, false, 'advance'],
			[list[0].code, 70, 3, true, 'cut'],
			[list[4].code, 70, 3, true, 'cut'],
			[list[2].code, 60, 5, false, 'out']
		]);

		const first = await advanceRound(
			db,
			c.first.id,
			{ override: { rule: 'top_k', k: 3 }, includeTied: false, expected: p.fingerprint },
			NOW
		);
		expect(first).toMatchObject({ ok: true, added: 2, advanced: 2 });
		const inFinal = async () =>
			(await db.select().from(roundEntries).where(eq(roundEntries.roundId, c.final!.id)))
				.map((r) => r.entryId)
				.sort((a, b) => a - b);
		expect(await inFinal()).toEqual([list[1].id, list[3].id].sort((a, b) => a - b));

		const again = await advanceRound(
			db,
			c.first.id,
			{ override: { rule: 'top_k', k: 3 }, includeTied: false },
			NOW
		);
		expect(again).toMatchObject({ ok: true, added: 0, advanced: 2 });

		const withTies = await advanceRound(
			db,
			c.first.id,
			{ override: { rule: 'top_k', k: 3 }, includeTied: true },
			NOW
		);
		expect(withTies).toMatchObject({ ok: true, added: 2, advanced: 4 });
		expect(await inFinal()).toHaveLength(4);
		const after = await advancePreview(db, c.first.id, { rule: 'top_k', k: 3 }, NOW);
		expect(after.ok && after.preview.ranked.map((r) => r.inNextRound)).toEqual([
			true,
			true,
			true,
			true,
			false
		]);
	});

	it('by a minimum score, with the round’s own rule', async () => {
		const { c, list } = await rankedContest([69.5, 70, 85]);
		await db
			.update(essayRounds)
			.set({ advanceRule: 'min_score', advanceValue: 70 })
			.where(eq(essayRounds.id, c.first.id));
		await closeRound(db, c.first.id, NOW);
		const shown = await advancePreview(db, c.first.id, null, NOW);
		expect(shown.ok && shown.preview.rule).toEqual({ rule: 'min_score', min: 70 });
		expect(shown.ok && shown.preview.cut).toEqual([]);
		const moved = await advanceRound(db, c.first.id, { includeTied: false }, NOW);
		expect(moved).toMatchObject({ ok: true, added: 2 });
		const rows = await db.select().from(roundEntries).where(eq(roundEntries.roundId, c.final!.id));
		expect(rows.map((r) => r.entryId).sort((a, b) => a - b)).toEqual([list[1].id, list[2].id]);
	});

	it('leaves out entries not fully scored, lists them apart, and a later round can be auto-assigned', async () => {
		const c = await makeContest();
		const [j1, j2] = [await c.judge(), await c.judge()];
		await c.judge(); // the third judge
		const done = await c.entry();
		const half = await c.entry();
		const drafted = await c.entry();
		const disputed = await c.entry();
		await openRound(db, c.first.id);
		await c.score(done.id, j1, 80);
		await c.score(done.id, j2, 76);
		await c.score(half.id, j1, 95);
		await c.score(drafted.id, j1, 90);
		await c.score(drafted.id, j2, 90, false);
		// 95 against 60: the third judge (j3) is called but has not scored yet
		await c.score(disputed.id, j1, 95);
		await c.score(disputed.id, j2, 60);
		await closeRound(db, c.first.id, NOW);
		const shown = await advancePreview(db, c.first.id, { rule: 'top_k', k: 10 }, NOW);
		if (!shown.ok) throw new Error(shown.error);
		expect(shown.preview.ranked.map((r) => r.code)).toEqual([done.code]);
		expect(shown.preview.unsettled.map((u) => [u.code, u.scored, u.assigned])).toEqual([
			[half.code, 1, 1],
			[drafted.code, 1, 2],
			[disputed.code, 2, 3]
		]);
		expect(
			await advanceRound(db, c.first.id, { override: { rule: 'top_k', k: 10 }, includeTied: true }, NOW)
		).toMatchObject({ ok: true, added: 1 });
		expect(await autoAssign(db, c.final!.id, null)).toMatchObject({ ok: true, created: 2, entries: 1 });
	});

	it('refuses while open, without a next round or a rule, with nothing to advance, or a stale preview', async () => {
		const { c } = await rankedContest([80, 60]);
		const topOne = { rule: 'top_k', k: 1 } as const;
		expect(await advanceRound(db, c.first.id, { override: topOne, includeTied: false }, NOW)).toEqual({
			ok: false,
			error: 'not_closed'
		});
		await closeRound(db, c.first.id, NOW);
		expect(await advanceRound(db, c.first.id, { includeTied: false }, NOW)).toEqual({
			ok: false,
			error: 'no_rule'
		});
		expect(
			await advanceRound(db, c.first.id, { override: { rule: 'min_score', min: 99 }, includeTied: true }, NOW)
		).toEqual({ ok: false, error: 'nothing_to_advance' });
		const stale = await advancePreview(db, c.first.id, { rule: 'top_k', k: 2 }, NOW);
		expect(
			await advanceRound(
				db,
				c.first.id,
				{ override: topOne, includeTied: false, expected: stale.ok ? stale.preview.fingerprint : '' },
				NOW
			)
		).toEqual({ ok: false, error: 'preview_changed' });

		const single = await rankedContestWithoutFinal();
		await closeRound(db, single.first.id, NOW);
		expect(await advanceRound(db, single.first.id, { override: topOne, includeTied: true }, NOW)).toEqual({
			ok: false,
			error: 'no_next_round'
		});
	});
});

async function rankedContestWithoutFinal() {
	const c = await makeContest({ judgesPerEntry: 1 }, false);
	const judge = await c.judge();
	const e = await c.entry();
	await openRound(db, c.first.id);
	await c.score(e.id, judge, 75);
	return c;
}

describe('one entry for the organizer', () => {
	it('names the author and unit, gives every judge’s score and the audit newest first; judges still see neither', async () => {
		const c = await makeContest();
		const [j1, j2] = [await c.judge('Nguyễn Giámkhảo Một'), await c.judge('Phạm Giámkhảo Hai')];
		await db
			.insert(entryFiles)
			.values({ sha256: 'c'.repeat(64), kind: 'pdf', sizeBytes: 1234, strippedSha256: 'd'.repeat(64) });
		const entry = await c.entry({ fileSha256: 'c'.repeat(64), fileName: 'bai-du-thi-cua-le-van.pdf' });
		await openRound(db, c.first.id);
		const a1 = await c.score(entry.id, j1, 40, false);
		await saveScore(
			db,
			a1,
			j1,
			{ points: c.points(45), comment: 'sửa', submit: false },
			new Date('2026-03-02T00:00:00Z')
		);
		await saveScore(
			db,
			a1,
			j1,
			{ points: c.points(50), comment: 'nộp', submit: true },
			new Date('2026-03-03T00:00:00Z')
		);
		await assignManually(db, { roundId: c.first.id, entryId: entry.id, judgeId: j2, createdBy: null });

		const detail = await entryForOrganizer(db, c.first.id, entry.id, NOW);
		if (!detail) throw new Error('no detail');
		expect(detail.entry).toMatchObject({
			code: entry.code,
			authorName: 'Lê Văn Tácgiả',
			unitName: unit.a.name,
			file: { kind: 'pdf', name: 'bai-du-thi-cua-le-van.pdf', sizeBytes: 1234 }
		});
		expect(detail.judges.map((j) => [j.name, j.status, j.total, j.comment])).toEqual([
			['Nguyễn Giámkhảo Một', 'submitted', 50, 'nộp'],
			['Phạm Giámkhảo Hai', 'todo', null, '']
		]);
		expect(detail.settled).toBe(50);
		expect(
			detail.audit.map((r) => [
				r.judgeName,
				r.actorName,
				r.before?.total ?? null,
				r.after.total,
				r.after.status
			])
		).toEqual([
			['Nguyễn Giámkhảo Một', 'Nguyễn Giámkhảo Một', 45, 50, 'submitted'],
			['Nguyễn Giámkhảo Một', 'Nguyễn Giámkhảo Một', 40, 45, 'draft'],
			['Nguyễn Giámkhảo Một', 'Nguyễn Giámkhảo Một', null, 40, 'draft']
		]);
		expect(detail.audit[0].after.points).toEqual(c.points(50));
		expect(detail.audit[0].before?.points).toEqual(c.points(45));
		expect(await originalFileOf(db, c.first.id, entry.id)).toEqual({
			code: entry.code,
			sha256: 'c'.repeat(64),
			kind: 'pdf',
			fileName: 'bai-du-thi-cua-le-van.pdf'
		});
		expect(await entryForOrganizer(db, c.final!.id, entry.id, NOW)).toBeNull();

		const forJudge = JSON.stringify(await entryForJudge(db, a1, j1, NOW));
		const queue = JSON.stringify(await judgeQueue(db, j1));
		for (const json of [forJudge, queue]) {
			for (const secret of ['Lê Văn Tácgiả', unit.a.name, 'RAA', 'bai-du-thi-cua-le-van', c.author.phone]) {
				expect(json).not.toContain(secret);
			}
		}
	});
});

describe('paging the results table', () => {
	const row = (i: number, extra: Partial<EntryResult> = {}): EntryResult => ({
		entryId: i,
		code: `P-${String(i).padStart(4, '0')}`,
		title: `Bài ${i}`,
		totals: [
			{ judgeId: 1, total: 50, third: false },
			{ judgeId: 2, total: 60, third: false }
		],
		assigned: 2,
		mean: 55,
		median: 55,
		spread: 10,
		settled: 55,
		normalizedMean: null,
		normalizedTotals: null,
		disagreement: false,
		...extra
	});

	it('walks 250 rows by code in pages of 100, forward and back, and filters', () => {
		const all = Array.from({ length: 250 }, (_, i) =>
			row(250 - i, i % 50 === 0 ? { disagreement: true, assigned: 3 } : {})
		);
		const one = pageOfResults(all, { judgesPerEntry: 2 });
		expect([one.rows[0].code, one.rows.at(-1)!.code, one.before, one.after, one.total]).toEqual([
			'P-0001',
			'P-0100',
			null,
			'P-0100',
			250
		]);
		const three = pageOfResults(all, { judgesPerEntry: 2, after: 'P-0200' });
		expect([three.rows.length, three.before, three.after]).toEqual([50, 'P-0201', null]);
		const back = pageOfResults(all, { judgesPerEntry: 2, before: 'P-0201' });
		expect([back.rows[0].code, back.rows.at(-1)!.code, back.before]).toEqual(['P-0101', 'P-0200', 'P-0101']);
		const first = pageOfResults(all, { judgesPerEntry: 2, before: 'P-0101' });
		expect([first.rows[0].code, first.before]).toEqual(['P-0001', null]);

		const disputed = pageOfResults(all, { judgesPerEntry: 2, filter: 'disagreement' });
		expect(disputed.rows.map((r) => r.code)).toEqual(['P-0050', 'P-0100', 'P-0150', 'P-0200', 'P-0250']);
		// disputed entries wait for their third score: not fully scored either
		const unscored = pageOfResults(all, { judgesPerEntry: 2, filter: 'unscored' });
		expect(unscored.total).toBe(5);
	});

	it('pages the real results of a round', async () => {
		const { c } = await rankedContest([50, 60, 70]);
		const results = await entryResults(db, c.first.id);
		const page = pageOfResults(results!.entries, { judgesPerEntry: 1, size: 2 });
		expect([page.rows.length, page.after, page.total]).toEqual([2, page.rows[1].code, 3]);
		expect(pageOfResults(results!.entries, { judgesPerEntry: 1, filter: 'unscored' }).total).toBe(0);
	});

	it('pages a round of 4,200 entries with two scores each', async () => {
		const c = await makeContest();
		for (let i = 0; i < 40; i++) await c.judge();
		const rows = Array.from({ length: 4200 }, (_, i) => ({
			contestId: c.contestId,
			entryNo: 10_000 + i,
			code: `BIGP-${String(i).padStart(5, '0')}`,
			authorId: c.author.id,
			authorUnitId: unit.a.id,
			slot: null,
			title: `Bài ${i}`,
			status: 'withdrawn' as const
		}));
		for (let i = 0; i < rows.length; i += 1000) await db.insert(entries).values(rows.slice(i, i + 1000));
		// submitted after insertion: the per-author slot limit is not what this test is about
		await db.execute(
			sql`update entries set status = 'submitted', slot = entry_no - 9999 where contest_id = ${c.contestId}`
		);
		await openRound(db, c.first.id);
		expect(await autoAssign(db, c.first.id, null)).toMatchObject({ ok: true, created: 8400 });
		await db.execute(sql`
			insert into scores (assignment_id, points, total, status, submitted_at)
			select a.id, '{}'::jsonb, (a.id * 37 % 101)::numeric, 'submitted', now()
			from assignments a where a.round_id = ${c.first.id}`);
		const results = await entryResults(db, c.first.id);
		const page = pageOfResults(results!.entries, { judgesPerEntry: 2, after: 'BIGP-02000' });
		expect(page.rows[0].code).toBe('BIGP-02001');
		expect(page.rows).toHaveLength(100);
		expect(page.total).toBe(4200);
	});
});
