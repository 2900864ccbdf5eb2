import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { createTestDb } from '../testing/db';
import { makeUnit } from '../testing/fixtures';
import { at, contestFixtures, NOW } from './contest-fixtures';
import {
	createContest,
	getContest,
	listContestsForOrganizer,
	listContestsForParticipant,
	setPublished,
	updateContest
} from './contests';
import { toVietnamLocal } from './time';

let handle: DbHandle;
let db: Db;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

const { makeTopic, makeContest, weekly, makeRound } = contestFixtures(() => db);

describe('contests', () => {
	it('creates a contest, edits it, and limits it to a unit', async () => {
		const unit = await makeUnit(db, 'C-UNIT');
		const contest = await makeContest('Cuộc thi 1');
		expect(contest).toMatchObject({ kind: 'quiz', published: false, eligibleUnitId: null });

		const updated = await updateContest(db, contest.id, {
			title: 'Cuộc thi trực tuyến',
			description: 'Mô tả',
			rules: 'Thể lệ:\n1. Mỗi tuần một vòng.',
			eligibleUnitId: unit.id
		});
		expect(updated.ok).toBe(true);
		expect(await getContest(db, contest.id)).toMatchObject({
			title: 'Cuộc thi trực tuyến',
			rules: 'Thể lệ:\n1. Mỗi tuần một vòng.',
			eligibleUnitId: unit.id
		});
	});

	it('refuses an unknown unit, an empty title and an unknown contest', async () => {
		const input = { kind: 'quiz' as const, title: 'X', description: '', rules: '', eligibleUnitId: 999_999 };
		expect(await createContest(db, input)).toEqual({ ok: false, error: 'unit_not_found' });
		expect(await createContest(db, { ...input, eligibleUnitId: null, title: '  ' })).toEqual({
			ok: false,
			error: 'invalid_title'
		});
		expect(await updateContest(db, 999_999, { ...input, eligibleUnitId: null })).toEqual({
			ok: false,
			error: 'not_found'
		});
	});

	it('lists every contest newest first with its round count and span', async () => {
		const topic = await makeTopic(10);
		const older = await makeContest('Cũ hơn');
		const newer = await makeContest('Mới hơn');
		await makeRound(newer.id, weekly(topic.id));
		await makeRound(
			newer.id,
			weekly(topic.id, { opensAt: at('2026-11-30T10:00'), closesAt: at('2026-12-07T09:00') })
		);
		const list = await listContestsForOrganizer(db, { kind: 'quiz' });
		const mine = list.filter((c) => c.id === older.id || c.id === newer.id);
		expect(mine.map((c) => [c.title, c.roundCount])).toEqual([
			['Mới hơn', 2],
			['Cũ hơn', 0]
		]);
		expect(toVietnamLocal(mine[0].firstOpensAt!)).toBe('2026-11-23T10:00');
		expect(toVietnamLocal(mine[0].lastClosesAt!)).toBe('2026-12-07T09:00');
	});
});

describe('contests a participant sees', () => {
	it('shows a published contest to its eligible subtree only, with each round’s state', async () => {
		const bloc = await makeUnit(db, 'P-BLOC');
		const party = await makeUnit(db, 'P-A', bloc.id);
		const cell = await makeUnit(db, 'P-A-1', party.id);
		const other = await makeUnit(db, 'P-B', bloc.id);
		const topic = await makeTopic(10);

		const forParty = await makeContest('Chỉ Đảng bộ A', party.id);
		await makeRound(forParty.id, weekly(topic.id, { name: 'Tuần 1' }));
		await makeRound(
			forParty.id,
			weekly(topic.id, { name: 'Tuần 2', opensAt: at('2026-11-30T10:00'), closesAt: at('2026-12-07T09:00') })
		);
		const forAll = await makeContest('Mọi người');
		await makeRound(forAll.id, weekly(topic.id));
		const draft = await makeContest('Chưa công bố');
		await makeRound(draft.id, weekly(topic.id));
		for (const c of [forParty, forAll]) expect((await setPublished(db, c.id, true, NOW)).ok).toBe(true);

		const seen = async (path: string, now: Date) =>
			(await listContestsForParticipant(db, path, now)).filter((c) =>
				[forParty.id, forAll.id, draft.id].includes(c.id)
			);

		const duringWeek1 = at('2026-11-25T08:00');
		const inCell = await seen(cell.path, duringWeek1);
		expect(inCell.map((c) => c.title)).toEqual(['Mọi người', 'Chỉ Đảng bộ A']);
		expect(inCell[1].rounds.map((r) => [r.name, r.state, r.questionCount])).toEqual([
			['Tuần 1', 'open', 5],
			['Tuần 2', 'upcoming', 5]
		]);
		expect((await seen(party.path, duringWeek1)).map((c) => c.title)).toEqual(['Mọi người', 'Chỉ Đảng bộ A']);
		expect((await seen(other.path, duringWeek1)).map((c) => c.title)).toEqual(['Mọi người']);
		expect((await seen(bloc.path, duringWeek1)).map((c) => c.title)).toEqual(['Mọi người']);

		const later = await seen(cell.path, at('2026-11-30T09:30'));
		expect(later[1].rounds.map((r) => r.state)).toEqual(['closed', 'upcoming']);
	});

	it('does not mistake a unit whose path merely starts with the same digits for a descendant', async () => {
		const topic = await makeTopic(10);
		const root = await makeUnit(db, 'PFX-ROOT');
		const contest = await makeContest('Tiền tố', root.id);
		await makeRound(contest.id, weekly(topic.id));
		expect((await setPublished(db, contest.id, true, NOW)).ok).toBe(true);
		// "/12/" is not inside "/1/": paths end with a slash, so a prefix match is a subtree match
		const lookalike = `/${root.id}0/`;
		const titles = (await listContestsForParticipant(db, lookalike, NOW)).map((c) => c.id);
		expect(titles).not.toContain(contest.id);
		expect((await listContestsForParticipant(db, `${root.path}77/`, NOW)).map((c) => c.id)).toContain(
			contest.id
		);
	});
});
