import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { contestOfRound } from '$lib/server/essays/judge-access';
import {
	assignManually,
	autoAssign,
	entryResults,
	MIN_SCORES_TO_NORMALIZE,
	openRound,
	roundEntryByCode
} from '$lib/server/essays/judging';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const idParam = z.coerce.number().int().positive();
const manualForm = z.object({ code: z.string().trim().min(1).max(40), judgeId: idParam });

/** The round of the URL, which must belong to the URL's contest. */
async function roundOfPage(event: RequestEvent): Promise<number> {
	const contestId = idParam.safeParse(event.params.id);
	const roundId = idParam.safeParse(event.params.roundId);
	if (!contestId.success || !roundId.success) error(404, m.error_404_text());
	if ((await contestOfRound(db(), roundId.data)) !== contestId.data) error(404, m.error_404_text());
	return roundId.data;
}

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	const roundId = await roundOfPage(event);
	const results = await entryResults(db(), roundId);
	if (!results) error(404, m.error_404_text());
	return { results, minScores: MIN_SCORES_TO_NORMALIZE };
};

export const actions: Actions = {
	open: async (event) => {
		requireRole(event, 'organizer', 'admin');
		const roundId = await roundOfPage(event);
		const opened = await openRound(db(), roundId);
		if (!opened.ok) return fail(409, { error: m.judging_err_generic({ code: opened.error }) });
		return { done: m.judging_org_opened({ count: opened.added }) };
	},
	assign: async (event) => {
		const user = requireRole(event, 'organizer', 'admin');
		const roundId = await roundOfPage(event);
		const assigned = await autoAssign(db(), roundId, user.id);
		if (!assigned.ok) return fail(409, { error: m.judging_err_generic({ code: assigned.error }) });
		return {
			done: m.judging_org_assigned({
				created: assigned.created,
				entries: assigned.entries,
				judges: assigned.judges
			}),
			unassignable: assigned.unassignable.length
		};
	},
	manual: async (event) => {
		const user = requireRole(event, 'organizer', 'admin');
		const roundId = await roundOfPage(event);
		const parsed = manualForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { error: m.judging_err_bad_form() });
		const entryId = await roundEntryByCode(db(), roundId, parsed.data.code);
		if (entryId === null) return fail(404, { error: m.judging_org_manual_no_entry() });
		const assigned = await assignManually(db(), {
			roundId,
			entryId,
			judgeId: parsed.data.judgeId,
			createdBy: user.id
		});
		if (!assigned.ok) {
			const error =
				assigned.error === 'conflict'
					? m.judging_org_manual_conflict()
					: assigned.error === 'already_assigned'
						? m.judging_org_manual_already()
						: m.judging_err_generic({ code: assigned.error });
			return fail(409, { error });
		}
		return { done: m.judging_org_manual_done({ code: parsed.data.code.toUpperCase() }) };
	}
};
