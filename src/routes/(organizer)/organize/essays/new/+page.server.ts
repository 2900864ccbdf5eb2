import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { essayContestSchema } from '$lib/schemas/essays-setup';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { createEssayContest } from '$lib/server/essays/setup';
import { contestFailure, contestInputOf, newContestFormValues } from '../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	return {
		form: await superValidate(newContestFormValues(), zod4(essayContestSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireRole(event, 'organizer', 'admin');
		const form = await superValidate(event.request, zod4(essayContestSchema));
		const input = form.valid ? contestInputOf(form.data) : null;
		if (!input) return fail(400, { form });
		const result = await createEssayContest(db(), { ...input, createdBy: me.id });
		if (!result.ok) return contestFailure(form, result.error);
		redirect(303, `/organize/essays/${result.value.id}`);
	}
};
