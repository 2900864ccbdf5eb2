import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import {
	assignments,
	awardTiers,
	certificates,
	contests,
	entries,
	entryAwards,
	essayRounds,
	essaySettings,
	roundEntries,
	scores,
	unitAwards,
	users
} from '../db/schema';
import { issueEssayCertificates } from '../certificates/issue';
import { verifyCertificate } from '../certificates/queries';
import { auditOfContest } from '../audit';
import { createTestDb } from '../testing/db';
import { assignManually, autoAssign, openRound, unassign } from './judging';
import { advanceRound, reopenRound } from './rounds-admin';
import { setAwardTiers } from './setup';
import { makeUnit, makeUser, nextPhone } from '../testing/fixtures';
import {
	awardsView,
	finalRanking,
	participantResults,
	publicResults,
	publishedResultsList,
	saveEntryAwards,
	saveUnitAwards,
	unitLevels,
	unitStandings
} from './results';
import { publishResults, unpublishResults } from './publication';

let handle: DbHandle;
let db: Db;
// Tree: ROOT ⊃ {A ⊃ A1, B ⊃ B1, C}
const unit: Record<string, number> = {};

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	unit.root = (await makeUnit(db, 'RROOT')).id;
	unit.a = (await makeUnit(db, 'RA', unit.root)).id;
	unit.a1 = (await makeUnit(db, 'RA1', unit.a)).id;
	unit.b = (await makeUnit(db, 'RB', unit.root)).id;
	unit.b1 = (await makeUnit(db, 'RB1', unit.b)).id;
	unit.c = (await makeUnit(db, 'RC', unit.root)).id;
});
afterAll(() => handle.close());

let contestNo = 0;

async function judge(): Promise<number> {
	const [u] = await db
		.insert(users)
		.values({
			fullName: 'Giám Khảo',
			birthDate: '1980-01-01',
			unitId: unit.c,
			phone: nextPhone(),
			passwordHash: 'x',
			searchText: 'giam khao'
		})
		.returning({ id: users.id });
	return u.id;
}

/**
 * A contest published for ROOT with rounds Sơ khảo (every entry), Chung khảo (the finalists) and an empty third
 * round; tiers Nhất 1 / Nhì 1 / Ba 2. `finalists` maps an author unit to the totals of its two judges in the final
 * (one total: only one judge has scored).
 */
async function scenario(finalists: { unitId: number; totals: number[]; name?: string }[], extra = 0) {
	contestNo++;
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: `Viết về Đảng ${contestNo}`, eligibleUnitId: unit.root, published: true })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `RS${contestNo}`,
		opensAt: new Date('2026-01-01T00:00:00Z'),
		closesAt: new Date('2026-06-01T00:00:00Z')
	});
	const [prelim, final] = await db
		.insert(essayRounds)
		.values([
			{ contestId: contest.id, position: 1, name: 'Sơ khảo', closedAt: new Date('2026-07-01T00:00:00Z') },
			{ contestId: contest.id, position: 2, name: 'Chung khảo' },
			{ contestId: contest.id, position: 3, name: 'Vòng trống' }
		])
		.returning();
	await db.insert(awardTiers).values([
		{ contestId: contest.id, position: 1, name: 'Nhất', count: 1 },
		{ contestId: contest.id, position: 2, name: 'Nhì', count: 1 },
		{ contestId: contest.id, position: 3, name: 'Ba', count: 2 }
	]);
	const judges = [await judge(), await judge()];
	const made: { id: number; authorId: number; title: string; authorName: string }[] = [];
	let no = 0;
	const addEntry = async (unitId: number, name: string, status: 'submitted' | 'draft' = 'submitted') => {
		no++;
		const author = await makeUser(db, unitId, { fullName: name });
		const [e] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: no,
				code: `RS${contestNo}-${String(no).padStart(4, '0')}`,
				authorId: author.id,
				authorUnitId: unitId,
				slot: 1,
				title: `Bài viết số ${no}`,
				status,
				submittedAt: status === 'submitted' ? new Date('2026-02-01T00:00:00Z') : null
			})
			.returning();
		return { id: e.id, authorId: author.id, title: e.title, authorName: name };
	};
	for (const [i, f] of finalists.entries()) {
		const e = await addEntry(f.unitId, f.name ?? `Tác Giả ${i + 1}`);
		made.push(e);
		await db.insert(roundEntries).values([
			{ roundId: prelim.id, entryId: e.id },
			{ roundId: final.id, entryId: e.id }
		]);
		for (const [j, judgeId] of judges.entries()) {
			const [a] = await db
				.insert(assignments)
				.values({ roundId: final.id, entryId: e.id, judgeId, source: 'auto' })
				.returning();
			const total = f.totals[j];
			if (total === undefined) continue;
			await db.insert(scores).values({
				assignmentId: a.id,
				points: {},
				total,
				status: 'submitted',
				submittedAt: new Date(Date.UTC(2026, 7, 1, 0, j))
			});
		}
	}
	// entries that stopped at the preliminary round, without scores there
	const stopped = [];
	for (let i = 0; i < extra; i++) {
		const e = await addEntry(unit.b1, `Dừng Sơ Khảo ${i + 1}`);
		await db.insert(roundEntries).values({ roundId: prelim.id, entryId: e.id });
		stopped.push(e);
	}
	const draft = await addEntry(unit.a, 'Bản Nháp', 'draft');
	return { contestId: contest.id, prelim, final, entries: made, stopped, draft };
}

