import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireOrganizer } from '$lib/server/auth/guards';
import { buildTemplate } from '$lib/server/import/template';
import { IMPORT_KINDS } from '$lib/server/import/types';
import type { RequestHandler } from './$types';

const query = z.object({ kind: z.enum(IMPORT_KINDS), format: z.enum(['xlsx', 'csv']).default('xlsx') });

function notes(kind: (typeof IMPORT_KINDS)[number]): string[] {
	const lines =
		kind === 'units'
			? [
					m.import_template_units_1(),
					m.import_template_units_2(),
					m.import_template_units_3(),
					m.import_template_units_4()
				]
			: [
					m.import_template_people_1(),
					m.import_template_people_2(),
					m.import_template_people_3(),
					m.import_template_people_4(),
					m.import_template_people_5()
				];
	return [...lines, m.import_template_examples()];
}

/** GET ?kind=units|people&format=xlsx|csv: the file to fill in, with Vietnamese headers and two examples. */
export const GET: RequestHandler = async (event) => {
	requireOrganizer(event);
	const parsed = query.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(400, m.import_invalid_request());
	const { kind, format } = parsed.data;
	const file = await buildTemplate(kind, format, {
		sheetName: m.import_template_sheet(),
		lines: notes(kind)
	});
	return new Response(file.bytes, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'private, max-age=300'
		}
	});
};
