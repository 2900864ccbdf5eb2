import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { createTestDb } from '../testing/db';
import { makeUnit } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { countedRounds, dashboardParent, defaultRound } from './scope';
import { extraRound } from './spec-helpers';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

describe('dashboard scope', () => {
	it('keeps drill-down inside the eligible subtree, with a breadcrumb from its root', async () => {
		const db = handle.db;
		const top = await makeUnit(db, 'SC', null, 0);
		const bloc = await makeUnit(db, 'SC-B', top.id, 0);
		const cell = await makeUnit(db, 'SC-B-1', bloc.id, 5);
		const other = await makeUnit(db, 'SC-O', top.id, 5);

		const names = (t: { name: string }[]) => t.map((u) => u.name);
		expect(await dashboardParent(db, bloc.id, null)).toEqual({
			parentId: bloc.id,
			trail: [{ id: bloc.id, name: bloc.name }]
		});
		const down = await dashboardParent(db, bloc.id, cell.id);
		expect([down.parentId, names(down.trail)]).toEqual([cell.id, [bloc.name, cell.name]]);
		// a unit outside the contest's units falls back to the eligible root
		expect((await dashboardParent(db, bloc.id, other.id)).parentId).toBe(bloc.id);
		// a contest open to everyone starts at the top of the tree
		expect(await dashboardParent(db, null, null)).toEqual({ parentId: null, trail: [] });
		expect(names((await dashboardParent(db, null, cell.id)).trail)).toEqual([top.name, bloc.name, cell.name]);
	});

	it('lists counted rounds only and opens on the latest round that has opened', async () => {
		const db = handle.db;
		const now = Date.now();
		const { contest, round } = await makeQuizRound(db, { opensAt: new Date(now - 86_400_000) });
		await extraRound(db, contest.id, 2, { practice: true });
		const later = await extraRound(db, contest.id, 3, {
			opensAt: new Date(now + 86_400_000),
			closesAt: new Date(now + 2 * 86_400_000)
		});
		const list = await countedRounds(db, contest.id);
		expect(list.map((r) => r.id)).toEqual([round.id, later.id]);
		expect(defaultRound(list, new Date(now))).toBe(round.id);
		expect(defaultRound(list, new Date(now - 2 * 86_400_000))).toBeNull();
	});
});
