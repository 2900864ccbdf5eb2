import { sql } from 'drizzle-orm';
import { mayReachUnit, type OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { roleGrants, units, users } from '../db/schema';
import { type Draft, isComplete } from './rows';
import type { PersonRow, Problem, RowAction } from './types';

export interface StoredPerson {
	id: number;
	fullName: string;
	birthDate: string;
	unitId: number;
	phone: string;
	email: string | null;
	cccd: string | null;
	/** holds any role (administrator, organizer, judge): an import never changes such an account */
	privileged: boolean;
	unitPath: string;
}

export interface PeopleSnapshot {
	unitsByCode: Map<string, { id: number; active: boolean; path: string }>;
	byPhone: Map<string, StoredPerson>;
	byEmail: Map<string, StoredPerson>;
	byCccd: Map<string, StoredPerson>;
}

/** `column in (the list)` with the whole list as one JSON parameter: 10,000 values, one bind. */
const inList = (column: unknown, values: string[]) =>
	sql`${column} in (select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

const unique = (values: (string | null | undefined)[]) => [
	...new Set(values.filter((v): v is string => typeof v === 'string'))
];

/** Only what the file's rows touch: their units, and people holding their phones, emails or CCCDs. */
export async function loadPeopleSnapshot(db: Db, rows: Draft<PersonRow>[]): Promise<PeopleSnapshot> {
	const columns = {
		id: users.id,
		fullName: users.fullName,
		birthDate: users.birthDate,
		unitId: users.unitId,
		phone: users.phone,
		email: users.email,
		cccd: users.cccd,
		privileged: sql<boolean>`exists (select 1 from ${roleGrants} g where g.user_id = ${users}.id)`,
		unitPath: sql<string>`(select u.path from ${units} u where u.id = ${users}.unit_id)`
	};
	const emails = unique(rows.map((r) => r.email));
	const cccds = unique(rows.map((r) => r.cccd));
	// one after another: inside a transaction they share one connection anyway
	const foundUnits = await db
		.select({ id: units.id, code: units.code, active: units.active, path: units.path })
		.from(units)
		.where(inList(units.code, unique(rows.map((r) => r.unitCode))));
	const byPhone = await db
		.select(columns)
		.from(users)
		.where(inList(users.phone, unique(rows.map((r) => r.phone))));
	const byEmail = emails.length
		? await db.select(columns).from(users).where(inList(users.email, emails))
		: [];
	const byCccd = cccds.length ? await db.select(columns).from(users).where(inList(users.cccd, cccds)) : [];
	return {
		unitsByCode: new Map(foundUnits.map((u) => [u.code, u])),
		byPhone: new Map(byPhone.map((p) => [p.phone, p])),
		byEmail: new Map(byEmail.map((p) => [p.email!, p])),
		byCccd: new Map(byCccd.map((p) => [p.cccd!, p]))
	};
}

export interface PeoplePlan {
	problems: Problem[];
	actions: Map<number, RowAction>;
}

/** A person is found by phone; an empty email or CCCD cell keeps the stored one. */
export function personChanges(row: PersonRow, current: StoredPerson, unitId: number): boolean {
	return (
		current.fullName !== row.fullName ||
		current.birthDate !== row.birthDate ||
		current.unitId !== unitId ||
		(row.email !== null && current.email !== row.email) ||
		(row.cccd !== null && current.cccd !== row.cccd)
	);
}

/**
 * Checks people rows against each other and the people stored, and says what applying each would do. Drafts with
 * bad cells are checked as far as their good cells allow; `invalid` rows (problems found earlier) get no action.
 * A scoped organizer's rows must name units within their reach, and must not be people of other units.
 */
export function planPeople(
	rows: Draft<PersonRow>[],
	snapshot: PeopleSnapshot,
	invalid = new Set<number>(),
	scope: OrganizerScope = { kind: 'global' }
): PeoplePlan {
	const problems: Problem[] = [];
	const firstRow = {
		phone: new Map<string, number>(),
		email: new Map<string, number>(),
		cccd: new Map<string, number>()
	};
	for (const row of rows) {
		for (const column of ['phone', 'email', 'cccd'] as const) {
			const value = row[column];
			if (value === null || value === undefined) continue;
			const first = firstRow[column].get(value);
			if (first !== undefined)
				problems.push({ row: row.row, column, code: 'duplicate_in_file', params: { first } });
			else firstRow[column].set(value, row.row);
		}
		const current = row.phone === undefined ? undefined : snapshot.byPhone.get(row.phone);
		if (row.unitCode !== undefined) {
			const unit = snapshot.unitsByCode.get(row.unitCode);
			const params = { code: row.unitCode };
			if (!unit) problems.push({ row: row.row, column: 'unitCode', code: 'unit_unknown', params });
			// someone already in a unit that was closed later may stay there; nobody new goes in
			else if (!unit.active && current?.unitId !== unit.id)
				problems.push({ row: row.row, column: 'unitCode', code: 'unit_inactive', params });
			else if (!mayReachUnit(scope, unit.path))
				problems.push({ row: row.row, column: 'unitCode', code: 'unit_out_of_scope', params });
		}
		if (current && !mayReachUnit(scope, current.unitPath))
			problems.push({ row: row.row, column: 'phone', code: 'person_out_of_scope' });
		// taken by someone else: only a valid phone says who this row is
		if (row.phone === undefined) continue;
		const emailHolder = row.email ? snapshot.byEmail.get(row.email) : undefined;
		if (emailHolder && emailHolder.phone !== row.phone)
			problems.push({ row: row.row, column: 'email', code: 'email_taken' });
		// an organizer's list must not rename, move or take over the sign-in of an administrator, organizer or judge
		if (current?.privileged && isComplete(row, new Set()) && row.unitCode !== undefined) {
			const unit = snapshot.unitsByCode.get(row.unitCode);
			if (unit && personChanges(row, current, unit.id))
				problems.push({ row: row.row, column: 'phone', code: 'privileged_account' });
		}
		const cccdHolder = row.cccd ? snapshot.byCccd.get(row.cccd) : undefined;
		if (cccdHolder && cccdHolder.phone !== row.phone)
			problems.push({ row: row.row, column: 'cccd', code: 'cccd_taken' });
	}
	const bad = new Set([...invalid, ...problems.map((p) => p.row)]);
	const actions = new Map<number, RowAction>();
	for (const row of rows) {
		if (!isComplete(row, bad)) continue;
		const current = snapshot.byPhone.get(row.phone);
		const unitId = snapshot.unitsByCode.get(row.unitCode)!.id;
		actions.set(row.row, !current ? 'new' : personChanges(row, current, unitId) ? 'updated' : 'unchanged');
	}
	return { problems, actions };
}
