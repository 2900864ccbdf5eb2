import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { fileStore } from '$lib/server/files';
import { db } from '$lib/server/db';
import { disqualifyEntry, markAcceptable, pairDetail, pairView } from '$lib/server/essays/similarity/review';
import { essayContest, idParam } from '../../../forms.server';
import { reviewErrorText } from '../similarity.server';
import type { Actions, PageServerLoad } from './$types';

/** Organizers only: the texts side by side with their shared passages as plain pieces (the page escapes them). */
export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const detail = await pairDetail(db(), contest.id, idParam(event.params.pairId), fileStore());
	if (!detail) error(404, m.error_404_text());
	return { contest: { id: contest.id, title: contest.title }, ...detail };
};

const reviewForm = z.object({
	reason: z.string().max(1000),
	entryId: z.coerce.number().int().positive().optional()
});

export const actions: Actions = {
	acceptable: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const parsed = reviewForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { error: m.sim_err_reason() });
		const result = await markAcceptable(db(), {
			contestId: contest.id,
			pairId: idParam(event.params.pairId),
			actorId: user.id,
			reason: parsed.data.reason
		});
		if (!result.ok)
			return fail(result.error === 'reason_required' ? 400 : 409, { error: reviewErrorText(result.error) });
		return { done: m.sim_marked_acceptable() };
	},
	disqualify: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const parsed = reviewForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success || !parsed.data.entryId) return fail(400, { error: m.sim_err_reason() });
		const pairId = idParam(event.params.pairId);
		const pair = await pairView(db(), contest.id, pairId);
		if (!pair) error(404, m.error_404_text());
		const result = await disqualifyEntry(db(), {
			contestId: contest.id,
			pairId,
			entryId: parsed.data.entryId,
			actorId: user.id,
			reason: parsed.data.reason
		});
		if (!result.ok)
			return fail(result.error === 'reason_required' ? 400 : 409, { error: reviewErrorText(result.error) });
		const code =
			parsed.data.entryId === pair.entry.id
				? pair.entry.code
				: pair.other.kind === 'entry'
					? pair.other.code
					: '';
		return { done: m.sim_disqualified_ok({ code }) };
	}
};
