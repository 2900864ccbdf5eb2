import type { ColumnKey, Counts, Problem, ProblemCode, RowAction, StoredRow } from './types';

/** Thrown inside the apply transaction to roll it back and report why. */
export class ImportConflict extends Error {
	constructor(readonly problems: Problem[]) {
		super('import conflicts with the database as it is now');
	}
}

export type WriteReport = (progress: { done: number; total: number }) => void | Promise<void>;

/**
 * Rows whose fate is not what the preview showed: created since (someone added that code or phone) or gone
 * since. Either way the organizer confirmed something else, so nothing is written.
 */
export function changedSincePreview(
	rows: StoredRow<{ row: number }>[],
	actions: Map<number, RowAction>,
	column: ColumnKey,
	takenCode: ProblemCode
): Problem[] {
	const problems: Problem[] = [];
	for (const row of rows) {
		const now = actions.get(row.row);
		if (now === undefined || (now === 'new') === (row.action === 'new')) continue;
		problems.push({ row: row.row, column, code: row.action === 'new' ? takenCode : 'changed_since_preview' });
	}
	return problems;
}

export function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

export function countRows(total: number, actions: Map<number, RowAction>, problems: Problem[]): Counts {
	const counts: Counts = { rows: total, new: 0, updated: 0, unchanged: 0, errors: 0 };
	for (const action of actions.values()) counts[action]++;
	counts.errors = new Set(problems.map((p) => p.row)).size;
	return counts;
}
