import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { contestSchema, resultsStates } from '$lib/schemas/contests';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { mayOpenContestTo } from '$lib/server/organizer-grants';
import {
	contestIdOfRound,
	listRounds,
	moveRound,
	setPublished,
	updateContest
} from '$lib/server/quiz/contests';
import { unitOption } from '$lib/server/units';
import {
	contestFormValues,
	contestInputOf,
	idParam,
	quizContest,
	publishErrorText,
	resultsErrorText,
	shortageText
} from '../forms.server';
import { changeResultsState } from '$lib/server/quiz/results';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const resultsChange = z.object({ roundId: z.coerce.number().int().positive(), state: z.enum(resultsStates) });
const moveChange = z.object({
	roundId: z.coerce.number().int().positive(),
	direction: z.enum(['up', 'down'])
});

/** A round posted with this page's forms must belong to this page's contest. */
async function postedRound<T extends { roundId: number }>(
	event: RequestEvent,
	schema: z.ZodType<T>
): Promise<T> {
	const parsed = schema.safeParse(Object.fromEntries(await event.request.formData()));
	if (!parsed.success) error(400, m.contest_bad_request());
	if ((await contestIdOfRound(db(), parsed.data.roundId)) !== idParam(event.params.id)) error(404);
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const { contest } = await event.parent();
	const eligible = contest.eligibleUnitId ? await unitOption(db(), contest.eligibleUnitId) : undefined;
	const rounds = await listRounds(db(), contest.id);
	const saved = Number(event.url.searchParams.get('saved'));
	return {
		eligibleLabel: eligible?.trail.join(' › ') ?? null,
		rounds: rounds.map((r) => ({
			id: r.id,
			contestId: r.contestId,
			position: r.position,
			name: r.name,
			practice: r.practice,
			opensAt: r.opensAt,
			closesAt: r.closesAt,
			state: r.state,
			timeLimitSeconds: r.timeLimitSeconds,
			attemptsAllowed: r.attemptsAllowed,
			predictionEnabled: r.predictionEnabled,
			reviewPolicy: r.reviewPolicy,
			resultsState: r.resultsState,
			resultsAt: r.resultsAt,
			questionCount: r.questionCount,
			attemptCount: r.attemptCount,
			shortages: r.shortages.map(shortageText)
		})),
		savedRoundName: rounds.find((r) => r.id === saved)?.name ?? null,
		form: await superValidate(contestFormValues(contest), zod4(contestSchema))
	};
};

export const actions: Actions = {
	update: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await quizContest(event.params.id);
		const form = await superValidate(event.request, zod4(contestSchema));
		if (!form.valid) return fail(400, { form });
		const input = contestInputOf(form.data);
		if (!(await mayOpenContestTo(db(), me.organizer, input.eligibleUnitId, contest.eligibleUnitId)))
			return setError(form, 'eligibleUnitId', m.scope_unit_outside());
		const result = await updateContest(db(), contest.id, input);
		if (!result.ok) {
			if (result.error === 'not_found') error(404);
			return result.error === 'unit_not_found'
				? setError(form, 'eligibleUnitId', m.v_unit())
				: setError(form, 'title', m.contest_v_title());
		}
		return message(form, { type: 'ok', text: m.contest_saved() });
	},
	publish: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const contest = await quizContest(event.params.id);
		const result = await setPublished(db(), contest.id, true);
		if (!result.ok) {
			return fail(400, {
				publishError: publishErrorText(result.error),
				shortages: (result.shortages ?? []).map(shortageText)
			});
		}
		return { publishDone: m.contest_published_done() };
	},
	unpublish: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const contest = await quizContest(event.params.id);
		const result = await setPublished(db(), contest.id, false);
		if (!result.ok) return fail(400, { publishError: publishErrorText(result.error), shortages: [] });
		return { publishDone: m.contest_unpublished_done() };
	},
	results: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const { roundId, state } = await postedRound(event, resultsChange);
		const result = await changeResultsState(db(), roundId, state);
		if (!result.ok) return fail(400, { roundId, roundError: resultsErrorText(result.error) });
		const done =
			state === 'published'
				? m.round_results_published_done()
				: state === 'frozen'
					? m.round_results_frozen_done()
					: m.round_results_hidden_done();
		return { roundId, roundDone: done };
	},
	move: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const { roundId, direction } = await postedRound(event, moveChange);
		const result = await moveRound(db(), roundId, direction);
		if (!result.ok && result.error === 'not_found') error(404);
		return { roundId };
	}
};
