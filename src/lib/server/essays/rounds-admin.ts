/**
 * The organizer's side of a judging round once scores come in: closing and reopening it, advancing the best
 * entries to the next round, one entry in full (author included: organizers may see it, judges never) with the
 * audit log of its scores, and paging the results table. Ranking and cuts are the pure rules of scoring.ts.
 */

export type RoundAdminError =
	| 'not_found'
	| 'not_closed'
	| 'later_round_started'
	| 'deadline_passed'
	| 'no_next_round'
	| 'no_rule'
	| 'nothing_to_advance'
	| 'preview_changed'
	| 'results_published';

export type AdminResult<T> = ({ ok: true } & T) | { ok: false; error: RoundAdminError };

export { closeRound, reopenRound, roundStatus, type RoundStatus } from './round-closing';
export {
	advancePreview,
	advanceRound,
	roundAdvanceRule,
	type AdvancePreview,
	type AdvanceRow
} from './round-advancing';
export { pageOfResults, RESULTS_PAGE_SIZE, type ResultsFilter, type ResultsPage } from './results-paging';
export {
	assignmentOnEntry,
	entryForOrganizer,
	originalFileOf,
	scoreAuditOf,
	type AuditRow,
	type EntryDetail
} from './organizer-entry';
