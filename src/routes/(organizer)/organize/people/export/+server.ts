import { m } from '$lib/paraglide/messages';
import { peopleFilterSchema } from '$lib/schemas/people';
import { requireOrganizer } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { exportFormat, downloadHeaders, tableStream } from '$lib/server/exports/table-stream';
import { peopleExport } from '$lib/server/people/export';
import type { RequestHandler } from './$types';

/** Everyone the people page's filters match (inside the organizer's scope), as .xlsx or .csv. */
export const GET: RequestHandler = async (event) => {
	const me = requireOrganizer(event);
	const { q, unit, role, status } = peopleFilterSchema.parse(Object.fromEntries(event.url.searchParams));
	const format = exportFormat.catch('xlsx').parse(event.url.searchParams.get('format') ?? undefined);
	const table = peopleExport(readDb(), { query: q, unitId: unit, role, status }, me.organizer);
	return new Response(tableStream(table, format), {
		headers: downloadHeaders(m.people_export_file({}, { locale: 'vi' }), format)
	});
};
