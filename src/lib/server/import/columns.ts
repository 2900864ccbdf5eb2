import { foldForSearch } from '../../text';
import type { FileError, ImportKind, PersonColumn, UnitColumn } from './types';

export interface ColumnSpec<K extends string = string> {
	key: K;
	/** the header the template writes (the file format is Vietnamese whatever the interface language) */
	header: string;
	required: boolean;
	/** other spellings people type, already folded (see headerKey) */
	aliases: string[];
}

export const UNIT_COLUMNS: ColumnSpec<UnitColumn>[] = [
	{ key: 'code', header: 'Mã đơn vị', required: true, aliases: ['ma dv', 'ma', 'unit code', 'code'] },
	{ key: 'name', header: 'Tên đơn vị', required: true, aliases: ['ten dv', 'don vi', 'unit name', 'name'] },
	{
		key: 'parentCode',
		header: 'Mã đơn vị cấp trên',
		required: true,
		aliases: ['ma cap tren', 'ma dv cap tren', 'don vi cap tren', 'parent code', 'parent']
	},
	{
		key: 'headcount',
		header: 'Số người',
		required: false,
		aliases: ['so luong', 'so dang vien', 'so can bo', 'so nguoi cua don vi', 'headcount']
	}
];

export const PEOPLE_COLUMNS: ColumnSpec<PersonColumn>[] = [
	{ key: 'fullName', header: 'Họ và tên', required: true, aliases: ['ho ten', 'full name', 'name'] },
	{
		key: 'birthDate',
		header: 'Ngày sinh',
		required: true,
		aliases: ['ngay thang nam sinh', 'birth date', 'date of birth']
	},
	{ key: 'unitCode', header: 'Mã đơn vị', required: true, aliases: ['ma dv', 'unit code', 'unit'] },
	{
		key: 'phone',
		header: 'Số điện thoại',
		required: true,
		aliases: ['dien thoai', 'so dt', 'sdt', 'dtdd', 'so di dong', 'phone']
	},
	{ key: 'email', header: 'Email', required: false, aliases: ['e mail', 'thu dien tu', 'dia chi email'] },
	{
		key: 'cccd',
		header: 'Số CCCD',
		required: false,
		aliases: ['cccd', 'so can cuoc', 'can cuoc cong dan', 'so can cuoc cong dan', 'so dinh danh']
	},
	{
		key: 'leads',
		header: 'Phụ trách đơn vị',
		required: false,
		aliases: ['phu trach', 'nguoi phu trach', 'nguoi phu trach don vi', 'unit leader']
	}
];

export function columnsOf(kind: ImportKind): ColumnSpec<UnitColumn | PersonColumn>[] {
	return kind === 'units' ? UNIT_COLUMNS : PEOPLE_COLUMNS;
}

/**
 * "Họ và tên (*)", "HO VA TEN", "Ho va ten" and "Ngày sinh (dd/mm/yyyy)" all fold to the key of their column:
 * no case, no diacritics, no notes in brackets, no punctuation.
 */
export function headerKey(header: string): string {
	return foldForSearch(header)
		.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** Where each column is in the sheet (-1: absent and optional), or which required columns are missing. */
export function locateColumns<K extends string>(
	headers: string[],
	specs: ColumnSpec<K>[]
): { ok: true; index: Record<K, number> } | { ok: false; error: FileError } {
	const keys = headers.map(headerKey);
	const index = {} as Record<K, number>;
	const missing: string[] = [];
	for (const spec of specs) {
		const names = new Set([headerKey(spec.header), ...spec.aliases]);
		const found = keys.flatMap((key, i) => (names.has(key) ? [i] : []));
		if (found.length > 1)
			return { ok: false, error: { code: 'duplicate_column', params: { column: spec.header } } };
		if (found.length === 0 && spec.required) missing.push(spec.header);
		index[spec.key] = found[0] ?? -1;
	}
	if (missing.length > 0)
		return { ok: false, error: { code: 'missing_columns', params: { columns: missing.join(', ') } } };
	return { ok: true, index };
}
