import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { contestPeople, roundUnitResults, units } from '../db/schema';

/** One round of a contest, or (roundId null) every counted round of it; practice rounds never count. */
export interface InsightScope {
	contestId: number;
	roundId: number | null;
}

export interface ParticipationRow {
	/** the unit; for the "direct" row, the parent itself */
	unitId: number;
	code: string;
	name: string;
	/** people attached to the parent unit itself, not to any of its children */
	direct: boolean;
	/** sum of the own headcounts of the unit and its active descendants (the direct row: the parent's own) */
	headcount: number;
	/** distinct people with at least one finished attempt in scope, in the unit or its active descendants */
	participants: number;
	/** participants ÷ headcount; null when the headcount is 0 */
	rate: number | null;
	/** finished attempts (every one, not only the counted one) */
	attempts: number;
	/** mean correct answers of the counted results (a person's best in a round); null without any */
	meanScore: number | null;
	/** active child units: a row with children can be drilled into */
	childCount: number;
}

export interface ParticipationTotals {
	headcount: number;
	participants: number;
	rate: number | null;
	attempts: number;
	meanScore: number | null;
}

const rateOf = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/**
 * Per-unit figures of the scope's counted people. A round reads round_unit_results (its round_results summed per
 * unit, kept by a trigger as attempts finish: one row per unit instead of one per person); the whole contest reads
 * contest_people (one row per person over every counted round, kept by a trigger on round_results), where each
 * person sits under the unit of their latest result, so a person who moved is counted once (an index-only scan of a
 * covering index).
 */
function perUnit(scope: InsightScope, unitFilter: SQL) {
	if (scope.roundId !== null) {
		return sql`
			select unit_id, people, entries, correct_count as correct, people as results
			from ${roundUnitResults} where round_id = ${scope.roundId} ${unitFilter}`;
	}
	return sql`
		select unit_id, count(*) as people, sum(entries) as entries, sum(correct_count) as correct, sum(results) as results
		from ${contestPeople} where contest_id = ${scope.contestId} ${unitFilter}
		group by unit_id`;
}

type RawRow = {
	unit_id: number;
	code: string;
	name: string;
	direct: boolean;
	headcount: string | number;
	participants: string | number;
	attempts: string | number;
	correct: string | number;
	results: string | number;
	child_count: string | number;
};

/** The roll-up statement itself (exported for EXPLAIN in scripts/gen-insights-data.ts). */
export function participationQuery(
	scope: InsightScope,
	parentId: number | null,
	parentPath: string | null
): SQL {
	// Only an optimization (the join to descendants below keeps the right units anyway): below the top two levels a
	// subtree is small, and reading its units' results by index beats aggregating the whole round.
	const deep = parentPath !== null && parentPath.split('/').length > 4;
	const unitFilter = deep
		? sql`and unit_id in (select id from ${units} where path like ${parentPath + '%'})`
		: sql``;
	const children = parentId === null ? sql`c.parent_id is null` : sql`c.parent_id = ${parentId}`;
	return sql`
		with per_unit as (${perUnit(scope, unitFilter)})
		select c.id as unit_id, c.code, c.name, false as direct,
			sum(d.headcount) as headcount,
			coalesce(sum(p.people), 0) as participants,
			coalesce(sum(p.entries), 0) as attempts,
			coalesce(sum(p.correct), 0) as correct,
			coalesce(sum(p.results), 0) as results,
			count(*) filter (where d.parent_id = c.id) as child_count
		from ${units} c
		join ${units} d on d.path ~>=~ c.path and d.path ~<~ (c.path || '~') and d.active
		left join per_unit p on p.unit_id = d.id
		where c.active and ${children}
		group by c.id, c.code, c.name
		${
			parentId === null
				? sql``
				: sql`union all
		select u.id, u.code, u.name, true, u.headcount, coalesce(p.people, 0), coalesce(p.entries, 0),
			coalesce(p.correct, 0), coalesce(p.results, 0), 0
		from ${units} u left join per_unit p on p.unit_id = u.id
		where u.id = ${parentId} and u.active`
		}`;
}

/**
 * Participation by unit: one row per active child of `parentId` (null: the top of the tree), each rolled up over its
 * subtree, plus a "direct" row for people attached to the parent itself when it has any headcount or participant,
 * so the rows add up to the parent's totals. One query: per-unit figures first (restricted to the parent's subtree),
 * then each child joined to its descendants by a range on the materialized path (text_pattern_ops index).
 * Units in which nobody took part are rows with 0; inactive units (and their people) are left out.
 */
export async function participationByUnit(
	db: Db,
	scope: InsightScope,
	parentId: number | null
): Promise<{ rows: ParticipationRow[]; totals: ParticipationTotals }> {
	let parentPath: string | null = null;
	if (parentId !== null) {
		const [parent] = rowsOf<{ path: string }>(
			await db.execute(sql`select path from ${units} where id = ${parentId}`)
		);
		if (!parent) return { rows: [], totals: totalsOf([]) };
		parentPath = parent.path;
	}
	const raw = rowsOf<RawRow>(await db.execute(participationQuery(scope, parentId, parentPath)));
	const rows: CountedRow[] = raw
		.map((r) => {
			const headcount = Number(r.headcount);
			const participants = Number(r.participants);
			const results = Number(r.results);
			return {
				unitId: r.unit_id,
				code: r.code,
				name: r.name,
				direct: r.direct,
				headcount,
				participants,
				rate: rateOf(participants, headcount),
				attempts: Number(r.attempts),
				meanScore: results > 0 ? Number(r.correct) / results : null,
				childCount: Number(r.child_count),
				results,
				correct: Number(r.correct)
			};
		})
		.filter((r) => !r.direct || r.headcount > 0 || r.participants > 0);
	const totals = totalsOf(rows);
	return { rows: rows.map(({ results: _results, correct: _correct, ...row }) => row), totals };
}

type CountedRow = ParticipationRow & { results: number; correct: number };

function totalsOf(rows: CountedRow[]): ParticipationTotals {
	const sum = (pick: (r: CountedRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
	const headcount = sum((r) => r.headcount);
	const participants = sum((r) => r.participants);
	const results = sum((r) => r.results);
	const correct = sum((r) => r.correct);
	return {
		headcount,
		participants,
		rate: rateOf(participants, headcount),
		attempts: sum((r) => r.attempts),
		meanScore: results > 0 ? correct / results : null
	};
}

export type ParticipationSort = 'rate' | 'participants' | 'name';

/** Highest first for the figures (no headcount sorts last), Vietnamese alphabetical for names; the direct row last. */
export function sortParticipation<T extends ParticipationRow>(rows: T[], sort: ParticipationSort): T[] {
	const byName = (a: T, b: T) => a.name.localeCompare(b.name, 'vi');
	return [...rows].sort((a, b) => {
		if (a.direct !== b.direct) return a.direct ? 1 : -1;
		if (sort === 'rate' && a.rate !== b.rate) return (b.rate ?? -1) - (a.rate ?? -1);
		if (sort === 'participants' && a.participants !== b.participants) return b.participants - a.participants;
		return byName(a, b);
	});
}
