import type { OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { importBatches } from '../db/schema';
import { cleanText } from '../../text';
import { countRows } from './apply-common';
import { locateColumns, PEOPLE_COLUMNS, UNIT_COLUMNS } from './columns';
import { headcountWarnings } from './headcount';
import { loadPeopleSnapshot, planPeople } from './plan-people';
import { loadTree, planUnits } from './plan-units';
import { readTable, type TableFormat } from './read-table';
import { validatePersonRows, validateUnitRows } from './rows';
import type {
	BatchSummary,
	ColumnKey,
	Counts,
	FileError,
	HeadcountWarning,
	ImportKind,
	Problem,
	RowAction,
	StoredRow
} from './types';

export interface PreviewResult {
	batchId: string;
	kind: ImportKind;
	fileName: string;
	format: TableFormat;
	counts: Counts;
	problems: Problem[];
	headcountWarnings: HeadcountWarning[];
}

const COLUMN_ORDER: ColumnKey[] = [...UNIT_COLUMNS, ...PEOPLE_COLUMNS].map((c) => c.key);

export function sortProblems(problems: Problem[]): Problem[] {
	const order = (p: Problem) => (p.column === null ? -1 : COLUMN_ORDER.indexOf(p.column));
	return problems.toSorted((a, b) => a.row - b.row || order(a) - order(b));
}

/** The rows that will be written (only rows without problems get an action), each with what will happen. */
function withActions<R extends { row: number }>(rows: R[], actions: Map<number, RowAction>): StoredRow<R>[] {
	return rows.flatMap((r) => {
		const action = actions.get(r.row);
		return action ? [{ ...r, action }] : [];
	});
}

/** "C:\Users\an\Desktop\Danh sách.xlsx" (old browsers send the path) → "Danh sách.xlsx" */
function baseName(fileName: string): string {
	return cleanText(fileName.split(/[\\/]/).pop() ?? '').slice(0, 200) || '—';
}

/**
 * Reads and checks an uploaded file and stores what applying it would write, with the action for each row, as a
 * 'previewed' batch. Writes nothing else: the organizer sees the counts and every problem before confirming.
 */
export async function previewImport(
	db: Db,
	input: { kind: ImportKind; fileName: string; bytes: Uint8Array; userId: number; scope?: OrganizerScope }
): Promise<{ ok: true; preview: PreviewResult } | { ok: false; error: FileError }> {
	const table = await readTable(input.bytes, input.kind);
	if (!table.ok) return table;
	const { sheet } = table;

	let stored: StoredRow<object>[];
	let problems: Problem[];
	let actions: Map<number, RowAction>;
	let warnings: HeadcountWarning[] = [];
	if (input.kind === 'units') {
		const located = locateColumns(sheet.headers, UNIT_COLUMNS);
		if (!located.ok) return located;
		const parsed = validateUnitRows(sheet.rows, located.index);
		const invalid = new Set(parsed.problems.map((p) => p.row));
		const plan = planUnits(parsed.drafts, await loadTree(db), invalid);
		problems = [...parsed.problems, ...plan.problems];
		actions = plan.actions;
		stored = withActions(parsed.drafts, actions);
	} else {
		const located = locateColumns(sheet.headers, PEOPLE_COLUMNS);
		if (!located.ok) return located;
		const parsed = validatePersonRows(sheet.rows, located.index);
		const invalid = new Set(parsed.problems.map((p) => p.row));
		const snapshot = await loadPeopleSnapshot(db, parsed.drafts);
		const plan = planPeople(parsed.drafts, snapshot, invalid, input.scope);
		problems = [...parsed.problems, ...plan.problems];
		actions = plan.actions;
		stored = withActions(parsed.drafts, actions);
		warnings = await headcountWarnings(db, parsed.drafts, actions, snapshot);
	}

	problems = sortProblems(problems);
	const counts = countRows(sheet.rows.length, actions, problems);
	const fileName = baseName(input.fileName);
	const summary: BatchSummary = { counts, problems, headcountWarnings: warnings };
	const [batch] = await db
		.insert(importBatches)
		.values({
			kind: input.kind,
			fileName,
			// a file with problems cannot be applied: keep only the summary, not rows nobody will write
			rows: counts.errors > 0 ? [] : stored,
			summary,
			createdBy: input.userId
		})
		.returning({ id: importBatches.id });
	return {
		ok: true,
		preview: {
			batchId: batch.id,
			kind: input.kind,
			fileName,
			format: table.format,
			counts,
			problems,
			headcountWarnings: warnings
		}
	};
}
