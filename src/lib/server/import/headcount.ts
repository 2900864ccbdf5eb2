import { and, count, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { units, users } from '../db/schema';
import type { PeopleSnapshot } from './plan-people';
import type { Draft } from './rows';
import type { HeadcountWarning, PersonRow, RowAction } from './types';

/**
 * The units a people list would fill beyond their declared headcount (their own people): the accounts there now
 * (not disabled), plus the people the list adds or moves in, minus those it moves out. A warning only: headcounts
 * are declared by hand and may be out of date, but a list sent to the wrong unit usually shows here.
 */
export async function headcountWarnings(
	db: Db,
	rows: Draft<PersonRow>[],
	actions: Map<number, RowAction>,
	snapshot: PeopleSnapshot
): Promise<HeadcountWarning[]> {
	const change = new Map<number, number>();
	const add = (unitId: number, by: number) => change.set(unitId, (change.get(unitId) ?? 0) + by);
	for (const row of rows) {
		if (!actions.has(row.row) || row.unitCode === undefined || row.phone === undefined) continue;
		const unit = snapshot.unitsByCode.get(row.unitCode);
		if (!unit) continue;
		const current = snapshot.byPhone.get(row.phone);
		if (current?.unitId === unit.id) continue;
		add(unit.id, 1);
		if (current) add(current.unitId, -1);
	}
	const growing = [...change].filter(([, by]) => by > 0).map(([id]) => id);
	if (growing.length === 0) return [];
	const found = await db
		.select({
			id: units.id,
			code: units.code,
			name: units.name,
			headcount: units.headcount,
			accounts: count(users.id)
		})
		.from(units)
		.leftJoin(users, and(eq(users.unitId, units.id), isNull(users.disabledAt)))
		.where(inArray(units.id, growing))
		.groupBy(units.id);
	return found
		.map((u) => ({
			unitCode: u.code,
			unitName: u.name,
			headcount: u.headcount,
			accounts: u.accounts + change.get(u.id)!
		}))
		.filter((u) => u.accounts > u.headcount)
		.sort((a, b) => a.unitCode.localeCompare(b.unitCode));
}
