import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { db } from '$lib/server/db';
import { contestOfRound } from '$lib/server/essays/judge-access';
import type { JudgingError } from '$lib/server/essays/judging-common';
import type { RoundAdminError } from '$lib/server/essays/rounds-admin';

export const idParam = z.coerce.number().int().positive();

/** The round of the URL, which must belong to the URL's contest (404 otherwise). */
export async function roundOfParams(params: { id: string; roundId: string }): Promise<number> {
	const contestId = idParam.safeParse(params.id);
	const roundId = idParam.safeParse(params.roundId);
	if (!contestId.success || !roundId.success) error(404, m.error_404_text());
	if ((await contestOfRound(db(), roundId.data)) !== contestId.data) error(404, m.error_404_text());
	return roundId.data;
}

const messages: Record<JudgingError | RoundAdminError, () => string> = {
	not_found: m.judging_err_not_found,
	not_first_round: m.judging_err_not_first_round,
	bad_rounds: m.judging_err_bad_rounds,
	not_in_round: m.judging_err_not_in_round,
	not_judge: m.judging_err_not_judge,
	conflict: m.judging_org_manual_conflict,
	already_assigned: m.judging_org_manual_already,
	has_submitted_score: m.judging_err_has_submitted_score,
	not_assigned: m.judging_err_assignment_elsewhere,
	calibration_pending: m.judging_err_calibration_pending,
	closed: m.judging_err_closed,
	withdrawn: m.judging_err_withdrawn,
	invalid: m.judging_err_invalid,
	not_closed: m.judging_err_not_closed,
	later_round_started: m.judging_err_later_round_started,
	deadline_passed: m.judging_err_deadline_passed,
	no_next_round: m.judging_err_no_next_round,
	no_rule: m.judging_err_no_rule,
	nothing_to_advance: m.judging_err_nothing_to_advance,
	preview_changed: m.judging_err_preview_changed,
	results_published: m.awards_err_results_published,
	reason_required: m.judging_err_reason_required,
	already_submitted: m.judging_err_already_submitted,
	not_submitted: m.judging_err_not_submitted,
	submissions_open: m.stages_err_submissions_open,
	stage: m.stages_err_stage
};

/** Every code the organizer's judging pages can meet, in words (the type makes a new code fail to compile). */
export function judgingErrorText(code: JudgingError | RoundAdminError): string {
	return messages[code]();
}
