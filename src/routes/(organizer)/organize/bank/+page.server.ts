import { fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { topicSchema } from '$lib/schemas/bank';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { createTopic, listTopics } from '$lib/server/quiz/bank';
import { topicErrorMessage } from './bank-messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	return {
		topics: await listTopics(db()),
		form: await superValidate(zod4(topicSchema), { errors: false })
	};
};

export const actions: Actions = {
	createTopic: async (event) => {
		const user = requireRole(event, 'organizer', 'admin');
		const form = await superValidate(event.request, zod4(topicSchema));
		if (!form.valid) return fail(400, { form });
		const result = await createTopic(db(), { ...form.data, createdBy: user.id });
		if (!result.ok)
			return result.error === 'name_taken'
				? setError(form, 'name', topicErrorMessage(result.error))
				: message(form, { type: 'error', text: topicErrorMessage(result.error) }, { status: 400 });
		return message(form, { type: 'ok', text: m.bank_topic_created({ name: result.value.name }) });
	}
};
