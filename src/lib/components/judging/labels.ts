import { formatScore } from '$lib/format';
import { m } from '$lib/paraglide/messages';

export function statusLabel(status: 'todo' | 'draft' | 'submitted'): string {
	if (status === 'submitted') return m.judging_status_submitted();
	if (status === 'draft') return m.judging_status_draft();
	return m.judging_status_todo();
}

const rubricMessages = {
	missing: m.judging_err_missing,
	unknown_criterion: m.judging_err_unknown_criterion,
	not_a_number: m.judging_err_not_a_number,
	below_zero: m.judging_err_below_zero,
	above_max: m.judging_err_above_max,
	not_half_step: m.judging_err_not_half_step
} as const;

export type RubricCode = keyof typeof rubricMessages;

export function rubricErrorText(code: RubricCode): string {
	return rubricMessages[code]();
}

/** Numbers the Vietnamese way (decimal comma) with at most two decimals. */
export function points(value: number | null): string {
	return formatScore(value, 2);
}
