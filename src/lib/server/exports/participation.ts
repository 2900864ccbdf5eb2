/**
 * Participation by unit for a quiz contest (one round, or every counted round): one row per unit of the whole subtree
 * of the contest's eligible root (every unit for a contest open to everyone), each rolled up over its own subtree,
 * in tree order. One set-based query; 5,000 units fit in memory, and the rows still go out through tableStream.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { type Db, rowsOf } from '$lib/server/db/client';
import { contestPeople, roundResults, units } from '$lib/server/db/schema';
import type { InsightScope } from '$lib/server/insights/participation';
import type { Column, TableExport } from './table-stream';

export interface UnitParticipationRow {
	unitId: number;
	code: string;
	name: string;
	/** names from the top of the tree down to the unit */
	trail: string[];
	/** 1 for a top-level unit */
	level: number;
	ownHeadcount: number;
	headcount: number;
	participants: number;
	/** participants ÷ headcount; null when the headcount is 0 */
	rate: number | null;
	attempts: number;
	meanScore: number | null;
}

type Raw = {
	id: number;
	code: string;
	name: string;
	path: string;
	depth: number;
	own_headcount: number | string;
	headcount: number | string;
	participants: number | string;
	attempts: number | string;
	correct: number | string;
	results: number | string;
};

/**
 * The same per-unit figures as the dashboard (insights/participation.ts): a round reads round_results, the whole
 * contest contest_people (each person once, under the unit of their latest result).
 */
function perUnit(scope: InsightScope) {
	if (scope.roundId !== null)
		return sql`select unit_id, count(*) as people, sum(entries) as entries, sum(correct_count) as correct,
			count(*) as results
			from ${roundResults} where round_id = ${scope.roundId} group by unit_id`;
	return sql`select unit_id, count(*) as people, sum(entries) as entries, sum(correct_count) as correct,
		sum(results) as results
		from ${contestPeople} where contest_id = ${scope.contestId} group by unit_id`;
}

/**
 * Every active unit of the root's subtree (the root included; null: the whole tree) with its roll-up over its active
 * descendants. Rather than joining each unit to its descendants by a path range (a nested loop: 25 million
 * comparisons, 4 s for 5,000 units), each unit's figures go up to every ancestor named in its materialized path, and
 * a hash aggregate sums them per ancestor: about 50 ms for 5,000 units and a round of 80,000 results.
 */
export async function participationTree(
	db: Db,
	scope: InsightScope,
	rootUnitId: number | null
): Promise<UnitParticipationRow[]> {
	let rootPath: string | null = null;
	if (rootUnitId !== null) {
		const [root] = rowsOf<{ path: string }>(
			await db.execute(sql`select path from ${units} where id = ${rootUnitId}`)
		);
		if (!root) return [];
		rootPath = root.path;
	}
	const inRoot = (alias: string) =>
		rootPath === null
			? sql`true`
			: sql`${sql.raw(alias)}.path ~>=~ ${rootPath} and ${sql.raw(alias)}.path ~<~ (${rootPath} || '~')`;
	const raw = rowsOf<Raw>(
		await db.execute(sql`
			with per_unit as (${perUnit(scope)}),
			up as (
				select a.ancestor::int as unit_id,
					sum(d.headcount) as headcount,
					coalesce(sum(p.people), 0) as participants,
					coalesce(sum(p.entries), 0) as attempts,
					coalesce(sum(p.correct), 0) as correct,
					coalesce(sum(p.results), 0) as results
				from ${units} d
				left join per_unit p on p.unit_id = d.id
				cross join lateral unnest(string_to_array(trim(both '/' from d.path), '/')) as a(ancestor)
				where d.active and ${inRoot('d')}
				group by 1)
			select c.id, c.code, c.name, c.path, c.depth, c.headcount as own_headcount, up.headcount,
				up.participants, up.attempts, up.correct, up.results
			from ${units} c join up on up.unit_id = c.id
			where c.active and ${inRoot('c')}`)
	);
	// names of every unit on a path, the ancestors above the root included
	const names = new Map(
		rowsOf<{ id: number; name: string }>(await db.execute(sql`select id, name from ${units}`)).map((u) => [
			Number(u.id),
			u.name
		])
	);
	const rows = raw.map((r): UnitParticipationRow => {
		const headcount = Number(r.headcount);
		const participants = Number(r.participants);
		const results = Number(r.results);
		return {
			unitId: Number(r.id),
			code: r.code,
			name: r.name,
			trail: r.path
				.split('/')
				.filter(Boolean)
				.map((id) => names.get(Number(id)) ?? '?'),
			level: Number(r.depth) + 1,
			ownHeadcount: Number(r.own_headcount),
			headcount,
			participants,
			rate: headcount > 0 ? participants / headcount : null,
			attempts: Number(r.attempts),
			meanScore: results > 0 ? Number(r.correct) / results : null
		};
	});
	return rows.sort((a, b) => compareTrails(a, b));
}

/** Tree order: a unit right before its children, siblings in Vietnamese alphabetical order (then by code). */
function compareTrails(a: UnitParticipationRow, b: UnitParticipationRow): number {
	const n = Math.min(a.trail.length, b.trail.length);
	for (let i = 0; i < n; i++) {
		const byName = a.trail[i].localeCompare(b.trail[i], 'vi');
		if (byName !== 0) return byName;
	}
	if (a.trail.length !== b.trail.length) return a.trail.length - b.trail.length;
	return a.code.localeCompare(b.code);
}

const round2 = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

export async function participationExport(
	db: Db,
	scope: InsightScope,
	rootUnitId: number | null
): Promise<TableExport<UnitParticipationRow>> {
	const rows = await participationTree(db, scope, rootUnitId);
	async function* batches() {
		for (let i = 0; i < rows.length; i += 2000) yield rows.slice(i, i + 2000);
	}
	const columns: Column<UnitParticipationRow>[] = [
		{ header: m.export_col_unit_path(), value: (r) => r.trail.join(' › '), width: 60 },
		{ header: m.export_col_level(), value: (r) => r.level, width: 6 },
		{ header: m.export_col_unit_code(), value: (r) => r.code, width: 14 },
		{ header: m.export_col_unit(), value: (r) => r.name, width: 30 },
		{ header: m.export_col_own_headcount(), value: (r) => r.ownHeadcount, width: 12 },
		{ header: m.export_col_headcount(), value: (r) => r.headcount, width: 12 },
		{ header: m.export_col_participants(), value: (r) => r.participants, width: 12 },
		{
			header: m.export_col_rate_percent(),
			value: (r) => (r.rate === null ? null : Math.round(r.rate * 1000) / 10),
			width: 12
		},
		{ header: m.export_col_attempts(), value: (r) => r.attempts, width: 10 },
		{ header: m.export_col_mean_correct(), value: (r) => round2(r.meanScore), width: 12 }
	];
	return { sheetName: m.export_sheet_participation(), columns, batches: batches() };
}
