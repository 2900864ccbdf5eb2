import { m } from '$lib/paraglide/messages';
import type { OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { type TableExport, vietnamDateTime } from '../exports/table-stream';
import { type PeopleFilter, type PersonRow, peopleBatches } from './directory';

const vi = { locale: 'vi' } as const;

/** The people page's list as a spreadsheet: name order, every row that matches, in batches. */
export function peopleExport(db: Db, filter: PeopleFilter, scope: OrganizerScope): TableExport<PersonRow> {
	return {
		sheetName: m.people_title({}, vi),
		columns: [
			{ header: m.field_full_name({}, vi), value: (p) => p.fullName, width: 28 },
			{ header: m.field_phone({}, vi), value: (p) => p.phone, width: 14 },
			{ header: m.field_email({}, vi), value: (p) => p.email ?? '', width: 26 },
			{ header: m.field_unit({}, vi), value: (p) => p.unitName, width: 30 },
			{ header: m.people_status({}, vi), value: (p) => statusText(p), width: 24 },
			{
				header: m.people_last_sign_in({}, vi),
				value: (p) => (p.lastSignInAt ? vietnamDateTime(p.lastSignInAt) : ''),
				width: 20
			}
		],
		batches: peopleBatches(db, filter, scope)
	};
}

function statusText(p: PersonRow): string {
	if (p.disabled) return m.people_status_disabled({}, vi);
	if (p.mustChangePassword) return m.people_status_must_change({}, vi);
	return m.people_status_active({}, vi);
}