async function closeFinal(roundId: number) {
	await db
		.update(essayRounds)
		.set({ closedAt: new Date('2026-09-01T00:00:00Z') })
		.where(eq(essayRounds.id, roundId));
}

describe('final ranking', () => {
	it('ranks the last round with entries by settled score, flags ties and lists unscored entries apart', async () => {
		const s = await scenario([
			{ unitId: unit.a1, totals: [80, 90] },
			{ unitId: unit.b, totals: [70, 70] },
			{ unitId: unit.c, totals: [85, 85] },
			{ unitId: unit.a, totals: [60, 80] },
			{ unitId: unit.b1, totals: [95] }
		]);
		const ranking = await finalRanking(db, s.contestId);
		expect(ranking.round?.name).toBe('Chung khảo');
		expect(ranking.ranked.map((r) => [r.rank, r.tied, r.settled, r.authorName])).toEqual([
			[1, true, 85, 'Tác Giả 1'],
			[1, true, 85, 'Tác Giả 3'],
			[3, true, 70, 'Tác Giả 2'],
			[3, true, 70, 'Tác Giả 4']
		]);
		expect(ranking.ranked[0].unitName).toBe('Đơn vị RA1');
		expect(ranking.unscored.map((u) => [u.authorName, u.done, u.assigned])).toEqual([['Tác Giả 5', 1, 2]]);
	});

	it('suggests tiers from the counts and flags ties across a tier boundary', async () => {
		const s = await scenario([
			{ unitId: unit.a1, totals: [90, 90] },
			{ unitId: unit.b, totals: [80, 80] },
			{ unitId: unit.c, totals: [80, 80] },
			{ unitId: unit.a, totals: [60, 60] },
			{ unitId: unit.b1, totals: [50, 50] }
		]);
		const view = await awardsView(db, s.contestId);
		expect(view.hasSaved).toBe(false);
		expect(view.rows.map((r) => [r.authorName, r.suggested, r.boundaryTie])).toEqual([
			['Tác Giả 1', 'Nhất', false],
			// tied for 2nd and 3rd: both get Nhì (their shared rank's tier), flagged for the organizer
			['Tác Giả 2', 'Nhì', true],
			['Tác Giả 3', 'Nhì', true],
			['Tác Giả 4', 'Ba', false],
			['Tác Giả 5', null, false]
		]);
	});
});

