import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWARD_PRESETS } from '$lib/components/essay-setup/presets';
import type { Db, DbHandle } from '../db/client';
import { assignments, entries, entryAwards, essaySettings, roleGrants, scores } from '../db/schema';
import { fromVietnamLocal } from '../quiz/time';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import {
	addJudge,
	createEssayContest,
	createRound,
	type EssayContestInput,
	type EssayRoundInput,
	getEssayContest,
	listAwardTiers,
	listEssayContests,
	listJudges,
	listRounds,
	removeJudge,
	setAwardTiers,
	setPublished,
	updateEssayContest,
	updateRound
} from './setup';

let handle: DbHandle;
let db: Db;
let unitId: number;
let prefixCounter = 0;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	unitId = (await makeUnit(db, 'DB1')).id;
});
afterAll(() => handle.close());

const at = (local: string) => fromVietnamLocal(local)!;

function contestInput(overrides: Partial<EssayContestInput> = {}): EssayContestInput {
	prefixCounter += 1;
	return {
		title: 'Búa liềm vàng 2026',
		description: 'Giải báo chí về xây dựng Đảng',
		rules: 'Mỗi tác giả gửi tối đa 2 tác phẩm.',
		eligibleUnitId: null,
		codePrefix: `BLV-${2000 + prefixCounter}`,
		opensAt: at('2026-12-01T08:00'),
		closesAt: at('2027-01-31T17:00'),
		entriesPerAuthor: 2,
		minWords: 1000,
		maxWords: 6000,
		requirement: 'text_or_file',
		maxFileBytes: 10 * 1024 * 1024,
		...overrides
	};
}

const roundInput = (overrides: Partial<EssayRoundInput> = {}): EssayRoundInput => ({
	name: 'Sơ khảo',
	scale: 100,
	judgesPerEntry: 2,
	disagreementThreshold: 20,
	settleRule: 'mean',
	advanceRule: 'top_k',
	advanceValue: 137,
	closesAt: null,
	criteria: [
		{ name: 'Nội dung', maxPoints: 90 },
		{ name: 'Hình thức', maxPoints: 10 }
	],
	...overrides
});

