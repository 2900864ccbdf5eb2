import { m } from '$lib/paraglide/messages';
import type { AnthologyError } from '$lib/server/essays/anthology';

/** The anthology's error codes in words, in one place. */
export function anthologyErrorText(code: AnthologyError): string {
	switch (code) {
		case 'not_published':
			return m.anthology_not_published();
		case 'none_chosen':
			return m.anthology_err_none_chosen();
		case 'foreign_entry':
			return m.anthology_err_foreign();
		case 'not_found':
			return m.error_404_text();
	}
}
