import { formatNumber } from '$lib/format';
import { m } from '$lib/paraglide/messages';

export const stateLabel = {
	upcoming: m.essay_state_upcoming,
	open: m.essay_state_open,
	closed: m.essay_state_closed
} as const;

export const statusLabel = {
	draft: m.essay_status_draft,
	submitted: m.essay_status_submitted,
	withdrawn: m.essay_status_withdrawn,
	disqualified: m.essay_status_disqualified
} as const;

export const requirementLabel = {
	text: m.essay_req_text,
	file: m.essay_req_file,
	text_or_file: m.essay_req_text_or_file,
	text_and_file: m.essay_req_text_and_file
} as const;

/** The contest's length rule, or null when it has none. */
export function wordsRule(minWords: number | null, maxWords: number | null): string | null {
	const min = minWords === null ? null : formatNumber(minWords);
	const max = maxWords === null ? null : formatNumber(maxWords);
	if (min !== null && max !== null) return m.essay_facts_words_range({ min, max });
	if (min !== null) return m.essay_facts_words_min({ min });
	if (max !== null) return m.essay_facts_words_max({ max });
	return null;
}
