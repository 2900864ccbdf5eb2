import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { contestSchema } from '$lib/schemas/contests';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { createContest } from '$lib/server/quiz/contests';
import { contestInputOf } from '../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	return { form: await superValidate(zod4(contestSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireRole(event, 'organizer', 'admin');
		const form = await superValidate(event.request, zod4(contestSchema));
		if (!form.valid) return fail(400, { form });
		const result = await createContest(db(), {
			kind: 'quiz',
			...contestInputOf(form.data),
			createdBy: me.id
		});
		if (!result.ok) {
			return result.error === 'unit_not_found'
				? setError(form, 'eligibleUnitId', m.v_unit())
				: setError(form, 'title', m.contest_v_title());
		}
		redirect(303, `/organize/contests/${result.value.id}`);
	}
};
