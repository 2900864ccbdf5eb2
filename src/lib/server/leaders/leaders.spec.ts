import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { scopeFromGrants } from '../auth/scope';
import { createSession, generateSessionToken, validateSessionToken } from '../auth/session';
import type { DbHandle } from '../db/client';
import { contests, entries, roleGrants, users } from '../db/schema';
import { extraRound, finishedAttempt } from '../insights/spec-helpers';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { leaderContest, leaderContests, rootsFor } from './contests';
import { grantLeader, leaderGrants, revokeLeader } from './grants';
import { type MissingKey, missingMembers, openRound } from './missing';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

const HOUR = 3_600_000;

/** Tỉnh → Phòng (the led unit) → Tổ 1, Tổ 2; Tỉnh → Sở (a sibling subtree). */
async function tree(tag: string) {
	const db = handle.db;
	const province = await makeUnit(db, `${tag}-T`, null, 0);
	const office = await makeUnit(db, `${tag}-P`, province.id, 2);
	const team1 = await makeUnit(db, `${tag}-P1`, office.id, 3);
	const team2 = await makeUnit(db, `${tag}-P2`, office.id, 3);
	const other = await makeUnit(db, `${tag}-S`, province.id, 5);
	return { province, office, team1, team2, other };
}

const lead = (u: { id: number; path: string }) => ({ unitId: u.id, path: u.path });

describe('the contests open to a leader', () => {
	it('are those open to everyone, to an ancestor, to the unit or to a unit below it; never a sibling subtree', async () => {
		const db = handle.db;
		const t = await tree('LC');
		const everyone = (await makeQuizRound(db, { bankSize: 1 })).contest;
		const ancestor = (await makeQuizRound(db, { bankSize: 1, eligibleUnitId: t.province.id })).contest;
		const below = (await makeQuizRound(db, { bankSize: 1, eligibleUnitId: t.team1.id })).contest;
		const sibling = (await makeQuizRound(db, { bankSize: 1, eligibleUnitId: t.other.id })).contest;
		const hidden = (await makeQuizRound(db, { bankSize: 1, eligibleUnitId: t.office.id })).contest;
		await db.update(contests).set({ published: false }).where(eq(contests.id, hidden.id));

		const leads = [lead(t.office)];
		const seen = await leaderContests(db, leads);
		const ids = seen.map((c) => c.id);
		expect(ids).toEqual(expect.arrayContaining([everyone.id, ancestor.id, below.id]));
		expect(ids).not.toContain(sibling.id);
		expect(ids).not.toContain(hidden.id);
		// the view starts at the led unit, or at the eligible unit when it lies below
		expect(seen.find((c) => c.id === everyone.id)?.roots).toEqual([lead(t.office)]);
		expect(seen.find((c) => c.id === ancestor.id)?.roots).toEqual([lead(t.office)]);
		expect(seen.find((c) => c.id === below.id)?.roots).toEqual([lead(t.team1)]);
		expect(await leaderContest(db, leads, sibling.id)).toBeUndefined();
		expect(await leaderContest(db, [], everyone.id)).toBeUndefined();
	});

	it('counts a subtree once when the leader also leads a unit inside it', () => {
		const parent = { unitId: 1, path: '/1/' };
		const child = { unitId: 2, path: '/1/2/' };
		const apart = { unitId: 30, path: '/30/' };
		expect(rootsFor([child, parent, apart], null)).toEqual([parent, apart]);
		expect(rootsFor([parent, parent], null)).toEqual([parent]);
	});
});

