import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { entriesLackingJudges, replaceJudge } from '$lib/server/essays/assignment-admin';
import { assignManually, autoAssign, openRound } from '$lib/server/essays/judging';
import { entryResults, MIN_SCORES_TO_NORMALIZE, roundEntryByCode } from '$lib/server/essays/round-results';
import {
	closeRound,
	pageOfResults,
	reopenRound,
	roundStatus,
	type ResultsFilter
} from '$lib/server/essays/rounds-admin';
import { idParam, judgingErrorText, roundOfParams } from '../round.server';
import type { Actions, PageServerLoad } from './$types';

const manualForm = z.object({ code: z.string().trim().min(1).max(40), judgeId: idParam });
const closeForm = z.object({ confirm: z.literal('on') });
const replaceForm = z.object({ judgeId: idParam, reason: z.string().trim().min(1).max(500) });
const pageQuery = z.object({
	filter: z.enum(['all', 'disagreement', 'unscored']).catch('all'),
	after: z.string().trim().max(40).optional().catch(undefined),
	before: z.string().trim().max(40).optional().catch(undefined)
});

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const roundId = await roundOfParams(event.params);
	const [results, status] = [await entryResults(db(), roundId), await roundStatus(db(), roundId)];
	if (!results || !status) error(404, m.error_404_text());
	const query = pageQuery.parse(Object.fromEntries(event.url.searchParams));
	const filter: ResultsFilter = query.filter;
	// aggregates need every score of the round (z-scores), so the round is computed whole and then sliced
	const page = pageOfResults(results.entries, {
		judgesPerEntry: results.round.judgesPerEntry,
		filter,
		after: query.after || null,
		before: query.before || null
	});
	const { entries: all, ...rest } = results;
	return {
		results: rest,
		entryCount: all.length,
		page,
		filter,
		status,
		minScores: MIN_SCORES_TO_NORMALIZE,
		lacking: await entriesLackingJudges(db(), roundId)
	};
};

export const actions: Actions = {
	open: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const roundId = await roundOfParams(event.params);
		const opened = await openRound(db(), roundId, { actorId: user.id });
		if (!opened.ok) return fail(409, { error: judgingErrorText(opened.error) });
		return { done: m.judging_org_opened({ count: opened.added }) };
	},
	assign: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const roundId = await roundOfParams(event.params);
		const assigned = await autoAssign(db(), roundId, user.id);
		if (!assigned.ok) return fail(409, { error: judgingErrorText(assigned.error) });
		return {
			done: m.judging_org_assigned({
				created: assigned.created,
				entries: assigned.entries,
				judges: assigned.judges
			}),
			unassignable: assigned.unassignable.length,
			unassignableCodes: assigned.unassignable.map((u) => u.code)
		};
	},
	manual: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const roundId = await roundOfParams(event.params);
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
		if (!assigned.ok) return fail(409, { error: judgingErrorText(assigned.error) });
		return { done: m.judging_org_manual_done({ code: parsed.data.code.toUpperCase() }) };
	},
	replace: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const roundId = await roundOfParams(event.params);
		const parsed = replaceForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { error: m.judging_err_reason_required() });
		const replaced = await replaceJudge(db(), { roundId, ...parsed.data, actorId: user.id });
		if (!replaced.ok) return fail(409, { error: judgingErrorText(replaced.error) });
		return {
			done: m.judging_replace_done({ moved: replaced.moved }),
			unplaced: replaced.unplaced.join(', ')
		};
	},
	close: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const roundId = await roundOfParams(event.params);
		const parsed = closeForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { error: m.judging_org_close_confirm_needed() });
		const closed = await closeRound(db(), roundId, new Date(), user.id);
		if (!closed.ok) return fail(409, { error: judgingErrorText(closed.error) });
		return { done: closed.already ? m.judging_org_already_closed() : m.judging_org_closed_done() };
	},
	reopen: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const roundId = await roundOfParams(event.params);
		const reopened = await reopenRound(db(), roundId, new Date(), user.id);
		if (!reopened.ok) return fail(409, { error: judgingErrorText(reopened.error) });
		return { done: m.judging_org_reopened() };
	}
};
