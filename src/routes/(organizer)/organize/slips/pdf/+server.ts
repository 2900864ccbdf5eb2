import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireOrganizer } from '$lib/server/auth/guards';
import { readConfig } from '$lib/server/config';
import { db } from '$lib/server/db';
import { attachmentHeaders } from '$lib/server/exports/table-stream';
import { renderSlips } from '$lib/server/slips/pdf';
import { reissueInitialPasswords } from '$lib/server/slips/reissue';
import type { RequestHandler } from './$types';

const body = z.object({
	unitId: z.coerce.number().int().positive().max(2_147_483_647),
	subtree: z.literal('on').optional()
});

/**
 * POST (the slips page's form): new initial passwords for the unit's people who never signed in, as a PDF of slips.
 * A refusal goes back to the page with ?problem=, so the form works without JavaScript.
 */
export const POST: RequestHandler = async (event) => {
	const me = requireOrganizer(event);
	const parsed = body.safeParse(Object.fromEntries(await event.request.formData()));
	if (!parsed.success) redirect(303, '/organize/slips?problem=unit');
	const { unitId, subtree } = parsed.data;
	const result = await reissueInitialPasswords(db(), {
		unitId,
		subtree: subtree === 'on',
		actorId: me.id,
		admin: me.roles.includes('admin'),
		scope: me.organizer
	});
	if (!result.ok) {
		const problem = result.error === 'not_found' ? 'unit' : result.error;
		redirect(303, `/organize/slips?unit=${unitId}&problem=${problem}`);
	}
	const pdf = await renderSlips(result.slips, {
		origin: readConfig().origin ?? event.url.origin,
		title: m.slip_pdf_title({ unit: result.unitName }, { locale: 'vi' })
	});
	return new Response(new Blob([pdf as Uint8Array<ArrayBuffer>]), {
		headers: attachmentHeaders(`${m.slip_file_name({ unit: result.unitName })}.pdf`, 'application/pdf')
	});
};
