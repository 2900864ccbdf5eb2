import { error, fail } from '@sveltejs/kit';
import { type Infer, message, setError, type SuperValidated, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { pairReviewSchema } from '$lib/schemas/similarity';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { fileStore } from '$lib/server/files';
import { db } from '$lib/server/db';
import {
	disqualifyEntry,
	markAcceptable,
	pairDetail,
	pairView,
	type ReviewError
} from '$lib/server/essays/similarity/review';
import { essayContest, idParam } from '../../../forms.server';
import { reviewErrorText } from '../similarity.server';
import type { Actions, PageServerLoad } from './$types';

/** Organizers only: the texts side by side with their shared passages as plain pieces (the page escapes them). */
export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const detail = await pairDetail(db(), contest.id, idParam(event.params.pairId), fileStore());
	if (!detail) error(404, m.error_404_text());
	const form = await superValidate(zod4(pairReviewSchema), { id: 'review' });
	return { contest: { id: contest.id, title: contest.title }, ...detail, form };
};

const reviewForm = (request: Request) => superValidate(request, zod4(pairReviewSchema), { id: 'review' });

export const actions: Actions = {
	acceptable: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await reviewForm(event.request);
		if (!form.valid) return fail(400, { form });
		const result = await markAcceptable(db(), {
			contestId: contest.id,
			pairId: idParam(event.params.pairId),
			actorId: user.id,
			reason: form.data.reason
		});
		if (!result.ok) return refused(form, result.error);
		return message(form, { type: 'ok', text: m.sim_marked_acceptable() });
	},
	disqualify: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await reviewForm(event.request);
		if (!form.valid) return fail(400, { form });
		// the button pressed names the entry: a post without one disqualifies nothing
		if (!form.data.entryId)
			return message(form, { type: 'error', text: m.people_bad_request() }, { status: 400 });
		const pairId = idParam(event.params.pairId);
		const pair = await pairView(db(), contest.id, pairId);
		if (!pair) error(404, m.error_404_text());
		const result = await disqualifyEntry(db(), {
			contestId: contest.id,
			pairId,
			entryId: form.data.entryId,
			actorId: user.id,
			reason: form.data.reason
		});
		if (!result.ok) return refused(form, result.error);
		const code =
			form.data.entryId === pair.entry.id
				? pair.entry.code
				: pair.other.kind === 'entry'
					? pair.other.code
					: '';
		return message(form, { type: 'ok', text: m.sim_disqualified_ok({ code }) });
	}
};

function refused(form: SuperValidated<Infer<typeof pairReviewSchema>>, code: ReviewError) {
	return code === 'reason_required'
		? setError(form, 'reason', reviewErrorText(code))
		: message(form, { type: 'error', text: reviewErrorText(code) }, { status: 409 });
}
