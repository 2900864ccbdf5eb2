/**
 * A quiz round's public results page (no sign-in): winners and top units, once the organizer has published the
 * round's results (results_state 'published': closed, finalized and ranked). Before that — hidden, or frozen (a
 * snapshot for signed-in participants only) — nothing leaves the server. Winners carry a name, a unit and the
 * ranking figures: no phone, email, birth date or id.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { DEFAULT_UNIT_RANKING, type RankingCriterion, unitRankingRule } from '$lib/schemas/unit-ranking';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { contests, roundResults, rounds, roundTopics, units, users } from '../db/schema';
import { participationByUnit } from '../insights/participation';
import { rankUnits } from '../insights/unit-ranking';

/** winners: the ranks up to this one (ties at the edge included) */
export const PUBLIC_TOP = 10;
/** never more rows than this, however many share the last rank */
export const PUBLIC_MAX_ROWS = 100;
export const PUBLIC_TOP_UNITS = 10;

export interface PublicWinner {
	rank: number;
	fullName: string;
	unitName: string;
	correctCount: number;
	durationMs: number;
	predictionDistance: number | null;
}

export interface PublicUnit {
	rank: number;
	tied: boolean;
	name: string;
	participants: number;
	rate: number | null;
}

export interface PublicRoundResults {
	contest: { id: number; title: string };
	round: {
		id: number;
		name: string;
		publishedAt: Date;
		questions: number;
		predictionEnabled: boolean;
		predictionAnswer: number | null;
	};
	winners: PublicWinner[];
	/** more people share the last rank than the page lists */
	truncated: boolean;
	participants: number;
	rule: RankingCriterion[];
	units: PublicUnit[];
}

type Row = {
	round_id: number;
	round_name: string;
	results_at: string | Date | null;
	prediction_enabled: boolean;
	prediction_answer: number | null;
	contest_id: number;
	title: string;
	eligible_unit_id: number | null;
	unit_ranking: unknown;
	questions: string | number | null;
	winners:
		| {
				rank: number;
				name: string;
				unit: string;
				correct: number;
				duration: number;
				distance: number | null;
		  }[]
		| string;
};

/**
 * Null unless the round exists, counts (not practice), belongs to a published quiz contest and its results are
 * published. Three statements: the round with its winners (the rank index), then participation by unit at the level
 * below the eligible root (a path lookup and the roll-up), ranked by the contest's rule.
 */
export async function publicRoundResults(
	db: Db,
	roundId: number,
	top = PUBLIC_TOP
): Promise<PublicRoundResults | null> {
	const [row] = rowsOf<Row>(
		await db.execute(sql`
			select r.id as round_id, r.name as round_name, r.results_at, r.prediction_enabled, r.prediction_answer,
				c.id as contest_id, c.title, c.eligible_unit_id, c.unit_ranking,
				(select sum(question_count) from ${roundTopics} t where t.round_id = r.id) as questions,
				coalesce((
					select json_agg(json_build_object('rank', w.rank, 'name', w.full_name, 'unit', w.unit_name,
						'correct', w.correct_count, 'duration', w.duration_ms, 'distance', w.prediction_distance)
						order by w.rank, w.user_id)
					from (
						select rr.rank, rr.user_id, u.full_name, un.name as unit_name, rr.correct_count, rr.duration_ms,
							rr.prediction_distance
						from ${roundResults} rr
						join ${users} u on u.id = rr.user_id
						join ${units} un on un.id = rr.unit_id
						where rr.round_id = r.id and rr.rank is not null and rr.rank <= ${top}
						order by rr.rank, rr.user_id
						limit ${PUBLIC_MAX_ROWS + 1}
					) w), '[]') as winners
			from ${rounds} r join ${contests} c on c.id = r.contest_id
			where r.id = ${roundId} and not r.practice and r.results_state = 'published'
				and c.kind = 'quiz' and c.published`)
	);
	if (!row) return null;
	const winners =
		typeof row.winners === 'string'
			? (JSON.parse(row.winners) as Exclude<Row['winners'], string>)
			: row.winners;
	const parsedRule = unitRankingRule.safeParse(row.unit_ranking);
	const rule = parsedRule.success ? parsedRule.data : [...DEFAULT_UNIT_RANKING];
	const participation = await participationByUnit(
		db,
		{ contestId: row.contest_id, roundId: row.round_id },
		row.eligible_unit_id
	);
	return {
		contest: { id: row.contest_id, title: row.title },
		round: {
			id: row.round_id,
			name: row.round_name,
			publishedAt: new Date(row.results_at ?? 0),
			questions: Number(row.questions ?? 0),
			predictionEnabled: row.prediction_enabled,
			predictionAnswer: row.prediction_answer
		},
		winners: winners.slice(0, PUBLIC_MAX_ROWS).map((w) => ({
			rank: Number(w.rank),
			fullName: w.name,
			unitName: w.unit,
			correctCount: Number(w.correct),
			durationMs: Number(w.duration),
			predictionDistance: w.distance === null ? null : Number(w.distance)
		})),
		truncated: winners.length > PUBLIC_MAX_ROWS,
		participants: participation.totals.participants,
		rule,
		units: rankUnits(participation.rows, rule)
			.filter((u) => u.rank <= PUBLIC_TOP_UNITS)
			.map((u) => ({ rank: u.rank, tied: u.tied, name: u.name, participants: u.participants, rate: u.rate }))
	};
}

/** Quiz rounds whose results are published, newest first: the public list. */
export async function publishedRoundsList(db: Db, limit = 100) {
	return db
		.select({
			id: rounds.id,
			name: rounds.name,
			contestId: contests.id,
			contestTitle: contests.title,
			publishedAt: rounds.resultsAt
		})
		.from(rounds)
		.innerJoin(contests, eq(contests.id, rounds.contestId))
		.where(
			and(
				eq(rounds.resultsState, 'published'),
				eq(rounds.practice, false),
				eq(contests.kind, 'quiz'),
				eq(contests.published, true)
			)
		)
		.orderBy(desc(rounds.resultsAt), desc(rounds.id))
		.limit(limit);
}
