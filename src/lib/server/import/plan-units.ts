import { asc } from 'drizzle-orm';
import type { Db } from '../db/client';
import { units } from '../db/schema';
import { type Draft, isComplete } from './rows';
import type { Problem, RowAction, UnitRow } from './types';

export interface TreeUnit {
	id: number;
	code: string;
	name: string;
	parentId: number | null;
	path: string;
	depth: number;
	headcount: number;
	active: boolean;
}

/** The whole tree: imports check cycles against it and rewrite paths from it (a province's tree is small). */
export async function loadTree(db: Db): Promise<TreeUnit[]> {
	return db
		.select({
			id: units.id,
			code: units.code,
			name: units.name,
			parentId: units.parentId,
			path: units.path,
			depth: units.depth,
			headcount: units.headcount,
			active: units.active
		})
		.from(units)
		.orderBy(asc(units.path));
}

export interface UnitsPlan {
	problems: Problem[];
	/** by row number, for rows without problems */
	actions: Map<number, RowAction>;
}

/**
 * Checks units rows against each other and the stored tree, and says what applying each would do. A parent may
 * be stored or anywhere in the file (before or after its children). Drafts with bad cells are checked as far as
 * their good cells allow; `invalid` rows (problems found earlier) get no action.
 */
export function planUnits(rows: Draft<UnitRow>[], tree: TreeUnit[], invalid = new Set<number>()): UnitsPlan {
	const problems: Problem[] = [];
	const stored = new Map(tree.map((u) => [u.code, u]));
	const codeOfId = new Map(tree.map((u) => [u.id, u.code]));
	const inFile = new Map<string, Draft<UnitRow>>();
	for (const row of rows) {
		if (row.code === undefined) continue;
		const first = inFile.get(row.code);
		if (first)
			problems.push({
				row: row.row,
				column: 'code',
				code: 'duplicate_in_file',
				params: { first: first.row }
			});
		else inFile.set(row.code, row);
	}

	// the tree as it would be after the import: stored parents, overridden by the file's
	const parentOf = new Map<string, string | null>();
	for (const u of tree) parentOf.set(u.code, u.parentId === null ? null : (codeOfId.get(u.parentId) ?? null));
	for (const [code, row] of inFile) if (row.parentCode !== undefined) parentOf.set(code, row.parentCode);

	for (const [code, row] of inFile) {
		const parentCode = row.parentCode;
		if (parentCode === null || parentCode === undefined) continue;
		const problem = (problemCode: Problem['code'], params?: Problem['params']) =>
			problems.push({ row: row.row, column: 'parentCode', code: problemCode, ...(params && { params }) });
		if (parentCode === code) problem('parent_self');
		else if (!inFile.has(parentCode) && !stored.has(parentCode))
			problem('parent_unknown', { code: parentCode });
		else if (stored.get(parentCode)?.active === false) problem('parent_inactive', { code: parentCode });
		else {
			const loop = cycleFrom(code, parentOf);
			if (loop) problem('cycle', { path: loop.join(' → ') });
		}
	}

	const bad = new Set([...invalid, ...problems.map((p) => p.row)]);
	const actions = new Map<number, RowAction>();
	for (const row of rows) {
		if (!isComplete(row, bad)) continue;
		const current = stored.get(row.code);
		if (!current) actions.set(row.row, 'new');
		else {
			const currentParent = current.parentId === null ? null : codeOfId.get(current.parentId);
			const changed =
				current.name !== row.name ||
				(row.headcount !== null && current.headcount !== row.headcount) ||
				currentParent !== row.parentCode;
			actions.set(row.row, changed ? 'updated' : 'unchanged');
		}
	}
	return { problems, actions };
}
/** The codes around a loop that starts and ends at `code` (A → B → A), or null when walking up ends at the top. */
function cycleFrom(code: string, parentOf: Map<string, string | null>): string[] | null {
	const trail = [code];
	const seen = new Set(trail);
	let current = parentOf.get(code) ?? null;
	while (current !== null) {
		trail.push(current);
		if (current === code) return trail;
		// a loop higher up that does not pass through this unit is reported on its own rows
		if (seen.has(current)) return null;
		seen.add(current);
		current = parentOf.get(current) ?? null;
	}
	return null;
}