describe('members who have not taken part', () => {
	it('lists the subtree’s enabled members without a result in the round, grouped by unit, nobody outside', async () => {
		const db = handle.db;
		const t = await tree('MM');
		const { contest, round } = await makeQuizRound(db, { bankSize: 1, eligibleUnitId: t.province.id });
		const round2 = await extraRound(db, contest.id, 2);
		const person = async (unitId: number, fullName: string) => (await makeUser(db, unitId, { fullName })).id;
		const chief = await person(t.office.id, 'Trưởng Phòng');
		const an = await person(t.team1.id, 'Nguyễn An');
		const binh = await person(t.team1.id, 'Lê Bình');
		const chi = await person(t.team2.id, 'Trần Chi');
		const gone = await person(t.team2.id, 'Đã Nghỉ');
		const outsider = await person(t.other.id, 'Người Sở');
		await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, gone));
		await finishedAttempt(db, {
			roundId: round.id,
			userId: an,
			unitId: t.team1.id,
			correct: 1,
			finishedAt: new Date()
		});
		// taking part in another round does not count for this one
		await finishedAttempt(db, {
			roundId: round2.id,
			userId: chi,
			unitId: t.team2.id,
			correct: 1,
			finishedAt: new Date()
		});

		const rows = await missingMembers(db, { roundId: round.id }, t.office.path, undefined, 100);
		expect(rows.map((r) => [r.unitName, r.fullName])).toEqual([
			['Đơn vị MM-P', 'Trưởng Phòng'],
			['Đơn vị MM-P1', 'Lê Bình'],
			['Đơn vị MM-P2', 'Trần Chi']
		]);
		expect(rows.map((r) => r.userId)).not.toContain(outsider);
		expect(rows.map((r) => r.userId)).toEqual([chief, binh, chi]);
		expect(rows[0].phone).toMatch(/^0[35789]\d{8}$/);
		// only who and where: nothing about answers or scores
		expect(Object.keys(rows[0]).sort()).toEqual([
			'fullName',
			'phone',
			'unitId',
			'unitName',
			'unitPath',
			'userId'
		]);

		const second = await missingMembers(db, { roundId: round2.id }, t.team2.path, undefined, 100);
		expect(second).toEqual([]);
	});

	it('pages by key without skipping or repeating anyone', async () => {
		const db = handle.db;
		const t = await tree('KP');
		const { round } = await makeQuizRound(db, { bankSize: 1 });
		for (const [i, unit] of [t.office, t.team1, t.team2, t.team1, t.team2, t.office, t.team1].entries())
			await makeUser(db, unit.id, { fullName: `Người ${i % 3}` });
		const all = await missingMembers(db, { roundId: round.id }, t.office.path, undefined, 100);
		expect(all).toHaveLength(7);
		const paged = [];
		let after: MissingKey | undefined;
		for (;;) {
			const page = await missingMembers(db, { roundId: round.id }, t.office.path, after, 2);
			paged.push(...page);
			if (page.length < 2) break;
			const last = page[page.length - 1];
			after = { unitPath: last.unitPath, fullName: last.fullName, userId: last.userId };
		}
		expect(paged.map((r) => r.userId)).toEqual(all.map((r) => r.userId));
	});
});

describe('essay contests for a leader', () => {
	async function essayContest(eligibleUnitId: number | null, published = true) {
		const [row] = await handle.db
			.insert(contests)
			.values({ kind: 'essay', title: 'Cuộc thi viết', published, eligibleUnitId })
			.returning({ id: contests.id });
		return row.id;
	}
	let entryNo = 0;
	async function entry(contestId: number, authorId: number, authorUnitId: number, status: string) {
		entryNo += 1;
		await handle.db.insert(entries).values({
			contestId,
			entryNo,
			code: `LE-${contestId}-${entryNo}`,
			authorId,
			authorUnitId,
			slot: status === 'withdrawn' ? null : 1,
			title: 'Bài viết',
			status: status as 'draft' | 'submitted' | 'withdrawn' | 'disqualified'
		});
	}

	it('are listed beside quiz contests, and a page of one kind never opens the other', async () => {
		const db = handle.db;
		const t = await tree('LE');
		const essay = await essayContest(t.province.id);
		const sibling = await essayContest(t.other.id);
		const quiz = (await makeQuizRound(db, { bankSize: 1, eligibleUnitId: t.province.id })).contest;
		const leads = [lead(t.office)];
		const seen = await leaderContests(db, leads);
		expect(seen.find((c) => c.id === essay)).toMatchObject({ kind: 'essay', roots: [lead(t.office)] });
		expect(seen.find((c) => c.id === quiz.id)).toMatchObject({ kind: 'quiz' });
		expect(seen.map((c) => c.id)).not.toContain(sibling);
		expect(await leaderContest(db, leads, essay, 'essay')).toMatchObject({ id: essay });
		expect(await leaderContest(db, leads, essay, 'quiz')).toBeUndefined();
		expect(await leaderContest(db, leads, quiz.id, 'essay')).toBeUndefined();
	});

	it('count as taking part a submitted entry, not a draft or a withdrawn one', async () => {
		const db = handle.db;
		const t = await tree('ME');
		const contestId = await essayContest(t.province.id);
		const other = await essayContest(t.province.id);
		const person = async (unitId: number, fullName: string) => (await makeUser(db, unitId, { fullName })).id;
		const submitted = await person(t.team1.id, 'Đã Nộp');
		const drafted = await person(t.team1.id, 'Bản Nháp');
		const withdrew = await person(t.team2.id, 'Đã Rút');
		const elsewhere = await person(t.team2.id, 'Nộp Cuộc Khác');
		await entry(contestId, submitted, t.team1.id, 'submitted');
		await entry(contestId, drafted, t.team1.id, 'draft');
		await entry(contestId, withdrew, t.team2.id, 'withdrawn');
		await entry(other, elsewhere, t.team2.id, 'submitted');

		const rows = await missingMembers(db, { essayContestId: contestId }, t.office.path, undefined, 100);
		const names = rows.map((r) => r.fullName);
		expect(names).toEqual(expect.arrayContaining(['Bản Nháp', 'Đã Rút', 'Nộp Cuộc Khác']));
		expect(names).not.toContain('Đã Nộp');
	});
});

