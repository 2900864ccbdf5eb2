import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { roleGrants, users } from '../db/schema';
import { createTestDb } from '../testing/db';
import { createUnit } from '../units';
import { type Actor, applyImport } from './apply';
import { csv, PEOPLE_HEADERS, preview, seedOrganizer } from './spec-helpers';

let handle: DbHandle;
let actor: Actor;
let unitId: number;

beforeAll(async () => {
	handle = await createTestDb();
	({ actor } = await seedOrganizer(handle.db));
	const unit = await createUnit(handle.db, {
		code: 'CB-TC',
		name: 'Chi bộ Phòng Tổ chức',
		parentId: null,
		headcount: 3
	});
	if (!unit.ok) throw new Error(unit.error);
	unitId = unit.value.id;
});
afterAll(async () => {
	await handle?.close();
});

async function leadsOf(phone: string) {
	return handle.db
		.select({ unitId: roleGrants.unitId, grantedBy: roleGrants.grantedBy })
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.where(and(eq(users.phone, phone), eq(roleGrants.role, 'leader')));
}

const HEADERS = [...PEOPLE_HEADERS, 'Phụ trách đơn vị'];

describe('the "Phụ trách đơn vị" column', () => {
	it('makes each person marked "x" leader of their own unit, and nobody else', async () => {
		const shown = await preview(
			handle.db,
			actor.id,
			'people',
			csv([
				HEADERS,
				['Bí Thư Chi Bộ', '01/01/1975', 'CB-TC', '0961000001', '', '', 'x'],
				['Đảng Viên Một', '01/01/1990', 'CB-TC', '0961000002', '', '', ''],
				['Phó Bí Thư', '01/01/1980', 'CB-TC', '0961000003', '', '', 'Có']
			])
		);
		expect(shown.problems).toEqual([]);
		const applied = await applyImport(handle.db, shown.batchId, actor);
		expect(applied.ok).toBe(true);
		expect(await leadsOf('0961000001')).toEqual([{ unitId, grantedBy: actor.id }]);
		expect(await leadsOf('0961000002')).toEqual([]);
		expect(await leadsOf('0961000003')).toEqual([{ unitId, grantedBy: actor.id }]);

		// importing the same list again changes nothing and grants nothing twice
		const again = await preview(
			handle.db,
			actor.id,
			'people',
			csv([HEADERS, ['Bí Thư Chi Bộ', '01/01/1975', 'CB-TC', '0961000001', '', '', 'x']])
		);
		expect((await applyImport(handle.db, again.batchId, actor)).ok).toBe(true);
		expect(await leadsOf('0961000001')).toHaveLength(1);
	});

	it('flags a cell that is neither "x" nor empty next to the row', async () => {
		const shown = await preview(
			handle.db,
			actor.id,
			'people',
			csv([HEADERS, ['Người Nào Đó', '01/01/1990', 'CB-TC', '0961000009', '', '', 'phó']])
		);
		expect(shown.problems.map((p) => [p.row, p.column, p.code])).toEqual([[2, 'leads', 'leads_invalid']]);
	});
});
