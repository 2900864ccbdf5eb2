import { z } from 'zod';
import { normalizePhone } from '../../phone';
import { cleanText, foldForSearch } from '../../text';
import { textOf } from './read-table';
import type {
	CellValue,
	ColumnKey,
	PersonColumn,
	PersonRow,
	Problem,
	ProblemCode,
	SheetRow,
	UnitColumn,
	UnitRow
} from './types';

// Each schema reads one raw cell. Issue messages are problem codes; the route words them in the user's language.

const text = z.custom<CellValue>().transform((cell) => cleanText(textOf(cell)));

/** An empty cell is null (keep what is stored); anything else must pass `schema`. */
const optional = <T>(schema: z.ZodType<T, string>) =>
	text.transform((value, ctx): T | null => {
		if (value === '') return null;
		const parsed = schema.safeParse(value);
		if (parsed.success) return parsed.data;
		const [issue] = parsed.error.issues;
		ctx.issues.push({ code: 'custom', message: issue.message, input: value, params: paramsOf(issue) });
		return z.NEVER;
	});

function paramsOf(issue: z.core.$ZodIssue): Record<string, number> | undefined {
	if (issue.code === 'too_big') return { max: Number(issue.maximum) };
	if (issue.code === 'custom') return issue.params as Record<string, number> | undefined;
	return undefined;
}

const unitCode = z
	.string()
	.transform((v) => v.toUpperCase())
	.pipe(
		z
			.string()
			.min(1, { error: 'required' })
			.max(32, { error: 'too_long' })
			.regex(/^[A-Z0-9][A-Z0-9._-]*$/, { error: 'unit_code_invalid' })
	);

const requiredUnitCode = text.pipe(unitCode);

const unitName = text.pipe(
	z.string().min(1, { error: 'required' }).min(2, { error: 'name_short' }).max(200, { error: 'too_long' })
);

const personName = text.pipe(
	z
		.string()
		.min(1, { error: 'required' })
		.min(2, { error: 'name_short' })
		.max(100, { error: 'too_long' })
		.regex(/\p{L}/u, { error: 'name_letters' })
);

/** Empty keeps the stored figure; "1.200" and "1,200" are Vietnamese and English thousands. */
const headcount = z.custom<CellValue>().transform((cell, ctx) => {
	const raw = typeof cell === 'number' ? cell : cleanText(textOf(cell)).replace(/\s/g, '');
	if (raw === '') return null;
	const value =
		typeof raw === 'number'
			? raw
			: /^\d{1,3}([.,]\d{3})+$|^\d+$/.test(raw)
				? Number(raw.replace(/[.,]/g, ''))
				: NaN;
	if (Number.isInteger(value) && value >= 0 && value <= 1_000_000) return value;
	ctx.issues.push({ code: 'custom', message: 'headcount_invalid', input: cell });
	return z.NEVER;
});