async function newContest(overrides: Partial<EssayContestInput> = {}) {
	const result = await createEssayContest(db, { ...contestInput(overrides), createdBy: null });
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

describe('essay contests', () => {
	it('creates the contest and its settings together', async () => {
		const contest = await newContest({ eligibleUnitId: unitId });
		expect(contest.kind).toBe('essay');
		const found = await getEssayContest(db, contest.id);
		expect(found?.settings).toMatchObject({ entriesPerAuthor: 2, minWords: 1000, maxWords: 6000 });
		const listed = (await listEssayContests(db)).find((c) => c.id === contest.id);
		expect(listed).toMatchObject({ roundCount: 0, entryCount: 0, eligibleUnitName: 'Đơn vị DB1' });
	});

	it('refuses a window that closes before it opens, and writes nothing', async () => {
		const before = (await listEssayContests(db)).length;
		const result = await createEssayContest(db, {
			...contestInput({ opensAt: at('2026-12-01T08:00'), closesAt: at('2026-12-01T08:00') }),
			createdBy: null
		});
		expect(result).toEqual({ ok: false, error: 'invalid_window' });
		expect((await listEssayContests(db)).length).toBe(before);
	});

	it('refuses word limits where the maximum is below the minimum', async () => {
		const result = await createEssayContest(db, {
			...contestInput({ minWords: 2000, maxWords: 1000 }),
			createdBy: null
		});
		expect(result).toEqual({ ok: false, error: 'invalid_words' });
	});

	it('accepts open-ended word limits', async () => {
		const contest = await newContest({ minWords: null, maxWords: 2000 });
		expect(contest.settings.minWords).toBeNull();
	});

	it('refuses entries per author outside 1..20, a file cap above 50 MB and a bad code prefix', async () => {
		const create = (o: Partial<EssayContestInput>) =>
			createEssayContest(db, { ...contestInput(o), createdBy: null });
		expect(await create({ entriesPerAuthor: 0 })).toEqual({ ok: false, error: 'invalid_entries' });
		expect(await create({ maxFileBytes: 60 * 1024 * 1024 })).toEqual({
			ok: false,
			error: 'invalid_file_size'
		});
		expect(await create({ codePrefix: 'blv 2026' })).toEqual({ ok: false, error: 'invalid_code_prefix' });
		expect(await create({ eligibleUnitId: 999_999 })).toEqual({ ok: false, error: 'unit_not_found' });
	});

	it('refuses a code prefix another contest already uses', async () => {
		const first = await newContest();
		const result = await createEssayContest(db, {
			...contestInput({ codePrefix: first.settings.codePrefix }),
			createdBy: null
		});
		expect(result).toEqual({ ok: false, error: 'code_prefix_taken' });
	});

	it('updates settings, and keeps the code prefix once an entry exists', async () => {
		const contest = await newContest();
		const changed = await updateEssayContest(db, contest.id, {
			...contestInput({ codePrefix: contest.settings.codePrefix }),
			title: 'Búa liềm vàng lần thứ VIII',
			requirement: 'file'
		});
		expect(changed.ok && changed.value.settings.requirement).toBe('file');
		const author = await makeUser(db, unitId);
		await db.insert(entries).values({
			contestId: contest.id,
			entryNo: 1,
			code: `${contest.settings.codePrefix}-0001`,
			authorId: author.id,
			authorUnitId: unitId,
			slot: 1,
			title: 'Tác phẩm'
		});
		const locked = await updateEssayContest(db, contest.id, contestInput({ codePrefix: 'KHAC-2026' }));
		expect(locked).toEqual({ ok: false, error: 'code_prefix_locked' });
	});
});

describe('rounds and rubrics', () => {
	it('saves a round with its rubric: content 90 + presentation 10 = 100', async () => {
		const contest = await newContest();
		const result = await createRound(db, contest.id, roundInput());
		expect(result.ok).toBe(true);
		const [listed] = await listRounds(db, contest.id);
		expect(listed.round).toMatchObject({ position: 1, name: 'Sơ khảo', scale: 100, advanceValue: 137 });
		expect(listed.criteria.map((c) => [c.name, c.maxPoints])).toEqual([
			['Nội dung', 90],
			['Hình thức', 10]
		]);
	});

	it('refuses a rubric whose maxima do not add up to the scale, naming the problem', async () => {
		const contest = await newContest();
		const result = await createRound(
			db,
			contest.id,
			roundInput({
				criteria: [
					{ name: 'Nội dung', maxPoints: 80 },
					{ name: 'Hình thức', maxPoints: 10 }
				]
			})
		);
		expect(result).toMatchObject({
			ok: false,
			error: 'invalid_rubric',
			rubric: [{ index: null, code: 'sum_not_scale' }]
		});
		expect(await listRounds(db, contest.id)).toEqual([]);
	});

	it('refuses an empty rubric, a threshold above the scale and an advance rule without a value', async () => {
		const contest = await newContest();
		expect(await createRound(db, contest.id, roundInput({ criteria: [] }))).toMatchObject({
			error: 'invalid_rubric'
		});
		expect(await createRound(db, contest.id, roundInput({ disagreementThreshold: 120 }))).toMatchObject({
			error: 'invalid_threshold'
		});
		expect(await createRound(db, contest.id, roundInput({ advanceValue: null }))).toMatchObject({
			error: 'invalid_advance'
		});
		expect(await createRound(db, contest.id, roundInput({ judgesPerEntry: 0 }))).toMatchObject({
			error: 'invalid_judges'
		});
	});

	it('replaces the rubric on update while no score exists', async () => {
		const contest = await newContest();
		const created = await createRound(db, contest.id, roundInput());
		if (!created.ok) throw new Error(created.error);
		const updated = await updateRound(
			db,
			created.value.round.id,
			roundInput({
				scale: 10,
				disagreementThreshold: 2,
				advanceRule: 'min_score',
				advanceValue: 8.5,
				criteria: [
					{ name: 'Nội dung', maxPoints: 7 },
					{ name: 'Sáng tạo', maxPoints: 2 },
					{ name: 'Hình thức', maxPoints: 1 }
				]
			})
		);
		expect(updated.ok && updated.value.criteria.map((c) => c.name)).toEqual([
			'Nội dung',
			'Sáng tạo',
			'Hình thức'
		]);
	});

	it('locks the rubric and scale once a score exists, yet lets the name change', async () => {
		const contest = await newContest();
		const created = await createRound(db, contest.id, roundInput());
		if (!created.ok) throw new Error(created.error);
		const roundId = created.value.round.id;
		const author = await makeUser(db, unitId);
		const judge = await makeUser(db, unitId);
		const [entry] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: 1,
				code: `${contest.settings.codePrefix}-0001`,
				authorId: author.id,
				authorUnitId: unitId,
				slot: 1,
				title: 'Tác phẩm dự thi'
			})
			.returning();
		const [assignment] = await db
			.insert(assignments)
			.values({ roundId, entryId: entry.id, judgeId: judge.id, source: 'manual' })
			.returning();
		const [first] = created.value.criteria;
		await db.insert(scores).values({ assignmentId: assignment.id, points: { [first.id]: 50 }, total: 50 });

		const rubric = await updateRound(
			db,
			roundId,
			roundInput({
				criteria: [
					{ name: 'Nội dung', maxPoints: 80 },
					{ name: 'Hình thức', maxPoints: 20 }
				]
			})
		);
		expect(rubric).toEqual({ ok: false, error: 'has_scores' });
		expect(
			await updateRound(
				db,
				roundId,
				roundInput({ scale: 10, disagreementThreshold: 2, criteria: [{ name: 'A', maxPoints: 10 }] })
			)
		).toEqual({
			ok: false,
			error: 'has_scores'
		});
		const renamed = await updateRound(db, roundId, roundInput({ name: 'Vòng sơ khảo' }));
		expect(renamed.ok && renamed.value.round.name).toBe('Vòng sơ khảo');
		// the criterion ids the score points at are still there
		expect(renamed.ok && renamed.value.criteria[0].id).toBe(first.id);
	});

	it('lets level descriptions change once scores exist, in place, trimmed, and refuses overlong ones', async () => {
		const contest = await newContest();
		const created = await createRound(db, contest.id, roundInput());
		if (!created.ok) throw new Error(created.error);
		const roundId = created.value.round.id;
		const author = await makeUser(db, unitId);
		const judge = await makeUser(db, unitId);
		const [entry] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: 1,
				code: `${contest.settings.codePrefix}-0001`,
				authorId: author.id,
				authorUnitId: unitId,
				slot: 1,
				title: 'Tác phẩm dự thi'
			})
			.returning();
		const [assignment] = await db
			.insert(assignments)
			.values({ roundId, entryId: entry.id, judgeId: judge.id, source: 'manual' })
			.returning();
		const [first] = created.value.criteria;
		await db.insert(scores).values({ assignmentId: assignment.id, points: { [first.id]: 50 }, total: 50 });

		const described = await updateRound(
			db,
			roundId,
			roundInput({
				criteria: [
					{
						name: 'Nội dung',
						maxPoints: 90,
						levels: '  70–90: chân thực, cảm động \n\n 0–69: còn chung chung '
					},
					{ name: 'Hình thức', maxPoints: 10 }
				]
			})
		);
		expect(described.ok && described.value.criteria.map((c) => [c.id, c.levels])).toEqual([
			[first.id, '70–90: chân thực, cảm động\n0–69: còn chung chung'],
			[created.value.criteria[1].id, '']
		]);
		const tooLong = await updateRound(
			db,
			roundId,
			roundInput({
				criteria: [
					{ name: 'Nội dung', maxPoints: 90, levels: 'x'.repeat(2001) },
					{ name: 'Hình thức', maxPoints: 10 }
				]
			})
		);
		expect(tooLong).toEqual({ ok: false, error: 'invalid_criterion_levels' });
	});

	it('numbers rounds in the order they are added', async () => {
		const contest = await newContest();
		await createRound(db, contest.id, roundInput());
		await createRound(
			db,
			contest.id,
			roundInput({ name: 'Chung khảo', advanceRule: null, advanceValue: null })
		);
		expect((await listRounds(db, contest.id)).map((r) => [r.round.position, r.round.name])).toEqual([
			[1, 'Sơ khảo'],
			[2, 'Chung khảo']
		]);
	});
});

