import { sql } from 'drizzle-orm';
import { userSearchText } from '../accounts';
import type { OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { roleGrants, users } from '../db/schema';
import { changedSincePreview, chunks, ImportConflict, type WriteReport } from './apply-common';
import { loadPeopleSnapshot, planPeople } from './plan-people';
import type { PersonRow, RowAction, StoredRow } from './types';

/**
 * Writes a people batch inside the caller's transaction: checks the rows again against the people stored now,
 * updates the changed ones (a few `update … from jsonb_to_recordset` statements), then inserts the new ones with
 * their pre-computed password hashes. An existing person's password is never touched.
 */
export async function writePeople(
	tx: Db,
	rows: StoredRow<PersonRow>[],
	hashes: Map<number, string>,
	report: WriteReport,
	options: { chunkSize: number; scope?: OrganizerScope; actorId?: number }
): Promise<Map<number, RowAction>> {
	const { chunkSize } = options;
	const snapshot = await loadPeopleSnapshot(tx, rows);
	const plan = planPeople(rows, snapshot, new Set(), options.scope);
	const problems = [...plan.problems, ...changedSincePreview(rows, plan.actions, 'phone', 'phone_taken')];
	if (problems.length > 0) throw new ImportConflict(problems);

	const unitId = (row: PersonRow) => snapshot.unitsByCode.get(row.unitCode)!.id;
	const updates = rows
		.filter((r) => plan.actions.get(r.row) === 'updated')
		.map((r) => {
			const current = snapshot.byPhone.get(r.phone)!;
			const email = r.email ?? current.email;
			return {
				id: current.id,
				full_name: r.fullName,
				birth_date: r.birthDate,
				unit_id: unitId(r),
				email,
				cccd: r.cccd ?? current.cccd,
				search_text: userSearchText(r.fullName, r.phone, email)
			};
		});
	const inserts = rows.filter((r) => plan.actions.get(r.row) === 'new');
	const total = updates.length + inserts.length;
	let done = 0;

	for (const chunk of chunks(updates, chunkSize)) {
		await tx.execute(sql`
			update ${users} as u
			set full_name = v.full_name, birth_date = v.birth_date, unit_id = v.unit_id, email = v.email,
				cccd = v.cccd, search_text = v.search_text, updated_at = now()
			from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
				as v(id int, full_name text, birth_date date, unit_id int, email text, cccd text, search_text text)
			where u.id = v.id`);
		done += chunk.length;
		await report({ done, total });
	}
	for (const chunk of chunks(inserts, chunkSize)) {
		await tx.insert(users).values(
			chunk.map((r) => {
				const passwordHash = hashes.get(r.row);
				if (!passwordHash) throw new Error(`no password hash for row ${r.row}`);
				return {
					fullName: r.fullName,
					birthDate: r.birthDate,
					unitId: unitId(r),
					phone: r.phone,
					email: r.email,
					cccd: r.cccd,
					passwordHash,
					mustChangePassword: true,
					searchText: userSearchText(r.fullName, r.phone, r.email)
				};
			})
		);
		done += chunk.length;
		await report({ done, total });
	}
	await grantLeadersOf(tx, rows, options.actorId);
	return plan.actions;
}

/**
 * "Phụ trách đơn vị" = x: each marked person leads the unit of their row (new, updated or unchanged alike); a grant
 * held already stays as it is, and an empty cell takes nothing away. One statement.
 */
async function grantLeadersOf(tx: Db, rows: StoredRow<PersonRow>[], actorId: number | undefined) {
	const marked = rows.filter((r) => r.leads).map((r) => r.phone);
	if (marked.length === 0) return;
	await tx.execute(sql`
		insert into ${roleGrants} (user_id, role, unit_id, granted_by)
		select u.id, 'leader', u.unit_id, ${actorId ?? null}::int
		from ${users} u where u.phone in (${sql.join(marked, sql`, `)})
		on conflict do nothing`);
}