describe('saving awards', () => {
	it('refuses an unknown tier, a foreign entry or a draft and writes nothing', async () => {
		const s = await scenario([
			{ unitId: unit.a1, totals: [90, 90] },
			{ unitId: unit.b, totals: [80, 80] }
		]);
		const other = await scenario([{ unitId: unit.c, totals: [70, 70] }]);
		const [e1, e2] = s.entries;
		expect(await saveEntryAwards(db, s.contestId, [{ entryId: e1.id, tier: 'Nhất' }], null)).toMatchObject({
			ok: true
		});
		// the award list's change is in the contest's trail
		const [trace] = await auditOfContest(db, s.contestId, { entity: 'contest' });
		expect(trace).toMatchObject({ action: 'award.set', after: [{ entryId: e1.id, tier: 'Nhất' }] });
		const attempts = [
			[{ entryId: e2.id, tier: 'Giải Vàng' }],
			[{ entryId: other.entries[0].id, tier: 'Nhì' }],
			[{ entryId: s.draft.id, tier: 'Nhì' }]
		];
		const results = [];
		for (const awards of attempts) results.push(await saveEntryAwards(db, s.contestId, awards, null));
		expect(results).toEqual([
			{ ok: false, error: 'unknown_tier' },
			{ ok: false, error: 'foreign_entry' },
			{ ok: false, error: 'foreign_entry' }
		]);
		const rows = await db.select().from(entryAwards).where(eq(entryAwards.contestId, s.contestId));
		expect(rows.map((r) => [r.entryId, r.tier])).toEqual([[e1.id, 'Nhất']]);
	});

	it('replaces the set and warns when a tier is given more often than its count', async () => {
		const s = await scenario([
			{ unitId: unit.a1, totals: [90, 90] },
			{ unitId: unit.b, totals: [80, 80] },
			{ unitId: unit.c, totals: [80, 80] }
		]);
		const [e1, e2, e3] = s.entries;
		await saveEntryAwards(db, s.contestId, [{ entryId: e3.id, tier: 'Ba' }], null);
		const result = await saveEntryAwards(
			db,
			s.contestId,
			[
				{ entryId: e1.id, tier: 'Nhất' },
				{ entryId: e2.id, tier: 'Nhì' },
				{ entryId: e3.id, tier: 'Nhì' }
			],
			null
		);
		expect(result).toEqual({
			ok: true,
			value: { saved: 3, overflows: [{ tier: 'Nhì', count: 1, given: 2 }] }
		});
		const view = await awardsView(db, s.contestId);
		expect(view.rows.map((r) => r.saved)).toEqual(['Nhất', 'Nhì', 'Nhì']);
	});
});

describe('collective prizes for units', () => {
	it('rolls entries, authors, awards and mean scores up to the level below the eligible root', async () => {
		const s = await scenario(
			[
				{ unitId: unit.a1, totals: [90, 90] },
				{ unitId: unit.a, totals: [70, 70] },
				{ unitId: unit.b1, totals: [80, 80] }
			],
			3
		);
		await saveEntryAwards(db, s.contestId, [{ entryId: s.entries[2].id, tier: 'Nhất' }], null);
		const levels = await unitLevels(db, s.contestId);
		const rootDepth = 0;
		expect(levels).toMatchObject({ levels: [rootDepth + 1, rootDepth + 2], defaultLevel: rootDepth + 1 });
		const standings = await unitStandings(db, s.contestId, null);
		expect(standings.map((u) => [u.rank, u.name, u.entries, u.authors, u.awarded, u.meanScore])).toEqual([
			// B: 1 awarded, 1 finalist (80) + 3 entries that stopped at the preliminary round
			[1, 'Đơn vị RB', 4, 4, 1, 80],
			// A: A's own entry and A1's, the draft not counted
			[2, 'Đơn vị RA', 2, 2, 0, 80],
			[3, 'Đơn vị RC', 0, 0, 0, null]
		]);
		const deeper = await unitStandings(db, s.contestId, 2);
		expect(deeper.map((u) => [u.name, u.entries])).toEqual([
			['Đơn vị RB1', 4],
			['Đơn vị RA1', 1]
		]);

		expect(await saveUnitAwards(db, s.contestId, [unit.b, unit.a], '  Giải tập thể xuất sắc ')).toEqual({
			ok: true,
			value: { saved: 2 }
		});
		expect(await saveUnitAwards(db, s.contestId, [unit.b], '')).toEqual({ ok: false, error: 'bad_title' });
		const outside = (await makeUnit(db, `OUT${contestNo}`)).id;
		expect(await saveUnitAwards(db, s.contestId, [outside], 'Giải')).toEqual({
			ok: false,
			error: 'foreign_unit'
		});
		const saved = await db.select().from(unitAwards).where(eq(unitAwards.contestId, s.contestId));
		expect(saved.map((u) => u.title)).toEqual(['Giải tập thể xuất sắc', 'Giải tập thể xuất sắc']);
		expect((await unitStandings(db, s.contestId, null)).filter((u) => u.saved).map((u) => u.name)).toEqual([
			'Đơn vị RB',
			'Đơn vị RA'
		]);
	});
});