describe('publishing', () => {
	it('publishes a contest before its first round exists, and hides it again while it accepts entries', async () => {
		const contest = await newContest();
		const published = await setPublished(db, contest.id, true);
		expect(published.ok && published.value.published).toBe(true);
		expect((await getEssayContest(db, contest.id))?.settings.stage).toBe('submissions');
		await createRound(db, contest.id, roundInput());
		const hidden = await setPublished(db, contest.id, false);
		expect(hidden.ok && hidden.value.published).toBe(false);
		expect((await getEssayContest(db, contest.id))?.settings.stage).toBe('draft');
	});

	it('does not publish a quiz contest through the essay setup', async () => {
		expect(await setPublished(db, 999_999, true)).toEqual({ ok: false, error: 'not_found' });
	});
});

describe('award tiers', () => {
	it('saves either preset in order, replacing the previous tiers', async () => {
		const contest = await newContest();
		await setAwardTiers(db, contest.id, [...AWARD_PRESETS.ranked]);
		expect(await listAwardTiers(db, contest.id)).toEqual([
			{ name: 'Nhất', count: 1 },
			{ name: 'Nhì', count: 2 },
			{ name: 'Ba', count: 3 },
			{ name: 'Khuyến khích', count: 10 }
		]);
		await setAwardTiers(db, contest.id, [...AWARD_PRESETS.lettered]);
		expect((await listAwardTiers(db, contest.id)).map((t) => t.name)).toEqual([
			'Đặc biệt',
			'A',
			'B',
			'C',
			'Khuyến khích'
		]);
	});

	it('refuses duplicate names and negative counts', async () => {
		const contest = await newContest();
		expect(
			await setAwardTiers(db, contest.id, [
				{ name: 'Nhất', count: 1 },
				{ name: 'Nhất', count: 2 }
			])
		).toEqual({ ok: false, error: 'invalid_tier_name' });
		expect(await setAwardTiers(db, contest.id, [{ name: 'Nhất', count: -1 }])).toEqual({
			ok: false,
			error: 'invalid_tier_count'
		});
	});

	it('keeps a tier already given to an entry', async () => {
		const contest = await newContest();
		await setAwardTiers(db, contest.id, [...AWARD_PRESETS.ranked]);
		const author = await makeUser(db, unitId);
		const [entry] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: 1,
				code: `${contest.settings.codePrefix}-0001`,
				authorId: author.id,
				authorUnitId: unitId,
				slot: 1,
				title: 'Tác phẩm đoạt giải'
			})
			.returning();
		await db.insert(entryAwards).values({ entryId: entry.id, contestId: contest.id, tier: 'Nhất' });
		expect(await setAwardTiers(db, contest.id, [...AWARD_PRESETS.lettered])).toEqual({
			ok: false,
			error: 'tier_in_use'
		});
	});

	it('changes neither tiers nor rounds once results are published', async () => {
		const contest = await newContest();
		await setAwardTiers(db, contest.id, [...AWARD_PRESETS.ranked]);
		const created = await createRound(db, contest.id, roundInput());
		if (!created.ok) throw new Error('round');
		await db
			.update(essaySettings)
			.set({ resultsPublishedAt: new Date() })
			.where(eq(essaySettings.contestId, contest.id));
		expect(await setAwardTiers(db, contest.id, [...AWARD_PRESETS.lettered])).toEqual({
			ok: false,
			error: 'results_published'
		});
		expect(await updateRound(db, created.value.round.id, roundInput({ name: 'Đổi tên' }))).toEqual({
			ok: false,
			error: 'results_published'
		});
		expect((await listAwardTiers(db, contest.id)).map((t) => t.name)).toEqual(
			AWARD_PRESETS.ranked.map((t) => t.name)
		);
	});
});

