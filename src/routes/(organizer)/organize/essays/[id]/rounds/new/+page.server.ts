import { fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { DEFAULT_CRITERIA } from '$lib/components/essay-setup/presets';
import { essayRoundSchema } from '$lib/schemas/essays-setup';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { createRound, listRounds } from '$lib/server/essays/setup';
import { essayContest, roundFailure, roundInputOf } from '../../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const existing = await listRounds(db(), contest.id);
	// the first round is usually the preliminary ("Sơ khảo"), the next the final ("Chung khảo")
	const name = existing.length === 0 ? 'Sơ khảo' : existing.length === 1 ? 'Chung khảo' : '';
	const defaults = {
		name,
		scale: 100,
		judgesPerEntry: 2,
		disagreementThreshold: 20,
		settleRule: 'mean' as const,
		advanceRule: 'none' as const,
		advanceValue: null,
		closesAt: '',
		criterionNames: DEFAULT_CRITERIA.map((c) => c.name),
		criterionMaxima: DEFAULT_CRITERIA.map((c) => c.maxPoints),
		criterionLevels: DEFAULT_CRITERIA.map(() => '')
	};
	return {
		contest: { id: contest.id, title: contest.title },
		form: await superValidate(defaults, zod4(essayRoundSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await superValidate(event.request, zod4(essayRoundSchema));
		if (!form.valid) return fail(400, { form });
		const result = await createRound(db(), contest.id, roundInputOf(form.data));
		if (!result.ok) return roundFailure(form, result);
		redirect(303, `/organize/essays/${contest.id}?saved=${result.value.round.id}`);
	}
};
