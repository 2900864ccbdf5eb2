import { error, fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { contestSchema } from '$lib/schemas/contests';
import { requireOrganizer } from '$lib/server/auth/guards';
import { mayCreateContests } from '$lib/server/auth/scope';
import { db } from '$lib/server/db';
import { mayOpenContestTo } from '$lib/server/organizer-grants';
import { createContest } from '$lib/server/quiz/contests';
import { contestInputOf } from '../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	if (!mayCreateContests(me.organizer)) error(403, m.error_forbidden());
	return { form: await superValidate(zod4(contestSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireOrganizer(event);
		const form = await superValidate(event.request, zod4(contestSchema));
		if (!form.valid) return fail(400, { form });
		const input = contestInputOf(form.data);
		if (!(await mayOpenContestTo(db(), me.organizer, input.eligibleUnitId)))
			return setError(form, 'eligibleUnitId', m.scope_unit_outside());
		const result = await createContest(db(), { kind: 'quiz', ...input, createdBy: me.id });
		if (!result.ok) {
			return result.error === 'unit_not_found'
				? setError(form, 'eligibleUnitId', m.v_unit())
				: setError(form, 'title', m.contest_v_title());
		}
		redirect(303, `/organize/contests/${result.value.id}`);
	}
};
