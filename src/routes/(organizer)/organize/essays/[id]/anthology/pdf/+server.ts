import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { makeAnthology } from '$lib/server/essays/anthology';
import { attachmentHeaders } from '$lib/server/exports/table-stream';
import { fileStore } from '$lib/server/files';
import { essayContest } from '../../../forms.server';
import { anthologyErrorText } from '../anthology.server';
import type { RequestHandler } from './$types';

const entryId = z.coerce.number().int().positive().max(2_147_483_647);

/**
 * The anthology PDF. From the page's form: `chosen=1` and one `entry` per ticked winner; without `chosen`, every
 * winner. Each download is audited (anthology.download) with the entries printed and left out.
 */
export const GET: RequestHandler = async (event) => {
	const user = await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const params = event.url.searchParams;
	const ids = z.array(entryId).safeParse(params.getAll('entry'));
	if (!ids.success) error(400, m.anthology_err_foreign());
	const made = await makeAnthology(db(), fileStore(), contest.id, {
		actorId: user.id,
		include: params.has('chosen') ? ids.data : undefined
	});
	if (!made.ok) {
		if (made.error === 'not_found') error(404, m.error_404_text());
		if (made.error === 'not_published') error(409, anthologyErrorText(made.error));
		redirect(303, `/organize/essays/${contest.id}/anthology?error=${made.error}`);
	}
	return new Response(made.pdf as Uint8Array<ArrayBuffer>, {
		headers: attachmentHeaders(m.anthology_file_name({ contest: contest.title }), 'application/pdf')
	});
};
