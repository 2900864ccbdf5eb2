import { error, fail, redirect } from '@sveltejs/kit';
import { superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { lockedRoundSchema, roundSchema } from '$lib/schemas/contests';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import {
	deleteRound,
	getRoundForOrganizer,
	listTopicChoices,
	type OrganizerRound,
	type RoundInput,
	updateRound
} from '$lib/server/quiz/contests';
import { fromVietnamLocal, toVietnamLocal } from '$lib/server/quiz/time';
import { idParam, roundFailure, roundFormValues, roundInputOf } from '../../../forms.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The round the URL names, within the contest the URL names, or a 404. */
async function roundOf(event: RequestEvent): Promise<OrganizerRound> {
	const view = await getRoundForOrganizer(db(), idParam(event.params.roundId));
	if (!view || view.contest.id !== idParam(event.params.id)) error(404);
	return view;
}

function inputOf({ round, topics }: OrganizerRound): RoundInput {
	return {
		...round,
		topics: topics.map((t) => ({ topicId: t.topicId, questionCount: t.questionCount }))
	};
}

const contestPage = (view: OrganizerRound) => `/organize/contests/${view.contest.id}?saved=${view.round.id}`;

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const view = await roundOf(event);
	const locked = view.attemptCount > 0;
	const bank = await listTopicChoices(db());
	const { round } = view;
	return {
		round: {
			id: round.id,
			name: round.name,
			state: view.state,
			practice: round.practice,
			opensAt: round.opensAt,
			timeLimitSeconds: round.timeLimitSeconds,
			attemptsAllowed: round.attemptsAllowed,
			graceSeconds: round.graceSeconds,
			shuffleQuestions: round.shuffleQuestions,
			shuffleOptions: round.shuffleOptions,
			predictionEnabled: round.predictionEnabled
		},
		roundTopics: view.topics,
		attemptCount: view.attemptCount,
		topics: bank,
		form: locked ? null : await superValidate(roundFormValues(inputOf(view), bank), zod4(roundSchema)),
		lockedForm: locked
			? await superValidate(
					{ name: round.name, closesAt: toVietnamLocal(round.closesAt), reviewPolicy: round.reviewPolicy },
					zod4(lockedRoundSchema)
				)
			: null
	};
};

export const actions: Actions = {
	update: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const view = await roundOf(event);
		const form = await superValidate(event.request, zod4(roundSchema));
		const input = form.valid ? roundInputOf(form.data) : null;
		if (!input) return fail(400, { form });
		const result = await updateRound(db(), view.round.id, input);
		if (!result.ok) return roundFailure(form, result);
		redirect(303, contestPage(view));
	},
	/** The form a round with attempts shows: the settings that may still change, over the ones that may not. */
	updateLocked: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const view = await roundOf(event);
		const form = await superValidate(event.request, zod4(lockedRoundSchema));
		const closesAt = form.valid ? fromVietnamLocal(form.data.closesAt) : null;
		if (!closesAt) return fail(400, { lockedForm: form });
		const input = { ...inputOf(view), name: form.data.name, closesAt, reviewPolicy: form.data.reviewPolicy };
		const result = await updateRound(db(), view.round.id, input);
		if (!result.ok) return roundFailure(form, result);
		redirect(303, contestPage(view));
	},
	delete: async (event) => {
		await requireContestOrganizer(event, event.params.id);
		const view = await roundOf(event);
		const result = await deleteRound(db(), view.round.id);
		if (!result.ok) {
			if (result.error === 'not_found') error(404);
			return fail(400, { deleteError: m.round_delete_has_attempts() });
		}
		redirect(303, `/organize/contests/${view.contest.id}`);
	}
};