/** A leading apostrophe is how people make Excel keep a leading zero in a CSV: not part of the number. */
const withoutApostrophe = (value: string) => value.replace(/^'/, '');

const phone = text.transform((value, ctx) => {
	if (value === '') ctx.issues.push({ code: 'custom', message: 'required', input: value });
	else {
		const normalized = normalizePhone(withoutApostrophe(value));
		if (normalized) return normalized;
		ctx.issues.push({ code: 'custom', message: 'phone_invalid', input: value });
	}
	return z.NEVER;
});

const email = optional(
	z
		.string()
		.max(200, { error: 'too_long' })
		.pipe(z.email({ error: 'email_invalid' }))
		.transform((v) => v.toLowerCase())
);

/** A CCCD typed into a number cell lost its leading zeros (001… is Hà Nội): put them back. */
const cccd = z.custom<CellValue>().transform((cell, ctx) => {
	const value =
		typeof cell === 'number' && Number.isInteger(cell) && cell >= 0
			? String(cell).padStart(12, '0')
			: withoutApostrophe(cleanText(textOf(cell))).replace(/[\s.]/g, '');
	if (value === '') return null;
	if (/^\d{12}$/.test(value)) return value;
	ctx.issues.push({ code: 'custom', message: 'cccd_invalid', input: cell });
	return z.NEVER;
});

/** "x" (or có, 1, true) marks a unit leader; empty does not; anything else is a typo worth a question. */
const leads = z.custom<CellValue>().transform((cell, ctx) => {
	if (cell === true || cell === 1) return true;
	if (cell === null || cell === false || cell === 0) return false;
	const value = foldForSearch(cleanText(textOf(cell)));
	if (value === '' || value === 'khong' || value === 'no') return false;
	if (['x', 'co', '1', 'true', 'yes'].includes(value)) return true;
	ctx.issues.push({ code: 'custom', message: 'leads_invalid', input: cell });
	return z.NEVER;
});

const birthDate = z.custom<CellValue>().transform((cell, ctx) => {
	const result = parseBirthDate(cell);
	if ('date' in result) return result.date;
	ctx.issues.push({ code: 'custom', message: result.error, input: cell });
	return z.NEVER;
});

const unitFields = { code: requiredUnitCode, name: unitName, parentCode: optional(unitCode), headcount };

const personFields = {
	fullName: personName,
	birthDate,
	unitCode: requiredUnitCode,
	phone,
	email,
	cccd,
	leads
};

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

/**
 * A birth date as YYYY-MM-DD from a date cell, an Excel serial number, dd/mm/yyyy (also d-m-yyyy, d.m.yyyy) or
 * yyyy-mm-dd; a real day, and an age between 15 and 100 as at sign-up.
 */
export function parseBirthDate(
	cell: CellValue,
	today = new Date()
): { date: string } | { error: 'required' | 'date_invalid' | 'birth_date_range' } {
	let y: number, m: number, d: number;
	if (cell instanceof Date || typeof cell === 'number') {
		const date = cell instanceof Date ? cell : new Date(EXCEL_EPOCH + Math.round(cell) * DAY);
		if (Number.isNaN(date.getTime())) return { error: 'date_invalid' };
		[y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
	} else {
		const value = cleanText(textOf(cell));
		if (value === '') return { error: 'required' };
		const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
		const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
		if (dmy) [d, m, y] = dmy.slice(1).map(Number);
		else if (ymd) [y, m, d] = ymd.slice(1).map(Number);
		else return { error: 'date_invalid' };
		const check = new Date(Date.UTC(y, m - 1, d));
		if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d)
			return { error: 'date_invalid' };
	}
	const age = today.getUTCFullYear() - y;
	if (age < 15 || age > 100) return { error: 'birth_date_range' };
	return { date: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/**
 * Every cell of every row, each with its own schema, so that one bad cell does not hide the others: a row with a
 * bad date still has its phone checked for duplicates. A draft holds the cells that passed.
 */
function validateRows<K extends ColumnKey, R extends { row: number }>(
	rows: SheetRow[],
	index: Record<K, number>,
	fields: Record<K, z.ZodType>
): { drafts: Draft<R>[]; problems: Problem[] } {
	const drafts: Draft<R>[] = [];
	const problems: Problem[] = [];
	for (const { row, cells } of rows) {
		const draft: Record<string, unknown> = { row };
		for (const [column, schema] of Object.entries(fields) as [K, z.ZodType][]) {
			const i = index[column];
			const parsed = schema.safeParse(i >= 0 ? (cells[i] ?? null) : null);
			if (parsed.success) {
				draft[column] = parsed.data;
				continue;
			}
			// one problem per cell: the first check that failed says the most (empty before too short)
			const [issue] = parsed.error.issues;
			const params = paramsOf(issue);
			problems.push({ row, column, code: issue.message as ProblemCode, ...(params && { params }) });
		}
		drafts.push(draft as Draft<R>);
	}
	return { drafts, problems };
}

export function validateUnitRows(rows: SheetRow[], index: Record<UnitColumn, number>) {
	return validateRows<UnitColumn, UnitRow>(rows, index, unitFields);
}

export function validatePersonRows(rows: SheetRow[], index: Record<PersonColumn, number>) {
	return validateRows<PersonColumn, PersonRow>(rows, index, personFields);
}

/** The cells of a row that passed their checks; a row without problems has them all. */
export type Draft<R extends { row: number }> = Pick<R, 'row'> & Partial<Omit<R, 'row'>>;

export function isComplete<R extends { row: number }>(draft: Draft<R>, problemRows: Set<number>): draft is R {
	return !problemRows.has(draft.row);
}
