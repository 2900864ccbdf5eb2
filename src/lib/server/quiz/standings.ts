import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { attempts, roundResults, rounds, units, users } from '../db/schema';

export interface UnitStanding {
	id: number;
	code: string;
	name: string;
	/** headcount of the unit and its active descendants */
	headcount: number;
	/** people with a counted entry, in the unit and its descendants */
	participants: number;
	/** finished attempts (all of them, not only the counted ones) */
	entries: number;
	/** mean correct answers of the counted entries; null without any */
	averageCorrect: number | null;
	childCount: number;
}

/**
 * Participation and results by unit for one round or (roundId null) every counting round of a contest, for the
 * children of `parentId` (null: the top level), each rolled up over its subtree: the same path-range join as the
 * unit tree's roll-up, over per-unit aggregates computed first.
 */
export async function unitStandings(
	db: Db,
	scope: { contestId: number; roundId: number | null },
	parentId: number | null
): Promise<UnitStanding[]> {
	const roundFilter =
		scope.roundId === null
			? sql`round_id in (select id from ${rounds} where contest_id = ${scope.contestId} and not practice)`
			: sql`round_id = ${scope.roundId}`;
	const rows = rowsOf<{
		id: number;
		code: string;
		name: string;
		headcount: string | number;
		participants: string | number;
		entries: string | number;
		correct_sum: string | number;
		counted: string | number;
		child_count: string | number;
	}>(
		await db.execute(sql`
			with counted as (
				select unit_id, count(distinct user_id) as participants, sum(correct_count) as correct_sum, count(*) as counted
				from ${roundResults} where ${roundFilter} group by unit_id
			), tried as (
				select unit_id, count(*) as entries from ${attempts}
				where ${roundFilter} and status = 'finished' group by unit_id
			)
			select c.id, c.code, c.name,
				coalesce(sum(d.headcount) filter (where d.active), 0) as headcount,
				coalesce(sum(p.participants), 0) as participants,
				coalesce(sum(t.entries), 0) as entries,
				coalesce(sum(p.correct_sum), 0) as correct_sum,
				coalesce(sum(p.counted), 0) as counted,
				count(*) filter (where d.parent_id = c.id) as child_count
			from ${units} c
			join ${units} d on d.path ~>=~ c.path and d.path ~<~ (c.path || '~')
			left join counted p on p.unit_id = d.id
			left join tried t on t.unit_id = d.id
			where c.active and ${parentId === null ? sql`c.parent_id is null` : sql`c.parent_id = ${parentId}`}
			group by c.id
			order by c.name`)
	);
	return rows.map((r) => ({
		id: r.id,
		code: r.code,
		name: r.name,
		headcount: Number(r.headcount),
		participants: Number(r.participants),
		entries: Number(r.entries),
		averageCorrect: Number(r.counted) > 0 ? Number(r.correct_sum) / Number(r.counted) : null,
		childCount: Number(r.child_count)
	}));
}

export interface OverallRow {
	rank: number;
	userId: number;
	fullName: string;
	unitName: string;
	rounds: number;
	correctCount: number;
	durationMs: number;
}

/**
 * The ranking across a contest's ranked rounds (frozen or published): total correct answers ↓, then total time ↑,
 * then the earliest last submission. Computed on the fly from the per-round results.
 */
export async function overallRanking(
	db: Db,
	contestId: number,
	options: { limit?: number; offset?: number } = {}
): Promise<OverallRow[]> {
	const rows = rowsOf<{
		rank: number;
		user_id: number;
		full_name: string;
		unit_name: string;
		rounds: number;
		correct: string | number;
		duration: string | number;
	}>(
		await db.execute(sql`
			with totals as (
				select rr.user_id, count(*)::int as rounds, sum(rr.correct_count) as correct, sum(rr.duration_ms) as duration,
					max(rr.finished_at) as last_finished
				from ${roundResults} rr join ${rounds} r on r.id = rr.round_id
				where r.contest_id = ${contestId} and not r.practice and r.results_state <> 'hidden'
				group by rr.user_id
			), ranked as (
				select *, rank() over (order by correct desc, duration asc, last_finished asc)::int as rank from totals
			)
			select ranked.rank, ranked.user_id, u.full_name, un.name as unit_name, ranked.rounds, ranked.correct, ranked.duration
			from ranked join ${users} u on u.id = ranked.user_id join ${units} un on un.id = u.unit_id
			order by ranked.rank, ranked.user_id
			limit ${options.limit ?? 50} offset ${options.offset ?? 0}`)
	);
	return rows.map((r) => ({
		rank: r.rank,
		userId: r.user_id,
		fullName: r.full_name,
		unitName: r.unit_name,
		rounds: r.rounds,
		correctCount: Number(r.correct),
		durationMs: Number(r.duration)
	}));
}
