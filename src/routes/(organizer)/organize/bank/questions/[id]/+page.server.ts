import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { questionSchema, toQuestionInput } from '$lib/schemas/bank';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import {
	currentVersionId,
	editQuestion,
	getQuestion,
	getTopic,
	previousVersions
} from '$lib/server/quiz/bank';
import { questionErrorMessage } from '../../bank-messages';
import type { Actions, PageServerLoad } from './$types';

const idParam = z.coerce.number().int().positive();

function questionId(params: { id: string }): number {
	const parsed = idParam.safeParse(params.id);
	if (!parsed.success) error(404, m.bank_e_question_not_found());
	return parsed.data;
}

const editPath = (id: number) => `/organize/bank/questions/${id}`;

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	const id = questionId(event.params);
	const question = await getQuestion(db(), id);
	if (!question) error(404, m.bank_e_question_not_found());
	if (question.supersededAt) {
		// an old link (or the back button) opens the version that replaced it
		const current = await currentVersionId(db(), id);
		if (!current) error(404, m.bank_e_question_not_found());
		redirect(303, `${editPath(current)}?replaced=1`);
	}
	const topic = await getTopic(db(), question.topicId);
	const form = await superValidate(
		{
			text: question.text,
			explanation: question.explanation,
			difficulty: question.difficulty,
			options: question.options.map((o) => o.text),
			correct: question.options.filter((o) => o.isCorrect).map((o) => o.position),
			picture: question.pictureSha256 ?? '',
			pictureAlt: question.pictureAlt ?? '',
			optionPictures: question.options.map((o) => o.pictureSha256 ?? ''),
			optionAlts: question.options.map((o) => o.pictureAlt ?? '')
		},
		zod4(questionSchema),
		{ errors: false }
	);
	return {
		question: { id: question.id, active: question.active },
		topic: { id: question.topicId, name: topic?.name ?? '' },
		versions: await previousVersions(db(), id),
		saved: event.url.searchParams.has('saved'),
		replaced: event.url.searchParams.has('replaced'),
		form
	};
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireRole(event, 'organizer', 'admin');
		const id = questionId(event.params);
		const form = await superValidate(event.request, zod4(questionSchema));
		if (!form.valid) return fail(400, { form });
		const result = await editQuestion(db(), id, { ...toQuestionInput(form.data), editedBy: user.id });
		if (!result.ok) {
			if (result.error === 'not_found') error(404, m.bank_e_question_not_found());
			if (result.error === 'duplicate') return setError(form, 'text', questionErrorMessage(result.error));
			if (result.error === 'picture_alt')
				return setError(form, 'pictureAlt', questionErrorMessage(result.error));
			const status = result.error === 'stale' ? 409 : 400;
			return message(form, { type: 'error', text: questionErrorMessage(result.error) }, { status });
		}
		if (!result.value.changed) return message(form, { type: 'ok', text: m.bank_question_unchanged() });
		redirect(303, `${editPath(result.value.id)}?saved=1`);
	}
};
