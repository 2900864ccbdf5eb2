import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { NEW_QUESTION, questionSchema, toQuestionInput } from '$lib/schemas/bank';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { createQuestion, getTopic } from '$lib/server/quiz/bank';
import { questionErrorMessage } from '../../bank-messages';
import type { Actions, PageServerLoad } from './$types';

async function topicOf(params: { topicId: string }) {
	const id = z.coerce.number().int().positive().safeParse(params.topicId);
	const topic = id.success ? await getTopic(db(), id.data) : undefined;
	if (!topic) error(404, m.bank_e_topic_not_found());
	return topic;
}

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	const topic = await topicOf(event.params);
	return {
		topic: { id: topic.id, name: topic.name },
		form: await superValidate(NEW_QUESTION, zod4(questionSchema), { errors: false })
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, 'organizer', 'admin');
		const topic = await topicOf(event.params);
		const form = await superValidate(event.request, zod4(questionSchema));
		if (!form.valid) return fail(400, { form });
		const result = await createQuestion(db(), {
			topicId: topic.id,
			createdBy: user.id,
			...toQuestionInput(form.data)
		});
		if (!result.ok)
			return result.error === 'duplicate'
				? setError(form, 'text', questionErrorMessage(result.error))
				: message(form, { type: 'error', text: questionErrorMessage(result.error) }, { status: 400 });
		return message(form, { type: 'ok', text: m.bank_question_created({ topic: topic.name }) });
	}
};
