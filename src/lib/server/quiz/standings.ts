import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { contestResults, roundResults, rounds, units, users } from '../db/schema';

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
	// one round has one row per person (primary key): count(*) lets PostgreSQL aggregate from the covering index
	// (round_id, unit_id, correct_count, entries) alone; over several rounds a person is counted once
	const people = scope.roundId === null ? sql`count(distinct user_id)` : sql`count(*)`;
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
				select unit_id, ${people} as participants, sum(correct_count) as correct_sum, count(*) as counted,
					sum(entries) as entries
				from ${roundResults} where ${roundFilter} group by unit_id
			)
			select c.id, c.code, c.name,
				coalesce(sum(d.headcount) filter (where d.active), 0) as headcount,
				coalesce(sum(p.participants), 0) as participants,
				coalesce(sum(p.entries), 0) as entries,
				coalesce(sum(p.correct_sum), 0) as correct_sum,
				coalesce(sum(p.counted), 0) as counted,
				count(*) filter (where d.parent_id = c.id) as child_count
			from ${units} c
			join ${units} d on d.path ~>=~ c.path and d.path ~<~ (c.path || '~')
			left join counted p on p.unit_id = d.id
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
 * One page of a contest's overall ranking (rebuilt whenever a round is ranked), after the keyset cursor
 * (rank, userId).
 */
export async function overallRanking(
	db: Db,
	contestId: number,
	options: { after?: { rank: number; userId: number }; limit?: number } = {}
): Promise<{ rows: OverallRow[]; next: { rank: number; userId: number } | null }> {
	const limit = options.limit ?? 50;
	const rows = await db
		.select({
			rank: contestResults.rank,
			userId: contestResults.userId,
			fullName: users.fullName,
			unitName: units.name,
			rounds: contestResults.rounds,
			correctCount: contestResults.correctCount,
			durationMs: contestResults.durationMs
		})
		.from(contestResults)
		.innerJoin(users, eq(users.id, contestResults.userId))
		.innerJoin(units, eq(units.id, users.unitId))
		.where(
			and(
				eq(contestResults.contestId, contestId),
				options.after
					? sql`(${contestResults.rank}, ${contestResults.userId}) > (${options.after.rank}, ${options.after.userId})`
					: undefined
			)
		)
		.orderBy(contestResults.rank, contestResults.userId)
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const last = page[page.length - 1];
	return { rows: page, next: rows.length > limit && last ? { rank: last.rank, userId: last.userId } : null };
}

/** The person's overall rank in the contest, if any of the ranked rounds counted them. */
export async function myOverall(db: Db, contestId: number, userId: number) {
	const [row] = await db
		.select({ rank: contestResults.rank, correctCount: contestResults.correctCount })
		.from(contestResults)
		.where(and(eq(contestResults.contestId, contestId), eq(contestResults.userId, userId)));
	return row;
}
