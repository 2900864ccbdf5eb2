import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { essayRoundSchema } from '$lib/schemas/essays-setup';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { getRound, updateRound } from '$lib/server/essays/setup';
import { essayContest, idParam, roundFailure, roundFormValues, roundInputOf } from '../../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const round = await getRound(db(), contest.id, idParam(event.params.roundId));
	if (!round) error(404);
	return {
		contest: { id: contest.id, title: contest.title },
		round: { id: round.round.id, name: round.round.name, scoreCount: round.scoreCount },
		form: await superValidate(roundFormValues(round), zod4(essayRoundSchema))
	};
};

export const actions: Actions = {
	default: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const round = await getRound(db(), contest.id, idParam(event.params.roundId));
		if (!round) error(404);
		const form = await superValidate(event.request, zod4(essayRoundSchema));
		if (!form.valid) return fail(400, { form });
		const result = await updateRound(db(), round.round.id, roundInputOf(form.data));
		if (!result.ok) return roundFailure(form, result);
		redirect(303, `/organize/essays/${contest.id}?saved=${round.round.id}`);
	}
};
