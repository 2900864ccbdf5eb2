import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { awardTiersSchema, essayContestSchema, judgeChangeSchema } from '$lib/schemas/essays-setup';
import { listUsers } from '$lib/server/accounts';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { mayOpenContestTo, personInScope } from '$lib/server/organizer-grants';
import {
	addJudge,
	type JudgeError,
	listAwardTiers,
	listJudges,
	listRounds,
	removeJudge,
	setAwardTiers,
	setPublished,
	updateEssayContest
} from '$lib/server/essays/setup';
import { resultsStatus } from '$lib/server/essays/results';
import { unitOption } from '$lib/server/units';
import {
	contestFailure,
	contestFormValues,
	contestInputOf,
	essayContest,
	publishErrorText,
	tiersFailure,
	tiersFormValues
} from '../forms.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { stageActions, stagePanel } from './stage-actions.server';

export const load: PageServerLoad = async (event) => {
	const me = await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const eligible = contest.eligibleUnitId ? await unitOption(db(), contest.eligibleUnitId) : undefined;
	const [stage, rounds, tiers, judges, results] = await Promise.all([
		stagePanel(contest.id),
		listRounds(db(), contest.id),
		listAwardTiers(db(), contest.id),
		listJudges(db(), contest.id),
		resultsStatus(db(), contest.id)
	]);
	const query = (event.url.searchParams.get('q') ?? '').trim();
	const judgeIds = new Set(judges.map((j) => j.userId));
	const candidates = query
		? (await listUsers(db(), { query, limit: 10, scope: me.organizer })).items
				.filter((u) => !u.disabled)
				.map((u) => ({
					id: u.id,
					fullName: u.fullName,
					phone: u.phone,
					unitName: u.unitName,
					isJudge: judgeIds.has(u.id)
				}))
		: null;
	const saved = Number(event.url.searchParams.get('saved'));
	return {
		contest: {
			id: contest.id,
			title: contest.title,
			published: contest.published,
			eligibleLabel: eligible?.trail.join(' › ') ?? null
		},
		rounds: rounds.map(({ round, criteria, scoreCount }) => ({
			id: round.id,
			position: round.position,
			name: round.name,
			scale: round.scale,
			judgesPerEntry: round.judgesPerEntry,
			disagreementThreshold: round.disagreementThreshold,
			closesAt: round.closesAt,
			criteria: criteria.map((c) => ({ id: c.id, name: c.name, maxPoints: c.maxPoints })),
			scoreCount
		})),
		results,
		stage,
		savedRoundName: rounds.find((r) => r.round.id === saved)?.round.name ?? null,
		judges,
		candidates,
		query,
		form: await superValidate(contestFormValues(contest), zod4(essayContestSchema), { id: 'settings' }),
		tiersForm: await superValidate(tiersFormValues(tiers), zod4(awardTiersSchema), { id: 'tiers' })
	};
};

function judgeErrorText(code: JudgeError): string {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'user_not_found':
			return m.essay_setup_judge_user_not_found();
		case 'user_disabled':
			return m.essay_setup_judge_user_disabled();
		case 'has_assignments':
			return m.essay_setup_judge_has_assignments();
	}
}

async function postedUserId(event: RequestEvent): Promise<number> {
	const parsed = judgeChangeSchema.safeParse(Object.fromEntries(await event.request.formData()));
	if (!parsed.success) error(400, m.contest_bad_request());
	return parsed.data.userId;
}

export const actions: Actions = {
	// stage moves (stage-actions.server.ts, which guards again)
	closeSubmissions: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		return stageActions.closeSubmissions(event);
	},
	reopenSubmissions: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		return stageActions.reopenSubmissions(event);
	},
	settle: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		return stageActions.settle(event);
	},
	unsettle: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		return stageActions.unsettle(event);
	},
	deleteRound: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		return stageActions.deleteRound(event);
	},
	deleteContest: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		return stageActions.deleteContest(event);
	},
	update: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await superValidate(event.request, zod4(essayContestSchema), { id: 'settings' });
		const input = form.valid ? contestInputOf(form.data) : null;
		if (!input) return fail(400, { form });
		if (!(await mayOpenContestTo(db(), me.organizer, input.eligibleUnitId, contest.eligibleUnitId)))
			return setError(form, 'eligibleUnitId', m.scope_unit_outside());
		const result = await updateEssayContest(db(), contest.id, input);
		if (!result.ok) return contestFailure(form, result.error);
		return message(form, { type: 'ok', text: m.essay_setup_saved() });
	},
	publish: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const result = await setPublished(db(), contest.id, true, me.id);
		if (!result.ok) return fail(400, { publishError: publishErrorText(result.error) });
		return { publishDone: m.contest_published_done() };
	},
	unpublish: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const result = await setPublished(db(), contest.id, false, me.id);
		if (!result.ok) return fail(400, { publishError: publishErrorText(result.error) });
		return { publishDone: m.contest_unpublished_done() };
	},
	tiers: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await superValidate(event.request, zod4(awardTiersSchema), { id: 'tiers' });
		if (!form.valid) return fail(400, { tiersForm: form });
		const result = await setAwardTiers(
			db(),
			contest.id,
			form.data.tierNames.map((name, i) => ({ name, count: form.data.tierCounts[i] }))
		);
		if (!result.ok) return tiersFailure(form, result.error);
		return message(form, { type: 'ok', text: m.essay_setup_tiers_saved() });
	},
	addJudge: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const userId = await postedUserId(event);
		// a scoped organizer picks judges among the people they may see
		if (!(await personInScope(db(), me.organizer, userId)))
			return fail(400, { judgeError: m.essay_setup_judge_user_not_found() });
		const result = await addJudge(db(), contest.id, userId, me.id);
		if (!result.ok) return fail(400, { judgeError: judgeErrorText(result.error) });
		return { judgeDone: m.essay_setup_judge_added() };
	},
	removeJudge: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const result = await removeJudge(db(), contest.id, await postedUserId(event));
		if (!result.ok) return fail(400, { judgeError: judgeErrorText(result.error) });
		return { judgeDone: m.essay_setup_judge_removed() };
	}
};
