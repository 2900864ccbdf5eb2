/** What an import reads and reports. Plain data and codes only: the route turns codes into messages. */

export const IMPORT_KINDS = ['units', 'people'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** A cell as read from a sheet: exceljs gives numbers and dates, a CSV gives text. */
export type CellValue = string | number | boolean | Date | null;

export interface SheetRow {
	/** the row number Excel shows (the header is row 1) */
	row: number;
	cells: CellValue[];
}

export interface Sheet {
	headers: string[];
	rows: SheetRow[];
}

export type FileErrorCode =
	| 'file_empty'
	| 'file_too_large'
	| 'file_type'
	| 'file_xls'
	| 'file_unreadable'
	/** over a size, ratio or count limit when unpacked (files/office.ts) */
	| 'file_bomb'
	/** a DOCTYPE in an XML part (entity expansion, external entities) */
	| 'file_unsafe_xml'
	| 'file_no_rows'
	| 'file_too_many_rows'
	| 'missing_columns'
	| 'duplicate_column';

export interface FileError {
	code: FileErrorCode;
	params: Record<string, string | number>;
}

export type ProblemCode =
	| 'required'
	| 'too_long'
	| 'name_short'
	| 'name_letters'
	| 'date_invalid'
	| 'birth_date_range'
	| 'phone_invalid'
	| 'email_invalid'
	| 'cccd_invalid'
	| 'leads_invalid'
	| 'unit_code_invalid'
	| 'headcount_invalid'
	| 'unit_unknown'
	| 'unit_inactive'
	| 'parent_unknown'
	| 'parent_inactive'
	| 'parent_self'
	| 'cycle'
	| 'duplicate_in_file'
	| 'email_taken'
	| 'cccd_taken'
	| 'phone_taken'
	| 'code_taken'
	| 'changed_since_preview'
	| 'privileged_account'
	/** a scoped organizer's row names a unit outside their subtrees */
	| 'unit_out_of_scope'
	/** a scoped organizer's row is someone who belongs to a unit outside their subtrees */
	| 'person_out_of_scope';

export type UnitColumn = 'code' | 'name' | 'parentCode' | 'headcount';
export type PersonColumn = 'fullName' | 'birthDate' | 'unitCode' | 'phone' | 'email' | 'cccd' | 'leads';
export type ColumnKey = UnitColumn | PersonColumn;

export interface Problem {
	row: number;
	/** null: the row as a whole */
	column: ColumnKey | null;
	code: ProblemCode;
	params?: Record<string, string | number>;
}

export type RowAction = 'new' | 'updated' | 'unchanged';

export interface Counts {
	rows: number;
	new: number;
	updated: number;
	unchanged: number;
	/** rows with at least one problem */
	errors: number;
}

/** A units row after validation: codes upper-cased, text NFC. */
export interface UnitRow {
	row: number;
	code: string;
	name: string;
	/** null: top level */
	parentCode: string | null;
	/** null: the cell was empty (keep what is stored; 0 for a new unit) */
	headcount: number | null;
}

/** A people row after validation: phone normalized (0912345678), email lower-cased, birth date YYYY-MM-DD. */
export interface PersonRow {
	row: number;
	fullName: string;
	birthDate: string;
	unitCode: string;
	phone: string;
	/** null: the cell was empty (keep what is stored) */
	email: string | null;
	cccd: string | null;
	/** "x" in "Phụ trách đơn vị": the person becomes leader of their unit (never taken away by an import) */
	leads?: boolean;
}

/** What the import_batches row keeps: the rows to write, with the action the preview showed for each. */
export type StoredRow<R> = R & { action: RowAction };

/** A unit the list would fill beyond its declared headcount (a warning: the file may still be applied). */
export interface HeadcountWarning {
	unitCode: string;
	unitName: string;
	headcount: number;
	/** accounts in the unit once the list is applied */
	accounts: number;
}

export interface BatchSummary {
	counts: Counts;
	problems: Problem[];
	headcountWarnings?: HeadcountWarning[];
	/** what the apply did, once applied (it may differ from the preview when others changed the same people) */
	applied?: Counts;
}
