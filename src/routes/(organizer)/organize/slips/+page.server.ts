import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { requireOrganizer } from '$lib/server/auth/guards';
import { readConfig } from '$lib/server/config';
import { db } from '$lib/server/db';
import { units } from '$lib/server/db/schema';
import { slipsSchema } from '$lib/schemas/slips';
import { jobQueue } from '$lib/server/jobs';
import { ownRun } from '$lib/server/jobs/access';
import { publicRun } from '$lib/server/jobs/runs';
import { requestSlips } from '$lib/server/slips/job';
import { MAX_SLIPS } from '$lib/server/slips/reissue';
import type { Actions, PageServerLoad } from './$types';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const query = z.object({
	unit: id.optional().catch(undefined),
	job: id.optional().catch(undefined),
	problem: z.enum(['unit', 'already_running']).optional().catch(undefined)
});

/**
 * The form that asks for a unit's sign-in slips, and the run it started (?job=): the slips are made in the
 * background (slips/job.ts) and the page offers the PDF when done. A refusal comes back as ?problem=.
 */
export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	const { unit, job, problem } = query.parse(Object.fromEntries(event.url.searchParams));
	const [chosen] = unit
		? await db().select({ id: units.id, name: units.name }).from(units).where(eq(units.id, unit))
		: [];
	const run = job ? await ownRun(db(), job, me.id) : null;
	return {
		unit: chosen ?? null,
		problem: problem ?? null,
		maxSlips: MAX_SLIPS,
		job: run && run.kind === 'slips' ? publicRun(run) : null,
		form: await superValidate({ unitId: chosen?.id ?? 0, subtree: true }, zod4(slipsSchema), {
			errors: false
		})
	};
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireOrganizer(event);
		const form = await superValidate(event.request, zod4(slipsSchema));
		if (!form.valid) return fail(400, { form });
		const { unitId, subtree } = form.data;
		const asked = await requestSlips(jobQueue(), db(), {
			unitId,
			subtree,
			actorId: me.id,
			admin: me.roles.includes('admin'),
			scope: me.organizer,
			origin: readConfig().origin ?? event.url.origin
		});
		if (!asked.ok) {
			const problem = asked.error === 'not_found' ? 'unit' : asked.error;
			redirect(303, `/organize/slips?unit=${unitId}&problem=${problem}`);
		}
		redirect(303, `/organize/slips?unit=${unitId}&job=${asked.jobId}`);
	}
};