describe('publishing', () => {
	it('is refused while the final round is open or without awards, and freezes awards once done', async () => {
		const s = await scenario([{ unitId: unit.a1, totals: [90, 90] }]);
		expect(await publishResults(db, s.contestId)).toEqual({ ok: false, error: 'final_round_open' });
		await closeFinal(s.final.id);
		expect(await publishResults(db, s.contestId)).toEqual({ ok: false, error: 'no_awards' });
		await saveEntryAwards(db, s.contestId, [{ entryId: s.entries[0].id, tier: 'Nhất' }], null);
		expect(await publishResults(db, s.contestId)).toMatchObject({ ok: true });
		expect(await saveEntryAwards(db, s.contestId, [], null)).toEqual({ ok: false, error: 'published' });
		expect(await saveUnitAwards(db, s.contestId, [], '')).toEqual({ ok: false, error: 'published' });
		// published results are not taken back (publication.ts): they are corrected
		expect(await unpublishResults(db, s.contestId)).toEqual({ ok: false, error: 'published' });
		expect(await saveEntryAwards(db, s.contestId, [], null)).toEqual({ ok: false, error: 'published' });
	});
});

describe('what participants and the public see', () => {
	it('hides scores, rounds and tiers from the author before publication and shows them after', async () => {
		const s = await scenario(
			[
				{ unitId: unit.a1, totals: [90, 80], name: 'Lê Văn Đoạt' },
				{ unitId: unit.b, totals: [70, 70] }
			],
			1
		);
		const [winner] = s.entries;
		await closeFinal(s.final.id);
		await saveEntryAwards(db, s.contestId, [{ entryId: winner.id, tier: 'Nhất' }], null);

		const before = await participantResults(db, s.contestId, winner.authorId);
		expect(before).toEqual({ published: false });
		expect(JSON.stringify(before)).not.toMatch(/Nhất|Chung khảo|85/);

		await publishResults(db, s.contestId);
		const after = await participantResults(db, s.contestId, winner.authorId);
		expect(after).toMatchObject({
			published: true,
			entries: [
				{ entryId: winner.id, rounds: ['Sơ khảo', 'Chung khảo'], score: 85, scale: 100, tier: 'Nhất' }
			]
		});
		const stoppedView = await participantResults(db, s.contestId, s.stopped[0].authorId);
		expect(stoppedView).toMatchObject({ entries: [{ rounds: ['Sơ khảo'], score: null, tier: null }] });
	});

	it('shows winners by tier with name, unit and title, and entries by unit, only once published', async () => {
		const s = await scenario(
			[
				{ unitId: unit.a1, totals: [90, 90], name: 'Phạm Thị Nhất' },
				{ unitId: unit.b, totals: [80, 80], name: 'Hoàng Văn Nhì' }
			],
			2
		);
		await closeFinal(s.final.id);
		await saveEntryAwards(
			db,
			s.contestId,
			[
				{ entryId: s.entries[1].id, tier: 'Nhì' },
				{ entryId: s.entries[0].id, tier: 'Nhất' }
			],
			null
		);
		await saveUnitAwards(db, s.contestId, [unit.b], 'Giải tập thể xuất sắc');
		expect(await publicResults(db, s.contestId)).toBeNull();
		expect((await publishedResultsList(db)).map((c) => c.id)).not.toContain(s.contestId);

		await publishResults(db, s.contestId);
		const page = await publicResults(db, s.contestId);
		expect(page?.tiers).toEqual([
			{ name: 'Nhất', winners: [{ name: 'Phạm Thị Nhất', unitName: 'Đơn vị RA1', title: 'Bài viết số 1' }] },
			{ name: 'Nhì', winners: [{ name: 'Hoàng Văn Nhì', unitName: 'Đơn vị RB', title: 'Bài viết số 2' }] }
		]);
		expect(JSON.stringify(page)).not.toMatch(/"(score|settled|total)"/);
		expect(page?.unitAwards).toEqual([{ unitName: 'Đơn vị RB', title: 'Giải tập thể xuất sắc' }]);
		expect(page?.stats.rows.map((r) => [r.unitName, r.entries, r.authors])).toEqual([
			['Đơn vị RA', 1, 1],
			['Đơn vị RB', 3, 3],
			['Đơn vị RC', 0, 0]
		]);
		expect([page?.stats.entries, page?.stats.authors]).toEqual([4, 4]);
		expect((await publishedResultsList(db)).map((c) => c.id)).toContain(s.contestId);
	});
});

