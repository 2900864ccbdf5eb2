import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUserDisabled } from './accounts';
import type { DbHandle } from './db/client';
import { createTestDb } from './testing/db';
import { makeUnit, makeUser } from './testing/fixtures';
import {
	createUnit,
	getUnit,
	listUnits,
	moveUnit,
	rollupChildren,
	searchUnits,
	setUnitActive,
	unitBreadcrumb,
	updateUnit
} from './units';
import { moveUnitSchema } from '$lib/schemas/units';

let handle: DbHandle;

beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

describe('the unit tree', () => {
	it('edits name, code and headcount only: a crafted parentId in the edit form cannot reshape the tree', async () => {
		const p = await makeUnit(handle.db, 'U-P', null, 1);
		const c = await makeUnit(handle.db, 'U-C', p.id, 1);
		const crafted = { name: 'Đơn vị P', code: 'U-P', headcount: 4, parentId: c.id };
		const result = await updateUnit(handle.db, p.id, crafted);
		expect(result.ok).toBe(true);
		const after = await getUnit(handle.db, p.id);
		expect(after?.parentId).toBeNull();
		expect(after?.path).toBe(`/${p.id}/`);
		expect(after?.headcount).toBe(4);
	});

	it('moves only to a parent that is named, or to the top level when that is asked for', () => {
		expect(moveUnitSchema.safeParse({}).success).toBe(false);
		expect(moveUnitSchema.safeParse({ parentId: 0 }).success).toBe(false);
		expect(moveUnitSchema.safeParse({ parentId: 7 }).success).toBe(true);
		expect(moveUnitSchema.safeParse({ toTop: true }).success).toBe(true);
	});

	it('keeps paths and depths right through creation and moves of whole subtrees', async () => {
		const bloc = await makeUnit(handle.db, 'T-BLOC', null, 2);
		const a = await makeUnit(handle.db, 'T-A', bloc.id, 1);
		const a1 = await makeUnit(handle.db, 'T-A1', a.id, 5);
		const b = await makeUnit(handle.db, 'T-B', bloc.id, 3);
		expect(a1.path).toBe(`/${bloc.id}/${a.id}/${a1.id}/`);
		expect(a1.depth).toBe(2);

		const moved = await moveUnit(handle.db, a.id, b.id);
		expect(moved.ok).toBe(true);
		const a1After = await getUnit(handle.db, a1.id);
		expect(a1After?.path).toBe(`/${bloc.id}/${b.id}/${a.id}/${a1.id}/`);
		expect(a1After?.depth).toBe(3);
		expect((await unitBreadcrumb(handle.db, a1.id)).map((u) => u.id)).toEqual([bloc.id, b.id, a.id, a1.id]);

		expect(await moveUnit(handle.db, b.id, a1.id)).toEqual({ ok: false, error: 'cycle' });
		expect(await moveUnit(handle.db, b.id, b.id)).toEqual({ ok: false, error: 'cycle' });

		const top = await moveUnit(handle.db, a.id, null);
		expect(top.ok && top.value.path).toBe(`/${a.id}/`);
		expect((await getUnit(handle.db, a1.id))?.depth).toBe(1);
	});

	it('refuses a duplicate code', async () => {
		await makeUnit(handle.db, 'T-DUP');
		await expect(makeUnit(handle.db, 'T-DUP')).rejects.toThrow('code_taken');
	});

	it('deactivates a whole subtree and reactivates only under an active parent', async () => {
		const root = await makeUnit(handle.db, 'T-OFF');
		const child = await makeUnit(handle.db, 'T-OFF-1', root.id);
		await setUnitActive(handle.db, root.id, false);
		expect((await getUnit(handle.db, child.id))?.active).toBe(false);
		expect(await setUnitActive(handle.db, child.id, true)).toEqual({ ok: false, error: 'parent_inactive' });
		expect((await setUnitActive(handle.db, root.id, true)).ok).toBe(true);
		const active = await listUnits(handle.db, { activeOnly: true });
		expect(active.some((u) => u.id === root.id)).toBe(true);
		expect(active.some((u) => u.id === child.id)).toBe(false);
	});
});

describe('roll-ups', () => {
	it("sums headcounts and accounts over each child's whole subtree", async () => {
		const root = await makeUnit(handle.db, 'R', null, 1);
		const left = await makeUnit(handle.db, 'R-L', root.id, 2);
		const leftLeaf = await makeUnit(handle.db, 'R-L-1', left.id, 10);
		const right = await makeUnit(handle.db, 'R-R', root.id, 7);
		await makeUser(handle.db, leftLeaf.id);
		await makeUser(handle.db, leftLeaf.id);
		await makeUser(handle.db, left.id);
		const disabled = await makeUser(handle.db, right.id);
		await setUserDisabled(handle.db, disabled.id, true);

		const children = await rollupChildren(handle.db, root.id);
		expect(children.map((c) => [c.code, c.headcount, c.people, c.childCount])).toEqual([
			['R-L', 12, 3, 1],
			['R-R', 7, 0, 0]
		]);
		const top = (await rollupChildren(handle.db, null)).find((c) => c.id === root.id);
		expect(top).toMatchObject({ ownHeadcount: 1, headcount: 20, people: 3 });
	});
});

describe('searchUnits', () => {
	it('finds units typed without diacritics or in decomposed form, with their trail', async () => {
		const parent = await makeUnit(handle.db, 'S-YT');
		await createUnit(handle.db, {
			code: 'S-VP',
			name: 'Chi bộ Văn phòng Sở Y tế',
			parentId: parent.id,
			headcount: 3
		});
		const plain = await searchUnits(handle.db, 'chi bo van phong');
		expect(plain.map((u) => u.code)).toContain('S-VP');
		const decomposed = await searchUnits(handle.db, 'Văn phòng'.normalize('NFD'));
		expect(decomposed.map((u) => u.code)).toContain('S-VP');
		const found = plain.find((u) => u.code === 'S-VP');
		expect(found?.trail).toEqual(['Đơn vị S-YT', 'Chi bộ Văn phòng Sở Y tế']);
		expect(await searchUnits(handle.db, 'khong co don vi nay')).toEqual([]);
	});
});
