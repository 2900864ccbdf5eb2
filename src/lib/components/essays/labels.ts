import { m } from '$lib/paraglide/messages';

export const stateLabel = {
	upcoming: m.essay_state_upcoming,
	open: m.essay_state_open,
	closed: m.essay_state_closed
} as const;

export const statusLabel = {
	draft: m.essay_status_draft,
	submitted: m.essay_status_submitted,
	withdrawn: m.essay_status_withdrawn
} as const;

export const requirementLabel = {
	text: m.essay_req_text,
	file: m.essay_req_file,
	text_or_file: m.essay_req_text_or_file,
	text_and_file: m.essay_req_text_and_file
} as const;

/** The contest's length rule, or null when it has none. */
export function wordsRule(minWords: number | null, maxWords: number | null): string | null {
	if (minWords !== null && maxWords !== null)
		return m.essay_facts_words_range({ min: minWords, max: maxWords });
	if (minWords !== null) return m.essay_facts_words_min({ min: minWords });
	if (maxWords !== null) return m.essay_facts_words_max({ max: maxWords });
	return null;
}