describe('published results stay put', () => {
	async function published() {
		const s = await scenario([
			{ unitId: unit.a1, totals: [90, 90] },
			{ unitId: unit.b, totals: [80, 80] }
		]);
		await closeFinal(s.final.id);
		await saveEntryAwards(db, s.contestId, [{ entryId: s.entries[0].id, tier: 'Nhất' }], null);
		expect(await publishResults(db, s.contestId)).toMatchObject({ ok: true });
		return s;
	}

	it('refuses reopening, advancing, opening, assigning and unassigning once published', async () => {
		const s = await published();
		const refused = { ok: false, error: 'results_published' };
		expect(await reopenRound(db, s.final.id)).toEqual(refused);
		await db
			.update(essayRounds)
			.set({ advanceRule: 'top_k', advanceValue: 1 })
			.where(eq(essayRounds.id, s.final.id));
		expect(await advanceRound(db, s.final.id, { includeTied: true })).toEqual(refused);
		expect(await openRound(db, s.prelim.id)).toEqual(refused);
		expect(await autoAssign(db, s.final.id, null)).toEqual(refused);
		const [a] = await db.select().from(assignments).where(eq(assignments.roundId, s.final.id));
		expect(
			await assignManually(db, {
				roundId: s.final.id,
				entryId: s.entries[0].id,
				judgeId: a.judgeId,
				createdBy: null
			})
		).toEqual(refused);
		expect(await unassign(db, { assignmentId: a.id, actorId: null, reason: 'thử' })).toEqual(refused);
		expect(await setAwardTiers(db, s.contestId, [{ name: 'Đặc biệt', count: 1 }])).toEqual({
			ok: false,
			error: 'results_published'
		});
		// nothing moved: the final round is still closed, the third round empty, the ranking intact
		const ranking = await finalRanking(db, s.contestId);
		expect(ranking.round).toMatchObject({ name: 'Chung khảo', closed: true });
		expect(ranking.ranked).toHaveLength(2);
		// and results are not taken back to reopen: unpublishing is refused
		expect(await unpublishResults(db, s.contestId)).toEqual({ ok: false, error: 'published' });
		expect(await reopenRound(db, s.final.id)).toEqual(refused);
	});

	it('lets either a reopen or a publication win when they race, never both', async () => {
		for (let i = 0; i < 3; i++) {
			const s = await scenario([{ unitId: unit.a1, totals: [90, 90] }]);
			await closeFinal(s.final.id);
			await saveEntryAwards(db, s.contestId, [{ entryId: s.entries[0].id, tier: 'Nhất' }], null);
			const [pub, re] = await Promise.all([publishResults(db, s.contestId), reopenRound(db, s.final.id)]);
			expect([pub.ok, re.ok].filter(Boolean)).toHaveLength(1);
			const [settings] = await db
				.select()
				.from(essaySettings)
				.where(eq(essaySettings.contestId, s.contestId));
			const [round] = await db.select().from(essayRounds).where(eq(essayRounds.id, s.final.id));
			// published with the final round open is the state that must never be
			expect(settings.resultsPublishedAt !== null && round.closedAt === null).toBe(false);
		}
	});

	it('publishes a final round closed by its closing time, not by hand', async () => {
		const s = await scenario([{ unitId: unit.a1, totals: [90, 90] }]);
		await db
			.update(essayRounds)
			.set({ closesAt: new Date(Date.now() - 60_000) })
			.where(eq(essayRounds.id, s.final.id));
		expect((await awardsView(db, s.contestId)).round?.closed).toBe(true);
		await saveEntryAwards(db, s.contestId, [{ entryId: s.entries[0].id, tier: 'Nhất' }], null);
		expect(await publishResults(db, s.contestId)).toMatchObject({ ok: true });
	});

	it('lists a disputed entry without its third score as unscored, not ranked', async () => {
		const s = await scenario([
			{ unitId: unit.a1, totals: [90, 50] },
			{ unitId: unit.b, totals: [80, 80] }
		]);
		await db
			.update(roundEntries)
			.set({ disagreement: true })
			.where(eq(roundEntries.entryId, s.entries[0].id));
		const ranking = await finalRanking(db, s.contestId);
		expect(ranking.ranked.map((r) => r.authorName)).toEqual(['Tác Giả 2']);
		expect(ranking.unscored.map((u) => u.authorName)).toEqual(['Tác Giả 1']);
	});

	it('serializes tier edits with award saves, and still lists a winner whose tier was renamed', async () => {
		for (let i = 0; i < 3; i++) {
			const s = await scenario([{ unitId: unit.a1, totals: [90, 90] }]);
			await Promise.all([
				setAwardTiers(db, s.contestId, [
					{ name: 'Hạng Nhất', count: 1 },
					{ name: 'Nhì', count: 1 }
				]),
				saveEntryAwards(db, s.contestId, [{ entryId: s.entries[0].id, tier: 'Nhất' }], null)
			]);
			const tiers = (await db.select().from(awardTiers).where(eq(awardTiers.contestId, s.contestId))).map(
				(t) => t.name
			);
			const given = await db.select().from(entryAwards).where(eq(entryAwards.contestId, s.contestId));
			expect(given.every((g) => tiers.includes(g.tier))).toBe(true);
		}
		// a tier renamed behind the checks' back: the winner is listed under the stored name, last
		const s = await published();
		await db
			.update(awardTiers)
			.set({ name: 'Giải Đặc biệt' })
			.where(and(eq(awardTiers.contestId, s.contestId), eq(awardTiers.name, 'Nhất')));
		const page = await publicResults(db, s.contestId);
		expect(page?.tiers.map((t) => [t.name, t.winners.length])).toEqual([['Nhất', 1]]);
	});

	it('keeps certificates and their codes when issuing again after publication; unpublishing is refused', async () => {
		const s = await published();
		await issueEssayCertificates(db, s.contestId, { participation: true, issuedBy: null });
		const issued = await db.select().from(certificates).where(eq(certificates.contestId, s.contestId));
		expect(issued.length).toBeGreaterThan(0);
		expect(await unpublishResults(db, s.contestId)).toEqual({ ok: false, error: 'published' });
		await issueEssayCertificates(db, s.contestId, { participation: true, issuedBy: null });
		for (const c of issued) expect((await verifyCertificate(db, c.code)).status).toBe('valid');
	});
});
