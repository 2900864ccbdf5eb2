import { fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { RANKING_CRITERIA, ruleOfFields, unitRankingFields } from '$lib/schemas/unit-ranking';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import { countedRounds, dashboardParent } from '$lib/server/insights/scope';
import { setUnitRankingRule, unitRanking, unitRankingRuleOf } from '$lib/server/insights/unit-ranking';
import { quizContest } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

// Query parameters, so every view is a link; anything unreadable falls back to the whole contest at the top level.
const query = z.object({
	round: z.coerce.number().int().positive().optional().catch(undefined),
	unit: z.coerce.number().int().positive().optional().catch(undefined)
});

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const { contest } = await event.parent();
	const params = query.parse({
		round: event.url.searchParams.get('round') ?? undefined,
		unit: event.url.searchParams.get('unit') ?? undefined
	});
	const rounds = await countedRounds(db(), contest.id);
	// collective prizes are usually for the whole contest: that is the default
	const roundId = rounds.some((r) => r.id === params.round) ? (params.round as number) : null;
	const { parentId, trail } = await dashboardParent(db(), contest.eligibleUnitId, params.unit ?? null);
	// the rule from the primary: after saving it, the page shows the rule just saved; the figures from the replica
	const rule = await unitRankingRuleOf(db(), contest.id);
	const ranking = await unitRanking(readDb(), { contestId: contest.id, roundId }, parentId, rule);
	const [c1 = '', c2 = '', c3 = '', c4 = ''] = ranking.rule;
	return {
		ruleForm: await superValidate({ c1, c2, c3, c4 }, zod4(unitRankingFields), { errors: false }),
		rounds: rounds.map((r) => ({ id: r.id, name: r.name })),
		roundId,
		parentId,
		trail,
		rule: ranking.rule,
		units: ranking.units,
		criteria: RANKING_CRITERIA
	};
};

export const actions: Actions = {
	rule: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const contest = await quizContest(event.params.id);
		const form = await superValidate(event.request, zod4(unitRankingFields));
		if (!form.valid) return fail(400, { ruleForm: form });
		const saved = await setUnitRankingRule(db(), contest.id, ruleOfFields(form.data));
		if (!saved.ok) return message(form, { type: 'error', text: m.insight_rank_not_found() }, { status: 404 });
		return message(form, { type: 'ok', text: m.insight_rank_saved() });
	}
};
