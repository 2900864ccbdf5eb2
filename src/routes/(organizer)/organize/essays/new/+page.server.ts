import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { essayContestSchema } from '$lib/schemas/essays-setup';
import { requireOrganizer } from '$lib/server/auth/guards';
import { mayCreateContests } from '$lib/server/auth/scope';
import { db } from '$lib/server/db';
import { createEssayContest } from '$lib/server/essays/setup';
import { mayOpenContestTo } from '$lib/server/organizer-grants';
import { contestFailure, contestInputOf, newContestFormValues } from '../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	if (!mayCreateContests(me.organizer)) error(403, m.error_forbidden());
	return {
		form: await superValidate(newContestFormValues(), zod4(essayContestSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireOrganizer(event);
		const form = await superValidate(event.request, zod4(essayContestSchema));
		const input = form.valid ? contestInputOf(form.data) : null;
		if (!input) return fail(400, { form });
		if (!(await mayOpenContestTo(db(), me.organizer, input.eligibleUnitId)))
			return setError(form, 'eligibleUnitId', m.scope_unit_outside());
		const result = await createEssayContest(db(), { ...input, createdBy: me.id });
		if (!result.ok) return contestFailure(form, result.error);
		redirect(303, `/organize/essays/${result.value.id}`);
	}
};
