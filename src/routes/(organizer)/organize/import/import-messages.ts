// Problem codes from $lib/server/import, in the reader's language.
import { m } from '$lib/paraglide/messages';
import type { ApplyError } from '$lib/server/import/apply';
import type { ColumnKey, FileError, Problem, ProblemCode } from '$lib/server/import/types';
import type { ProblemView } from './api';

type Locale = 'vi' | 'en';
type Options = { locale?: Locale };
type Params = Record<string, string | number>;

const COLUMNS: Record<ColumnKey, (o: Options) => string> = {
	code: (o) => m.import_column_code({}, o),
	name: (o) => m.import_column_name({}, o),
	parentCode: (o) => m.import_column_parent_code({}, o),
	headcount: (o) => m.import_column_headcount({}, o),
	fullName: (o) => m.import_column_full_name({}, o),
	birthDate: (o) => m.import_column_birth_date({}, o),
	unitCode: (o) => m.import_column_unit_code({}, o),
	phone: (o) => m.import_column_phone({}, o),
	email: (o) => m.import_column_email({}, o),
	cccd: (o) => m.import_column_cccd({}, o),
	leads: (o) => m.import_column_leads({}, o)
};

const PROBLEMS: Record<ProblemCode, (p: Params, o: Options) => string> = {
	required: (_, o) => m.import_p_required({}, o),
	too_long: (p, o) => m.import_p_too_long({ max: p.max }, o),
	name_short: (_, o) => m.import_p_name_short({}, o),
	name_letters: (_, o) => m.import_p_name_letters({}, o),
	date_invalid: (_, o) => m.import_p_date_invalid({}, o),
	birth_date_range: (_, o) => m.import_p_birth_date_range({}, o),
	phone_invalid: (_, o) => m.import_p_phone_invalid({}, o),
	email_invalid: (_, o) => m.import_p_email_invalid({}, o),
	cccd_invalid: (_, o) => m.import_p_cccd_invalid({}, o),
	leads_invalid: (_, o) => m.import_p_leads_invalid({}, o),
	unit_code_invalid: (_, o) => m.import_p_unit_code_invalid({}, o),
	headcount_invalid: (_, o) => m.import_p_headcount_invalid({}, o),
	unit_unknown: (p, o) => m.import_p_unit_unknown({ code: p.code }, o),
	unit_inactive: (p, o) => m.import_p_unit_inactive({ code: p.code }, o),
	parent_unknown: (p, o) => m.import_p_parent_unknown({ code: p.code }, o),
	parent_inactive: (p, o) => m.import_p_parent_inactive({ code: p.code }, o),
	parent_self: (_, o) => m.import_p_parent_self({}, o),
	cycle: (p, o) => m.import_p_cycle({ path: p.path }, o),
	duplicate_in_file: (p, o) => m.import_p_duplicate_in_file({ first: p.first }, o),
	email_taken: (_, o) => m.import_p_email_taken({}, o),
	cccd_taken: (_, o) => m.import_p_cccd_taken({}, o),
	phone_taken: (_, o) => m.import_p_phone_taken({}, o),
	privileged_account: (_, o) => m.import_p_privileged_account({}, o),
	unit_out_of_scope: (_, o) => m.import_p_out_of_scope({}, o),
	person_out_of_scope: (_, o) => m.import_p_person_out_of_scope({}, o),
	code_taken: (_, o) => m.import_p_code_taken({}, o),
	changed_since_preview: (_, o) => m.import_p_changed_since_preview({}, o)
};

export function problemView(problem: Problem, options: Options = {}): ProblemView {
	return {
		row: problem.row,
		column: problem.column ? COLUMNS[problem.column](options) : '',
		message: PROBLEMS[problem.code](problem.params ?? {}, options)
	};
}

export function fileErrorMessage({ code, params }: FileError, options: Options = {}): string {
	switch (code) {
		case 'file_empty':
			return m.import_file_empty({}, options);
		case 'file_too_large':
			return m.import_file_too_large({ maxMb: params.maxMb }, options);
		case 'file_type':
			return m.import_file_type({}, options);
		case 'file_xls':
			return m.import_file_xls({}, options);
		case 'file_unreadable':
			return m.import_file_unreadable({}, options);
		case 'file_bomb':
			return m.import_file_bomb({}, options);
		case 'file_unsafe_xml':
			return m.import_file_unsafe_xml({}, options);
		case 'file_no_rows':
			return m.import_file_no_rows({}, options);
		case 'file_too_many_rows':
			return m.import_file_too_many_rows({ rows: params.rows, max: params.max }, options);
		case 'missing_columns':
			return m.import_missing_columns({ columns: params.columns }, options);
		case 'duplicate_column':
			return m.import_duplicate_column({ column: params.column }, options);
	}
}

export function applyErrorMessage(error: ApplyError, options: Options = {}): string {
	switch (error) {
		case 'not_found':
			return m.import_apply_not_found({}, options);
		case 'forbidden':
			return m.import_apply_forbidden({}, options);
		case 'not_previewed':
			return m.import_apply_not_previewed({}, options);
		case 'has_errors':
			return m.import_apply_has_errors({}, options);
		case 'conflicts':
			return m.import_apply_conflicts({}, options);
	}
}

export const APPLY_ERROR_STATUS: Record<ApplyError, number> = {
	not_found: 404,
	forbidden: 403,
	not_previewed: 409,
	has_errors: 409,
	conflicts: 409
};
