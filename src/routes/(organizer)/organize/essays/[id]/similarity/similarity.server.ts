import { m } from '$lib/paraglide/messages';
import type { ReviewError } from '$lib/server/essays/similarity/review';
import type { ReferenceError } from '$lib/server/essays/similarity/references';

// The similarity pages' error codes in words, in one place.

export function reviewErrorText(code: ReviewError): string {
	switch (code) {
		case 'reason_required':
			return m.sim_err_reason();
		case 'reviewed':
			return m.sim_err_reviewed();
		case 'stage':
			return m.sim_err_stage();
		case 'not_in_pair':
			return m.sim_err_not_in_pair();
		case 'not_submitted':
			return m.sim_err_not_submitted();
		case 'not_found':
			return m.error_404_text();
	}
}

export function referenceErrorText(code: ReferenceError): string {
	switch (code) {
		case 'title_required':
			return m.sim_err_ref_title();
		case 'empty':
			return m.sim_err_ref_empty();
		case 'too_large':
			return m.sim_err_ref_too_large();
		case 'unreadable':
			return m.sim_err_ref_unreadable();
		case 'not_found':
			return m.error_404_text();
	}
}
