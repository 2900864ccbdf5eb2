import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { roundSchema } from '$lib/schemas/contests';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { createRound, listTopicChoices, roundDefaults } from '$lib/server/quiz/contests';
import { quizContest, roundFailure, roundFormValues, roundInputOf } from '../../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const { contest } = await event.parent();
	const [defaults, bank] = await Promise.all([roundDefaults(db(), contest.id), listTopicChoices(db())]);
	const name = defaults.suggestedName ?? m.round_default_name({ position: defaults.position });
	return {
		topics: bank,
		form: await superValidate(roundFormValues({ ...defaults, name }, bank), zod4(roundSchema), {
			errors: false
		})
	};
};

export const actions: Actions = {
	default: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const contest = await quizContest(event.params.id);
		const form = await superValidate(event.request, zod4(roundSchema));
		const input = form.valid ? roundInputOf(form.data) : null;
		if (!input) return fail(400, { form });
		const result = await createRound(db(), contest.id, input);
		if (!result.ok) return roundFailure(form, result);
		redirect(303, `/organize/contests/${contest.id}?saved=${result.value.round.id}`);
	}
};
