import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import type { CorrectionError, PublishResultsError } from '$lib/server/essays/publication';
import type { AwardError, UnitAwardError } from '$lib/server/essays/results';

// What the awards page says for each refusal of the domain; a contest that vanished is a 404.

export function awardErrorText(code: AwardError | UnitAwardError): string {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'published':
			return m.awards_err_published();
		case 'unknown_tier':
			return m.awards_err_unknown_tier();
		case 'foreign_entry':
			return m.awards_err_foreign_entry();
		case 'duplicate_entry':
			return m.awards_err_duplicate_entry();
		case 'bad_title':
			return m.awards_err_bad_title();
		case 'foreign_unit':
			return m.awards_err_foreign_unit();
		case 'not_in_final_round':
			return m.decide_err_not_in_final_round();
	}
}

export function publishErrorText(code: PublishResultsError): string {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'no_final_round':
			return m.awards_err_no_final_round();
		case 'final_round_open':
			return m.awards_err_final_round_open();
		case 'no_awards':
			return m.awards_err_no_awards();
		case 'stage':
			return m.stages_err_stage();
		case 'published':
			return m.stages_err_published();
	}
}

export function correctionErrorText(code: CorrectionError): string {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'not_published':
			return m.stages_err_not_published();
		case 'reason_required':
			return m.stages_err_reason();
		case 'no_changes':
			return m.stages_err_no_changes();
		case 'unknown_tier':
			return m.awards_err_unknown_tier();
		case 'foreign_entry':
			return m.awards_err_foreign_entry();
		case 'duplicate_entry':
			return m.awards_err_duplicate_entry();
	}
}
