import { error, fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { decidingRulesSchema } from '$lib/schemas/essays-deciding';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { decidingRules, saveDecidingRules } from '$lib/server/essays/deciding';
import { resultsStatus } from '$lib/server/essays/results';
import { essayContest } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const [rules, results] = await Promise.all([
		decidingRules(db(), contest.id),
		resultsStatus(db(), contest.id)
	]);
	return {
		contest: { id: contest.id, title: contest.title },
		published: results.publishedAt !== null,
		form: await superValidate(rules, zod4(decidingRulesSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await superValidate(event.request, zod4(decidingRulesSchema));
		if (!form.valid) return fail(400, { form });
		const result = await saveDecidingRules(db(), contest.id, form.data, me.id);
		if (!result.ok) {
			if (result.error === 'not_found') error(404);
			return message(form, { type: 'error', text: m.decide_err_published() }, { status: 409 });
		}
		return message(form, { type: 'ok', text: m.decide_rules_saved() });
	}
};
