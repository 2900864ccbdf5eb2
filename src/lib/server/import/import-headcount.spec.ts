import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { createTestDb } from '../testing/db';
import { createUnit } from '../units';
import { type Actor, applyImport } from './apply';
import { csv, PEOPLE_HEADERS, preview, seedOrganizer } from './spec-helpers';

// A list that gives a unit more accounts than the people it declared (its headcount) is most often a list sent to
// the wrong unit: the preview says so, without stopping the import.

let handle: DbHandle;
let actor: Actor;

beforeAll(async () => {
	handle = await createTestDb();
	({ actor } = await seedOrganizer(handle.db));
	for (const [code, headcount] of [
		['HC-A', 2],
		['HC-B', 5]
	] as const) {
		const unit = await createUnit(handle.db, { code, name: `Chi bộ ${code}`, parentId: null, headcount });
		if (!unit.ok) throw new Error(unit.error);
	}
});
afterAll(async () => {
	await handle?.close();
});

const row = (name: string, unit: string, phone: string) => [name, '01/01/1980', unit, phone, '', ''];

describe('import preview against declared headcounts', () => {
	it('warns when a unit would hold more accounts than its headcount, counting the accounts already there', async () => {
		const first = await preview(
			handle.db,
			actor.id,
			'people',
			csv([
				PEOPLE_HEADERS,
				row('Nguyễn Văn An', 'HC-A', '0911000001'),
				row('Trần Thị Bình', 'HC-B', '0911000002')
			])
		);
		expect(first.headcountWarnings).toEqual([]);
		const applied = await applyImport(handle.db, first.batchId, actor);
		expect(applied.ok).toBe(true);

		const second = await preview(
			handle.db,
			actor.id,
			'people',
			csv([
				PEOPLE_HEADERS,
				row('Lê Văn Cường', 'HC-A', '0911000003'),
				row('Phạm Thị Dung', 'HC-A', '0911000004'),
				row('Hoàng Văn Em', 'HC-B', '0911000005')
			])
		);
		// HC-A: 1 already + 2 new = 3 accounts for 2 declared; HC-B: 2 of 5 is fine
		expect(second.headcountWarnings).toEqual([
			{ unitCode: 'HC-A', unitName: 'Chi bộ HC-A', headcount: 2, accounts: 3 }
		]);
		// a warning, not a problem: the file can still be applied
		expect(second.counts.errors).toBe(0);
	});

	it('counts a person moved out of a unit as leaving it', async () => {
		const moved = await preview(
			handle.db,
			actor.id,
			'people',
			csv([
				PEOPLE_HEADERS,
				row('Nguyễn Văn An', 'HC-B', '0911000001'),
				row('Lê Văn Cường', 'HC-A', '0911000003'),
				row('Phạm Thị Dung', 'HC-A', '0911000004')
			])
		);
		// An leaves HC-A for HC-B: HC-A holds 2 of 2
		expect(moved.headcountWarnings).toEqual([]);
	});
});
