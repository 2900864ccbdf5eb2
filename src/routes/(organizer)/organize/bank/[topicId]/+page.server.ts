import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { questionToggleSchema, topicSchema } from '$lib/schemas/bank';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { getTopic, listQuestions, setQuestionActive, updateTopic } from '$lib/server/quiz/bank';
import { topicErrorMessage } from '../bank-messages';
import type { Actions, PageServerLoad } from './$types';

const PAGE_SIZE = 20;
const topicParam = z.coerce.number().int().positive();
const listQuery = z.object({
	q: z.string().max(200).default(''),
	after: z.coerce.number().int().positive().optional(),
	show: z.enum(['all', 'active', 'inactive']).default('all')
});

async function topicOf(params: { topicId: string }) {
	const id = topicParam.safeParse(params.topicId);
	const topic = id.success ? await getTopic(db(), id.data) : undefined;
	if (!topic) error(404, m.bank_e_topic_not_found());
	return topic;
}

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	const topic = await topicOf(event.params);
	const parsed = listQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(400, m.bank_e_bad_request());
	const { q, after, show } = parsed.data;
	const page = await listQuestions(db(), topic.id, {
		query: q,
		after,
		limit: PAGE_SIZE,
		active: show === 'all' ? undefined : show === 'active'
	});
	return {
		topic: { id: topic.id, name: topic.name, description: topic.description },
		...page,
		q,
		show,
		firstPage: !after,
		form: await superValidate({ name: topic.name, description: topic.description }, zod4(topicSchema), {
			errors: false
		})
	};
};

export const actions: Actions = {
	updateTopic: async (event) => {
		requireRole(event, 'organizer', 'admin');
		const topic = await topicOf(event.params);
		const form = await superValidate(event.request, zod4(topicSchema));
		if (!form.valid) return fail(400, { form });
		const result = await updateTopic(db(), topic.id, form.data);
		if (!result.ok)
			return result.error === 'name_taken'
				? setError(form, 'name', topicErrorMessage(result.error))
				: message(form, { type: 'error', text: topicErrorMessage(result.error) }, { status: 400 });
		return message(form, { type: 'ok', text: m.bank_topic_saved() });
	},
	toggle: async (event) => {
		requireRole(event, 'organizer', 'admin');
		await topicOf(event.params);
		const form = await superValidate(event.request, zod4(questionToggleSchema), { id: 'toggle' });
		if (!form.valid) return message(form, { type: 'error', text: m.bank_e_bad_request() }, { status: 400 });
		const result = await setQuestionActive(db(), form.data.questionId, form.data.active);
		if (!result.ok)
			return message(
				form,
				{ type: 'error', text: result.error === 'stale' ? m.bank_e_stale() : m.bank_e_question_not_found() },
				{ status: result.error === 'stale' ? 409 : 404 }
			);
		return message(form, {
			type: 'ok',
			text: form.data.active ? m.bank_question_shown() : m.bank_question_hidden()
		});
	}
};
