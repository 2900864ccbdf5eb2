import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import { attempts } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { at, contestFixtures, NOW } from './contest-fixtures';
import { setPublished } from './contests';
import { participantHome } from './participant-home';

let handle: DbHandle;
let db: Db;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

const { makeTopic, makeContest, weekly, makeRound } = contestFixtures(() => db);

describe('the participant home', () => {
	it('lists open rounds with attempts left, the next rounds, and my latest results', async () => {
		const unit = await makeUnit(db, 'HOME-UNIT');
		const me = await makeUser(db, unit.id);
		const topic = await makeTopic(5);
		const contest = await makeContest('Cuộc thi trang chủ');
		const open = await makeRound(
			contest.id,
			weekly(topic.id, { name: 'Đang mở', opensAt: at('2026-11-22T10:00') })
		);
		const later = await makeRound(
			contest.id,
			weekly(topic.id, {
				name: 'Tuần sau',
				opensAt: at('2026-11-30T10:00'),
				closesAt: at('2026-12-07T09:00')
			})
		);
		const published = await setPublished(db, contest.id, true, NOW);
		expect(published.ok).toBe(true);
		await db.insert(attempts).values({
			roundId: open.id,
			userId: me.id,
			unitId: unit.id,
			attemptNo: 1,
			status: 'finished',
			deadline: at('2026-11-23T10:20'),
			finishedAt: at('2026-11-23T10:12'),
			questionCount: 5,
			correctCount: 4,
			durationMs: 720_000
		});
		const when = at('2026-11-24T08:00');

		const home = await participantHome(db, { id: me.id, unitId: unit.id }, when);

		expect(home.open).toEqual([
			expect.objectContaining({
				id: open.id,
				name: 'Đang mở',
				attemptsAllowed: 3,
				attemptsUsed: 1,
				inProgressAttemptId: null
			})
		]);
		expect(home.upcoming.map((r) => r.id)).toEqual([later.id]);
		expect(home.recent).toEqual([
			expect.objectContaining({
				roundName: 'Đang mở',
				correctCount: 4,
				questionCount: 5,
				durationMs: 720_000
			})
		]);
	});

	it('shows nothing of a contest that is not published', async () => {
		const unit = await makeUnit(db, 'HOME-UNIT-2');
		const me = await makeUser(db, unit.id);
		const topic = await makeTopic(5);
		const contest = await makeContest('Bản nháp');
		await makeRound(contest.id, weekly(topic.id, { opensAt: at('2026-11-22T10:00') }));
		const home = await participantHome(db, { id: me.id, unitId: unit.id }, at('2026-11-24T08:00'));
		expect(home.open.filter((r) => r.contestTitle === 'Bản nháp')).toEqual([]);
	});
});
