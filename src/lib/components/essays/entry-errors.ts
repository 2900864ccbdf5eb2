import { formatNumber } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { formatMegabytes } from '$lib/schemas/essays-entry';

/** An error code of $lib/server/essays/entries.ts (kept as a string union here: server code stays server-side). */
export type EntryErrorCode =
	| 'not_found'
	| 'not_open'
	| 'registered_by_organizer'
	| 'closed'
	| 'limit_reached'
	| 'withdrawn'
	| 'disqualified'
	| 'busy'
	| 'title_required'
	| 'text_required'
	| 'file_required'
	| 'text_or_file_required'
	| 'text_and_file_required'
	| 'too_few_words'
	| 'too_many_words'
	| 'file_too_few_words'
	| 'file_too_many_words'
	| 'file_words_unknown'
	| 'empty'
	| 'too_large'
	| 'legacy_doc'
	| 'not_docx_or_pdf'
	| 'broken_docx'
	| 'zip_bomb'
	| 'unsafe_docx'
	| 'malformed_docx'
	| 'broken_pdf'
	| 'encrypted_pdf'
	// the file kind (kinds/other-files.ts)
	| 'not_slides_or_image'
	| 'broken_image'
	| 'too_many_pixels'
	| 'broken_pptx'
	| 'unsafe_pptx';

export type EntryField = 'title' | 'body' | 'file' | 'form';

interface Context {
	wordCount: number;
	minWords: number | null;
	maxWords: number | null;
	maxFileBytes: number;
}

/** Which field an error belongs next to, and what it says (in the request's language). */
export function entryErrorMessage(code: EntryErrorCode, ctx: Context): { field: EntryField; text: string } {
	switch (code) {
		case 'title_required':
			return { field: 'title', text: m.essay_err_title_required() };
		case 'text_required':
			return { field: 'body', text: m.essay_err_text_required() };
		case 'too_few_words':
			return {
				field: 'body',
				text: m.essay_err_too_few_words({
					count: formatNumber(ctx.wordCount),
					min: formatNumber(ctx.minWords ?? 0)
				})
			};
		case 'too_many_words':
			return {
				field: 'body',
				text: m.essay_err_too_many_words({
					count: formatNumber(ctx.wordCount),
					max: formatNumber(ctx.maxWords ?? 0)
				})
			};
		case 'file_too_few_words':
			return {
				field: 'file',
				text: m.decide_err_file_too_few_words({ min: formatNumber(ctx.minWords ?? 0) })
			};
		case 'file_too_many_words':
			return {
				field: 'file',
				text: m.decide_err_file_too_many_words({ max: formatNumber(ctx.maxWords ?? 0) })
			};
		case 'file_words_unknown':
			return { field: 'file', text: m.decide_err_file_words_unknown() };
		case 'file_required':
			return { field: 'file', text: m.essay_err_file_required() };
		case 'text_or_file_required':
			return { field: 'body', text: m.essay_err_text_or_file_required() };
		case 'text_and_file_required':
			return { field: 'form', text: m.essay_err_text_and_file_required() };
		case 'empty':
			return { field: 'file', text: m.essay_err_file_empty() };
		case 'too_large':
			return { field: 'file', text: m.essay_err_file_too_large({ size: formatMegabytes(ctx.maxFileBytes) }) };
		case 'legacy_doc':
			return { field: 'file', text: m.essay_err_file_legacy_doc() };
		case 'not_docx_or_pdf':
			return { field: 'file', text: m.essay_err_file_type() };
		case 'broken_docx':
			return { field: 'file', text: m.essay_err_file_broken_docx() };
		case 'zip_bomb':
			return { field: 'file', text: m.essay_err_file_zip_bomb() };
		case 'unsafe_docx':
			return { field: 'file', text: m.essay_err_file_unsafe_docx() };
		case 'malformed_docx':
			return { field: 'file', text: m.essay_err_file_malformed_docx() };
		case 'broken_pdf':
			return { field: 'file', text: m.essay_err_file_broken_pdf() };
		case 'encrypted_pdf':
			return { field: 'file', text: m.essay_err_file_encrypted_pdf() };
		case 'not_slides_or_image':
			return { field: 'file', text: m.kinds_err_file_type() };
		case 'broken_image':
			return { field: 'file', text: m.kinds_err_broken_image() };
		case 'too_many_pixels':
			return { field: 'file', text: m.kinds_err_too_many_pixels() };
		case 'broken_pptx':
			return { field: 'file', text: m.kinds_err_broken_pptx() };
		case 'unsafe_pptx':
			return { field: 'file', text: m.kinds_err_unsafe_pptx() };
		case 'not_open':
			return { field: 'form', text: m.essay_err_not_open() };
		case 'registered_by_organizer':
			return { field: 'form', text: m.kinds_err_registered_by_organizer() };
		case 'closed':
			return { field: 'form', text: m.essay_err_closed() };
		case 'limit_reached':
			return { field: 'form', text: m.essay_err_limit_reached() };
		case 'withdrawn':
			return { field: 'form', text: m.essay_err_withdrawn() };
		case 'disqualified':
			return { field: 'form', text: m.essay_err_disqualified() };
		case 'busy':
			return { field: 'form', text: m.essay_err_busy() };
		case 'not_found':
			return { field: 'form', text: m.error_404_text() };
	}
}
