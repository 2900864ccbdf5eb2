import { m } from '$lib/paraglide/messages';
import { requireRole } from '$lib/server/auth/guards';
import { buildQuestionTemplate } from '$lib/server/quiz/parsers';
import type { RequestHandler } from './$types';

/** GET: the .xlsx to fill in, with the headers the importer reads, three examples and a sheet of notes. */
export const GET: RequestHandler = async (event) => {
	requireRole(event, 'organizer', 'admin');
	const file = await buildQuestionTemplate({
		sheetName: m.bank_template_sheet(),
		lines: [
			m.bank_template_note_1(),
			m.bank_template_note_2(),
			m.bank_template_note_3(),
			m.bank_template_note_4(),
			m.bank_template_note_5(),
			m.bank_template_note_6()
		]
	});
	return new Response(file.bytes, {
		headers: {
			'content-type': file.contentType,
			'content-disposition': `attachment; filename="${file.fileName}"`,
			'cache-control': 'private, max-age=300'
		}
	});
};
