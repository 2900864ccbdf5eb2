import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { units } from '../db/schema';
import { searchTextOf, TREE_LOCK } from '../units';
import { changedSincePreview, chunks, ImportConflict, type WriteReport } from './apply-common';
import { loadTree, planUnits, type TreeUnit } from './plan-units';
import type { StoredRow, UnitRow } from './types';

/**
 * Writes a units batch inside the caller's transaction. Under the tree lock (as createUnit and moveUnit take it)
 * the rows are checked again against the tree as it is now; new units are inserted, then every unit whose name,
 * headcount, parent or materialized path differs from the stored one is updated in a few multi-row statements.
 * Paths are recomputed for the whole tree in memory, so a unit moved to a new parent carries its subtree along.
 */
export async function writeUnits(
	tx: Db,
	rows: StoredRow<UnitRow>[],
	report: WriteReport,
	chunkSize: number
): Promise<Map<number, 'new' | 'updated' | 'unchanged'>> {
	await tx.execute(sql`select pg_advisory_xact_lock(${TREE_LOCK})`);
	const tree = await loadTree(tx);
	const plan = planUnits(rows, tree);
	const problems = [...plan.problems, ...changedSincePreview(rows, plan.actions, 'code', 'code_taken')];
	if (problems.length > 0) throw new ImportConflict(problems);

	const total = rows.length;
	let done = 0;
	const idOfCode = new Map(tree.map((u) => [u.code, u.id]));
	const before = new Map(tree.map((u) => [u.id, u]));
	const after = new Map(tree.map((u) => [u.id, { ...u }]));

	const fresh = rows.filter((r) => plan.actions.get(r.row) === 'new');
	for (const chunk of chunks(fresh, chunkSize)) {
		const inserted = await tx
			.insert(units)
			.values(
				chunk.map((r) => ({
					code: r.code,
					name: r.name,
					headcount: r.headcount ?? 0,
					// placeholders: the real path needs the id, and is written with the other paths below
					path: '/',
					depth: 0,
					searchText: searchTextOf(r.name, r.code)
				}))
			)
			.returning();
		for (const u of inserted) {
			idOfCode.set(u.code, u.id);
			after.set(u.id, { ...u });
		}
		done += chunk.length;
		await report({ done, total });
	}

	for (const row of rows) {
		const unit = after.get(idOfCode.get(row.code)!)!;
		unit.name = row.name;
		if (row.headcount !== null) unit.headcount = row.headcount;
		unit.parentId = row.parentCode === null ? null : idOfCode.get(row.parentCode)!;
	}
	const paths = new Map<number, string>();
	const pathOf = (id: number): string => {
		const known = paths.get(id);
		if (known) return known;
		const parentId = after.get(id)!.parentId;
		const path = `${parentId === null ? '/' : pathOf(parentId)}${id}/`;
		paths.set(id, path);
		return path;
	};

	const changed: TreeUnit[] = [];
	for (const unit of after.values()) {
		unit.path = pathOf(unit.id);
		unit.depth = unit.path.split('/').length - 3;
		const old = before.get(unit.id);
		if (
			!old ||
			old.name !== unit.name ||
			old.headcount !== unit.headcount ||
			old.parentId !== unit.parentId ||
			old.path !== unit.path ||
			old.depth !== unit.depth
		)
			changed.push(unit);
	}
	for (const chunk of chunks(changed, chunkSize)) {
		const values = chunk.map((u) => ({
			id: u.id,
			name: u.name,
			headcount: u.headcount,
			parent_id: u.parentId,
			path: u.path,
			depth: u.depth,
			search_text: searchTextOf(u.name, u.code)
		}));
		await tx.execute(sql`
			update ${units} as u
			set name = v.name, headcount = v.headcount, parent_id = v.parent_id, path = v.path, depth = v.depth,
				search_text = v.search_text, updated_at = now()
			from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
				as v(id int, name text, headcount int, parent_id int, path text, depth smallint, search_text text)
			where u.id = v.id`);
	}
	await report({ done: total, total });
	return plan.actions;
}
