import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { fromVietnamLocal } from '$lib/server/quiz/time';
import {
	allowedActs,
	closeSubmissions,
	deleteDraftContest,
	deleteDraftRound,
	reopenSubmissions,
	roundsOpened,
	settleResults,
	type StageError,
	STAGES,
	stageOf,
	unsettleResults
} from '$lib/server/essays/stages';
import { essayContest } from '../forms.server';

/** The stage panel's data: every stage, the current one, and what it allows. */
export async function stagePanel(contestId: number) {
	const [row, rounds] = await Promise.all([stageOf(db(), contestId), roundsOpened(db(), contestId)]);
	if (!row) error(404, m.error_404_text());
	return { current: row.stage, stages: STAGES, acts: allowedActs(row.stage), rounds };
}

export function stageErrorText(code: StageError | 'has_entries' | 'round_opened'): string {
	switch (code) {
		case 'not_found':
			error(404, m.error_404_text());
		// falls through: error() throws
		case 'stage':
			return m.stages_err_stage();
		case 'not_open_yet':
			return m.stages_err_not_open_yet();
		case 'reason_required':
			return m.stages_err_reason();
		case 'bad_deadline':
			return m.stages_err_bad_deadline();
		case 'final_round_open':
			return m.awards_err_final_round_open();
		case 'no_final_round':
			return m.awards_err_no_final_round();
		case 'has_entries':
			return m.stages_err_has_entries();
		case 'round_opened':
			return m.stages_err_round_opened();
	}
}

const roundForm = z.object({ roundId: z.coerce.number().int().positive() });
const reasonForm = z.object({ reason: z.string().max(2000).default('') });
const reopenForm = reasonForm.extend({ closesAt: z.string().max(40).default('') });

async function posted<T extends z.ZodType>(event: RequestEvent, schema: T): Promise<z.infer<T> | null> {
	const parsed = schema.safeParse(Object.fromEntries(await event.request.formData()));
	return parsed.success ? parsed.data : null;
}

/** The stage moves an organizer operates from the contest page; each is audited by stages.ts. */
export const stageActions = {
	closeSubmissions: async (event: RequestEvent) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id ?? '');
		const result = await closeSubmissions(db(), contest.id, me.id);
		if (!result.ok) return fail(400, { stageError: stageErrorText(result.error) });
		return { stageDone: m.stages_closed_done() };
	},
	reopenSubmissions: async (event: RequestEvent) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id ?? '');
		const input = await posted(event, reopenForm);
		if (!input) return fail(400, { stageError: m.contest_bad_request() });
		const closesAt = fromVietnamLocal(input.closesAt);
		if (!closesAt) return fail(400, { stageError: m.stages_err_bad_deadline() });
		const result = await reopenSubmissions(db(), contest.id, {
			actorId: me.id,
			closesAt,
			reason: input.reason
		});
		if (!result.ok) return fail(400, { stageError: stageErrorText(result.error) });
		return { stageDone: m.stages_reopened_done() };
	},
	settle: async (event: RequestEvent) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id ?? '');
		const result = await settleResults(db(), contest.id, me.id);
		if (!result.ok) return fail(400, { stageError: stageErrorText(result.error) });
		return { stageDone: m.stages_settled_done() };
	},
	unsettle: async (event: RequestEvent) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id ?? '');
		const input = await posted(event, reasonForm);
		if (!input) return fail(400, { stageError: m.contest_bad_request() });
		const result = await unsettleResults(db(), contest.id, { actorId: me.id, reason: input.reason });
		if (!result.ok) return fail(400, { stageError: stageErrorText(result.error) });
		return { stageDone: m.stages_unsettled_done() };
	},
	deleteRound: async (event: RequestEvent) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id ?? '');
		const input = await posted(event, roundForm);
		if (!input) return fail(400, { stageError: m.contest_bad_request() });
		const rounds = await roundsOpened(db(), contest.id);
		if (!rounds.some((r) => r.id === input.roundId)) error(404, m.error_404_text());
		const result = await deleteDraftRound(db(), input.roundId, me.id);
		if (!result.ok) return fail(400, { stageError: stageErrorText(result.error) });
		return { stageDone: m.stages_round_deleted() };
	},
	deleteContest: async (event: RequestEvent) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id ?? '');
		const result = await deleteDraftContest(db(), contest.id, me.id);
		if (!result.ok) return fail(400, { stageError: stageErrorText(result.error) });
		redirect(303, '/organize/essays');
	}
};