describe('judges', () => {
	it('adds a judge once however often it is asked, and removes them the same way', async () => {
		const contest = await newContest();
		const person = await makeUser(db, unitId, { fullName: 'Trần Thị Giám Khảo' });
		expect(await addJudge(db, contest.id, person.id)).toEqual({ ok: true, value: null });
		expect(await addJudge(db, contest.id, person.id)).toEqual({ ok: true, value: null });
		const grants = await db
			.select()
			.from(roleGrants)
			.where(and(eq(roleGrants.userId, person.id), eq(roleGrants.role, 'judge')));
		expect(grants).toHaveLength(1);
		expect(grants[0].contestId).toBe(contest.id);
		expect((await listJudges(db, contest.id)).map((j) => j.fullName)).toEqual(['Trần Thị Giám Khảo']);

		expect(await removeJudge(db, contest.id, person.id)).toEqual({ ok: true, value: null });
		expect(await removeJudge(db, contest.id, person.id)).toEqual({ ok: true, value: null });
		expect(await listJudges(db, contest.id)).toEqual([]);
	});

	it('judges one contest without judging another', async () => {
		const a = await newContest();
		const b = await newContest();
		const person = await makeUser(db, unitId);
		await addJudge(db, a.id, person.id);
		expect(await listJudges(db, b.id)).toEqual([]);
	});

	it('refuses an unknown person or contest', async () => {
		const contest = await newContest();
		expect(await addJudge(db, contest.id, 999_999)).toEqual({ ok: false, error: 'user_not_found' });
		const person = await makeUser(db, unitId);
		expect(await addJudge(db, 999_999, person.id)).toEqual({ ok: false, error: 'not_found' });
	});

	it('keeps a judge who has entries assigned', async () => {
		const contest = await newContest();
		const created = await createRound(db, contest.id, roundInput());
		if (!created.ok) throw new Error(created.error);
		const author = await makeUser(db, unitId);
		const judge = await makeUser(db, unitId);
		await addJudge(db, contest.id, judge.id);
		const [entry] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: 1,
				code: `${contest.settings.codePrefix}-0001`,
				authorId: author.id,
				authorUnitId: unitId,
				slot: 1,
				title: 'Tác phẩm'
			})
			.returning();
		await db
			.insert(assignments)
			.values({ roundId: created.value.round.id, entryId: entry.id, judgeId: judge.id, source: 'auto' });
		expect(await removeJudge(db, contest.id, judge.id)).toEqual({ ok: false, error: 'has_assignments' });
		expect((await listJudges(db, contest.id))[0].assignmentCount).toBe(1);
	});
});
