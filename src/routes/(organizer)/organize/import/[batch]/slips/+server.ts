import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireOrganizer } from '$lib/server/auth/guards';
import { readConfig } from '$lib/server/config';
import { db } from '$lib/server/db';
import { attachmentHeaders } from '$lib/server/exports/table-stream';
import { slipsForImport } from '$lib/server/slips/from-import';
import { renderSlips } from '$lib/server/slips/pdf';
import { MAX_SLIPS } from '$lib/server/slips/reissue';
import type { ErrorResponse } from '../../api';
import type { RequestHandler } from './$types';

const params = z.object({ batch: z.uuid() });
const body = z.object({
	people: z
		.array(z.object({ phone: z.string().max(20), password: z.string().max(40) }))
		.min(1)
		.max(MAX_SLIPS)
});

/**
 * POST { people: [{ phone, password }] } (what the apply answered): a PDF of sign-in slips for the batch's new
 * people, one page per unit; refusals as JSON { message } next to the button.
 */
export const POST: RequestHandler = async (event) => {
	const me = requireOrganizer(event);
	const batch = params.safeParse(event.params);
	if (!batch.success) error(404, m.import_apply_not_found());
	const parsed = body.safeParse(await event.request.json().catch(() => null));
	if (!parsed.success)
		return json({ message: m.import_slips_invalid() } satisfies ErrorResponse, { status: 400 });
	const result = await slipsForImport(db(), {
		batchId: batch.data.batch,
		people: parsed.data.people,
		actor: { id: me.id, admin: me.roles.includes('admin'), scope: me.organizer }
	});
	if (!result.ok) {
		const message =
			result.error === 'not_found'
				? m.import_apply_not_found()
				: result.error === 'nobody'
					? m.import_slips_nobody()
					: m.import_slips_invalid();
		return json({ message } satisfies ErrorResponse, { status: result.error === 'not_found' ? 404 : 422 });
	}
	const stamp = new Date().toISOString().slice(0, 10);
	const pdf = await renderSlips(result.slips, {
		origin: readConfig().origin ?? event.url.origin,
		title: m.import_slips_title({ date: stamp }, { locale: 'vi' })
	});
	return new Response(new Blob([pdf as Uint8Array<ArrayBuffer>]), {
		headers: attachmentHeaders(
			`${m.import_slips_title({ date: stamp }, { locale: 'vi' })}.pdf`,
			'application/pdf'
		)
	});
};
