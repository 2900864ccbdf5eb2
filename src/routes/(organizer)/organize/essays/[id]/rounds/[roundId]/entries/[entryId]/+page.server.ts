import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { reopenScore } from '$lib/server/essays/assignment-admin';
import { unassign } from '$lib/server/essays/judging';
import type { JudgingError } from '$lib/server/essays/judging-common';
import { assignmentOnEntry, entryForOrganizer } from '$lib/server/essays/rounds-admin';
import { entryVersionNo } from '$lib/server/essays/stages';
import { idParam, judgingErrorText, roundOfParams } from '../../round.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const reasonForm = z.object({
	assignmentId: idParam,
	reason: z.string().trim().min(1).max(500)
});

function entryIdOf(raw: string): number {
	const parsed = idParam.safeParse(raw);
	if (!parsed.success) error(404, m.error_404_text());
	return parsed.data;
}

/** Organizers may see who wrote the entry; this page is never reachable by a judge (organizer guard). */
export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const roundId = await roundOfParams(event.params);
	const detail = await entryForOrganizer(db(), roundId, entryIdOf(event.params.entryId));
	if (!detail) error(404, m.error_404_text());
	return { detail, version: await entryVersionNo(db(), detail.entry.id) };
};

/**
 * Unassigning and reopening a score share their path: a reason from the dialog, an assignment that belongs to this
 * entry and round, then the audited act itself.
 */
async function actOnAssignment(
	event: RequestEvent,
	actorId: number,
	act: (input: {
		assignmentId: number;
		reason: string;
		actorId: number;
	}) => Promise<{ ok: true } | { ok: false; error: JudgingError }>,
	done: () => string
) {
	const roundId = await roundOfParams(event.params);
	const entryId = entryIdOf(event.params.entryId);
	const parsed = reasonForm.safeParse(Object.fromEntries(await event.request.formData()));
	if (!parsed.success) return fail(400, { error: m.judging_err_reason_required() });
	if (!(await assignmentOnEntry(db(), roundId, entryId, parsed.data.assignmentId)))
		return fail(404, { error: judgingErrorText('not_assigned') });
	const result = await act({ ...parsed.data, actorId });
	if (!result.ok) return fail(409, { error: judgingErrorText(result.error) });
	return { done: done() };
}

export const actions: Actions = {
	unassign: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		return actOnAssignment(event, user.id, (input) => unassign(db(), input), m.judging_entry_unassigned);
	},
	reopenScore: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		return actOnAssignment(event, user.id, (input) => reopenScore(db(), input), m.judging_score_reopened);
	}
};
