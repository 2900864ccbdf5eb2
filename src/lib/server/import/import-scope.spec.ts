import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScopedOrganizer } from '../auth/scope';
import type { DbHandle } from '../db/client';
import { users } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUser } from '../testing/fixtures';
import { createUnit } from '../units';
import { applyImport } from './apply';
import { csv, PEOPLE_HEADERS, preview, seedOrganizer } from './spec-helpers';

let handle: DbHandle;
let organizerId: number;
let scope: ScopedOrganizer;
let outsiderPhone: string;

beforeAll(async () => {
	handle = await createTestDb();
	({
		user: { id: organizerId }
	} = await seedOrganizer(handle.db));
	const north = await createUnit(handle.db, { code: 'BAC', name: 'Khối Bắc', parentId: null, headcount: 5 });
	if (!north.ok) throw new Error(north.error);
	const child = await createUnit(handle.db, {
		code: 'BAC-1',
		name: 'Chi bộ Bắc 1',
		parentId: north.value.id,
		headcount: 5
	});
	const south = await createUnit(handle.db, { code: 'NAM', name: 'Khối Nam', parentId: null, headcount: 5 });
	if (!child.ok || !south.ok) throw new Error('units');
	outsiderPhone = (await makeUser(handle.db, south.value.id, { fullName: 'Người Khối Nam' })).phone;
	scope = {
		kind: 'scoped',
		contestIds: [],
		unitPaths: [north.value.path],
		peoplePaths: [north.value.path],
		openContestIds: []
	};
});
afterAll(async () => {
	await handle?.close();
});

describe('an import by an organizer of a unit subtree', () => {
	it('refuses rows outside the subtree and people who belong elsewhere, and writes nothing', async () => {
		const shown = await preview(
			handle.db,
			organizerId,
			'people',
			csv([
				PEOPLE_HEADERS,
				['Người Mới Bắc', '01/02/1990', 'BAC-1', '0961000001', '', ''],
				['Người Mới Nam', '01/02/1990', 'NAM', '0961000002', '', ''],
				['Kéo Sang Bắc', '01/02/1990', 'BAC', outsiderPhone, '', '']
			]),
			'tep.csv',
			scope
		);
		expect(shown.problems.map((p) => [p.row, p.column, p.code])).toEqual([
			[3, 'unitCode', 'unit_out_of_scope'],
			[4, 'phone', 'person_out_of_scope']
		]);
		const applied = await applyImport(handle.db, shown.batchId, { id: organizerId, isAdmin: false, scope });
		expect(applied).toMatchObject({ ok: false, error: 'has_errors' });
		const [outsider] = await handle.db.select().from(users).where(eq(users.phone, outsiderPhone));
		expect(outsider.fullName).toBe('Người Khối Nam');
		expect(await handle.db.select().from(users).where(eq(users.phone, '0961000001'))).toEqual([]);
	});

	it('applies a list that stays inside the subtree', async () => {
		const shown = await preview(
			handle.db,
			organizerId,
			'people',
			csv([PEOPLE_HEADERS, ['Người Mới Bắc', '01/02/1990', 'BAC-1', '0961000001', '', '']]),
			'tep.csv',
			scope
		);
		expect(shown.problems).toEqual([]);
		const applied = await applyImport(handle.db, shown.batchId, { id: organizerId, isAdmin: false, scope });
		expect(applied.ok).toBe(true);
	});

	it('checks the scope again when applying (someone moved out of the subtree since the preview)', async () => {
		const bytes = csv([PEOPLE_HEADERS, ['Người Mới Bắc', '01/02/1990', 'BAC', '0961000001', '', '']]);
		const shown = await preview(handle.db, organizerId, 'people', bytes, 'tep.csv', scope);
		expect(shown.problems).toEqual([]);
		const narrower: ScopedOrganizer = { ...scope, peoplePaths: ['/999999/'], unitPaths: ['/999999/'] };
		const applied = await applyImport(handle.db, shown.batchId, {
			id: organizerId,
			isAdmin: false,
			scope: narrower
		});
		expect(applied).toMatchObject({ ok: false, error: 'conflicts' });
	});
});