describe('the open round', () => {
	const at = (h: number) => new Date(Date.UTC(2026, 10, 1) + h * HOUR);
	const rounds = [
		{ id: 1, name: 'Tuần 1', opensAt: at(0), closesAt: at(10) },
		{ id: 2, name: 'Tuần 2', opensAt: at(20), closesAt: at(30) },
		{ id: 3, name: 'Tuần 3', opensAt: at(40), closesAt: at(50) }
	];
	it('is the round open now, else the latest opened, else the first to come', () => {
		expect(openRound(rounds, at(25))?.id).toBe(2);
		expect(openRound(rounds, at(35))?.id).toBe(2);
		expect(openRound(rounds, at(60))?.id).toBe(3);
		expect(openRound(rounds, at(-5))?.id).toBe(1);
		expect(openRound([], at(0))).toBeNull();
	});
});

describe('leader grants', () => {
	it('puts the led units in the session, and the database refuses a leader grant without a unit', async () => {
		const db = handle.db;
		const t = await tree('LG');
		const admin = (await makeUser(db, t.province.id)).id;
		const leader = (await makeUser(db, t.office.id)).id;
		expect((await grantLeader(db, leader, t.office.id, admin)).ok).toBe(true);
		expect((await grantLeader(db, leader, t.office.id, admin)).ok).toBe(true);
		expect((await grantLeader(db, leader, 2_000_000, admin)).ok).toBe(false);
		const token = generateSessionToken();
		await createSession(db, token, leader);
		const { user } = await validateSessionToken(db, token);
		expect(user?.leads).toEqual([lead(t.office)]);
		expect(user?.roles).toEqual([]);
		expect(user?.organizer).toBeNull();

		await expect(db.insert(roleGrants).values({ userId: leader, role: 'leader' })).rejects.toThrow();
		const contest = (await makeQuizRound(db, { bankSize: 1 })).contest;
		await expect(
			db
				.insert(roleGrants)
				.values({ userId: leader, role: 'leader', unitId: t.office.id, contestId: contest.id })
		).rejects.toThrow();

		const grant = (await leaderGrants(db)).find((g) => g.userId === leader);
		expect(grant?.unitName).toBe('Đơn vị LG-P');
		await revokeLeader(db, grant!.id, admin);
		expect((await validateSessionToken(db, token)).user?.leads).toEqual([]);
	});
});

describe('leader grants by a scoped organizer', () => {
	it('name and revoke leaders only inside the organizer’s subtrees', async () => {
		const db = handle.db;
		const t = await tree('SO');
		const organizer = (await makeUser(db, t.office.id)).id;
		const inside = (await makeUser(db, t.team1.id)).id;
		const outside = (await makeUser(db, t.other.id)).id;
		const scope = scopeFromGrants([{ contestId: null, unitPath: t.office.path, contestEligiblePath: null }])!;
		expect((await grantLeader(db, inside, t.team1.id, organizer, scope)).ok).toBe(true);
		expect(await grantLeader(db, outside, t.other.id, organizer, scope)).toEqual({
			ok: false,
			error: 'out_of_scope'
		});
		expect(await grantLeader(db, outside, t.province.id, organizer, scope)).toMatchObject({ ok: false });
		expect((await grantLeader(db, outside, t.other.id, organizer)).ok).toBe(true);

		const seen = await leaderGrants(db, scope);
		expect(seen.map((g) => g.unitName)).toEqual(['Đơn vị SO-P1']);
		const foreign = (await leaderGrants(db)).find((g) => g.userId === outside)!;
		await revokeLeader(db, foreign.id, organizer, scope);
		expect((await leaderGrants(db)).some((g) => g.id === foreign.id)).toBe(true);
		await revokeLeader(db, seen[0].id, organizer, scope);
		expect(await leaderGrants(db, scope)).toEqual([]);
	});
});
