import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { acceptsSaveAt } from '$lib/server/quiz/deadlines';
import { attemptView } from '$lib/server/quiz/attempt-view';
import { finishAttempt, savePrediction } from '$lib/server/quiz/attempts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const attemptParam = z.coerce.number().int().positive();
const autoField = z.enum(['0', '1']).catch('0');
// an unreadable prediction is dropped (the saved one stays), never a reason to refuse the submit
const predictionField = z
	.string()
	.trim()
	.regex(/^\d{1,9}$/)
	.transform(Number)
	.nullable()
	.catch(null);

function attemptIdOf(event: RequestEvent) {
	const parsed = attemptParam.safeParse(event.params.attemptId);
	if (!parsed.success) error(404, m.error_404_text());
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const attemptId = attemptIdOf(event);
	let view = await attemptView(db(), attemptId, user.id);
	if (!view) error(404, m.error_404_text());
	if (
		view.status === 'in_progress' &&
		!acceptsSaveAt(new Date(), new Date(view.deadline), view.graceSeconds)
	) {
		// abandoned past its grace (the page was closed): finish it from its saved answers before showing it
		await finishAttempt(db(), { attemptId, userId: user.id, endedBy: 'abandoned' });
		view = await attemptView(db(), attemptId, user.id);
		if (!view) error(404, m.error_404_text());
	}
	return { view };
};

export const actions: Actions = {
	submit: async (event) => {
		const user = requireUser(event);
		const attemptId = attemptIdOf(event);
		// Each field on its own: a bad prediction neither refuses the submit nor turns a deadline submit into another.
		const data = await event.request.formData().catch(() => new FormData());
		const auto = autoField.parse(data.get('auto'));
		const prediction = predictionField.parse(data.get('prediction'));
		if (prediction !== null) await savePrediction(db(), { attemptId, userId: user.id, prediction });
		const result = await finishAttempt(db(), {
			attemptId,
			userId: user.id,
			endedBy: auto === '1' ? 'deadline' : 'submitted'
		});
		if (!result.ok) error(404, m.error_404_text());
		redirect(303, `/quiz/${attemptId}`);
	}
};
