/**
 * What an organizer downloads from an essay contest: every judge's score with its criterion points, the ranking of a
 * round, and the awards list. Judges appear as codes (J01, J02…) unless the organizer asks for names. Organizer-only:
 * these name authors.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { type Db, rowsOf } from '$lib/server/db/client';
import {
	awardTiers,
	entries,
	entryAwards,
	essayRounds,
	roundEntries,
	rubricCriteria,
	users
} from '$lib/server/db/schema';
import { decideRound, type DecidedEntry } from '$lib/server/essays/deciding';
import { entryResults, type EntryResult } from '$lib/server/essays/round-results';
import { finalRanking, finalRound, savedUnitAwards } from '$lib/server/essays/results';
import { roundReliability } from '$lib/server/essays/reliability/round';
import { round2 } from '$lib/server/essays/scoring';
import { flagText } from '$lib/components/judging/reliability/reliability-text';
import { type Column, keysetBatches, type TableExport } from './table-stream';
import { unitTrails } from './units';

export type JudgeLabels = 'codes' | 'names';

/**
 * J01, J02… per contest, in the order judges were added to it (their contest grant), then judges without a grant
 * any more who still have assignments, by their first assignment: a judge keeps their code from one export to the
 * next, whatever round is exported.
 */
export async function judgeCodes(db: Db, contestId: number): Promise<Map<number, string>> {
	const rows = rowsOf<{ judge_id: number }>(
		await db.execute(sql`
			select judge_id from (
				select g.user_id as judge_id, g.id as grant_id, null::int as first_assignment
				from role_grants g where g.role = 'judge' and g.contest_id = ${contestId}
				union all
				select a.judge_id, null, min(a.id)
				from assignments a join essay_rounds r on r.id = a.round_id
				where r.contest_id = ${contestId}
				group by a.judge_id
			) x
			group by judge_id
			order by min(grant_id) nulls last, min(first_assignment), judge_id`)
	);
	return new Map(rows.map((r, i) => [Number(r.judge_id), `J${String(i + 1).padStart(2, '0')}`]));
}

/** The contest's round with this id, or (roundId null) the final round: the last one holding entries. */
export async function exportRound(
	db: Db,
	contestId: number,
	roundId: number | null
): Promise<{ id: number; contestId: number; name: string } | null> {
	const id = roundId ?? (await finalRound(db, contestId))?.id;
	if (id === undefined) return null;
	const [round] = await db
		.select({ id: essayRounds.id, contestId: essayRounds.contestId, name: essayRounds.name })
		.from(essayRounds)
		.where(and(eq(essayRounds.id, id), eq(essayRounds.contestId, contestId)));
	return round ?? null;
}

type People = Map<number, { author: string; unitId: number }>;

async function authorsOf(db: Db, roundId: number): Promise<People> {
	const rows = await db
		.select({ entryId: entries.id, author: users.fullName, unitId: entries.authorUnitId })
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.innerJoin(users, eq(users.id, entries.authorId))
		.where(eq(roundEntries.roundId, roundId));
	return new Map(rows.map((r) => [r.entryId, { author: r.author, unitId: r.unitId }]));
}

/** Excel refuses these characters in a sheet's name. */
const sheetName = (name: string) => name.replace(/[[\]:*?/\\]/g, ' ').trim() || '-';

const yes = (value: boolean) => (value ? m.export_yes_mark() : '');

// ---------------------------------------------------------------------------------------------------------------
// Scores: one row per judge on an entry

interface ScoreRow {
	assignment_id: number;
	entry_id: number;
	code: string;
	title: string;
	judge_id: number;
	third: boolean;
	status: 'draft' | 'submitted' | null;
	points: Record<string, number> | string | null;
	total: number | string | null;
	comment: string | null;
	submitted_at: Date | string | null;
}

type ScoreKey = { code: string; third: boolean; assignment_id: number };

async function scoreBatch(db: Db, roundId: number, after: ScoreKey | undefined, size: number) {
	return rowsOf<ScoreRow>(
		await db.execute(sql`
			select a.id as assignment_id, e.id as entry_id, e.code, e.title, a.judge_id, a.source = 'third' as third,
				s.status, s.points, s.total, s.comment, s.submitted_at
			from assignments a
			join entries e on e.id = a.entry_id
			left join scores s on s.assignment_id = a.id
			where a.round_id = ${roundId} and e.status = 'submitted'
			${after ? sql`and (e.code, a.source = 'third', a.id) > (${after.code}, ${after.third}, ${after.assignment_id})` : sql``}
			order by e.code, a.source = 'third', a.id
			limit ${size}`)
	);
}

export async function essayScoresExport(
	db: Db,
	round: { id: number; contestId: number; name: string },
	judges: JudgeLabels
): Promise<TableExport<ScoreRow>> {
	const [results, criteria, codes, people, trails] = await Promise.all([
		entryResults(db, round.id),
		db
			.select({ id: rubricCriteria.id, name: rubricCriteria.name, maxPoints: rubricCriteria.maxPoints })
			.from(rubricCriteria)
			.where(eq(rubricCriteria.roundId, round.id))
			.orderBy(asc(rubricCriteria.position)),
		judgeCodes(db, round.contestId),
		authorsOf(db, round.id),
		unitTrails(db)
	]);
	const byEntry = new Map<number, EntryResult>((results?.entries ?? []).map((e) => [e.entryId, e]));
	const reliability = await roundReliability(db, round.id, results);
	const judgeFigures = new Map((reliability?.judges ?? []).map((j) => [j.id, j]));
	const names = new Map((results?.judges ?? []).map((j) => [j.judgeId, j.name]));
	const pointsOf = (r: ScoreRow): Record<string, number> =>
		typeof r.points === 'string' ? (JSON.parse(r.points) as Record<string, number>) : (r.points ?? {});
	const unitOf = (r: ScoreRow) => trails.get(people.get(r.entry_id)?.unitId ?? -1);
	const columns: Column<ScoreRow>[] = [
		{ header: m.export_col_entry_code(), value: (r) => r.code, width: 14 },
		{ header: m.export_col_entry_title(), value: (r) => r.title, width: 40 },
		{ header: m.export_col_author(), value: (r) => people.get(r.entry_id)?.author, width: 28 },
		{ header: m.export_col_unit(), value: (r) => unitOf(r)?.name, width: 30 },
		{ header: m.export_col_unit_path(), value: (r) => unitOf(r)?.trail, width: 50 },
		{
			header: m.export_col_judge(),
			value: (r) => (judges === 'names' ? names.get(r.judge_id) : codes.get(r.judge_id)),
			width: judges === 'names' ? 28 : 10
		},
		{ header: m.export_col_third_judge(), value: (r) => yes(r.third), width: 12 },
		{
			header: m.export_col_score_status(),
			value: (r) =>
				r.status === 'submitted'
					? m.export_status_submitted()
					: r.status === 'draft'
						? m.export_status_draft()
						: m.export_status_todo(),
			width: 14
		},
		...criteria.map((c): Column<ScoreRow> => ({
			header: m.export_col_criterion({ name: c.name, max: c.maxPoints }),
			value: (r) => (r.status ? pointsOf(r)[String(c.id)] : undefined),
			width: Math.max(10, Math.min(30, c.name.length + 12))
		})),
		{ header: m.export_col_total(), value: (r) => (r.total === null ? null : Number(r.total)), width: 10 },
		{ header: m.export_col_comment(), value: (r) => r.comment || null, width: 40 },
		{
			header: m.export_col_submitted_at(),
			value: (r) => (r.submitted_at ? new Date(r.submitted_at) : null),
			width: 20
		},
		{ header: m.export_col_settled(), value: (r) => byEntry.get(r.entry_id)?.settled, width: 12 },
		{ header: m.export_col_mean(), value: (r) => byEntry.get(r.entry_id)?.mean, width: 12 },
		{
			header: m.export_col_normalized_mean(),
			value: (r) => byEntry.get(r.entry_id)?.normalizedMean,
			width: 14
		},
		// the judge's figures from the round's reliability page, repeated on each of their rows
		{
			header: m.export_col_judge_leniency(),
			value: (r) => {
				const offset = judgeFigures.get(r.judge_id)?.leniency?.offset;
				return offset === undefined ? null : round2(offset);
			},
			width: 16
		},
		{
			header: m.export_col_judge_flags(),
			value: (r) => judgeFigures.get(r.judge_id)?.flags.map(flagText).join('; ') || null,
			width: 40
		}
	];
	return {
		sheetName: sheetName(round.name),
		columns,
		batches: keysetBatches<ScoreRow, ScoreKey>(
			(after, size) => scoreBatch(db, round.id, after, size),
			(row) => row
		)
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Ranking of a round: one row per entry

export interface RankingRow extends DecidedEntry {
	rank: number | null;
	tied: boolean;
	author: string;
	unitId: number;
	tier: string | null;
}

/**
 * A round's entries, ranked by their deciding score (deciding.ts, as the organizer's pages rank them) when fully
 * scored (ties share a rank, in code order), then the others unranked, in code order.
 */
export async function roundRanking(db: Db, roundId: number): Promise<RankingRow[]> {
	const decision = await decideRound(db, roundId);
	if (!decision) return [];
	const [people, awards] = await Promise.all([
		authorsOf(db, roundId),
		db
			.select({ entryId: entryAwards.entryId, tier: entryAwards.tier })
			.from(entryAwards)
			.where(eq(entryAwards.contestId, decision.results.round.contestId))
	]);
	const tierOf = new Map(awards.map((a) => [a.entryId, a.tier]));
	const row = (e: DecidedEntry, rank: number | null, tied: boolean): RankingRow => ({
		...e,
		rank,
		tied,
		author: people.get(e.entryId)?.author ?? '',
		unitId: people.get(e.entryId)?.unitId ?? -1,
		tier: tierOf.get(e.entryId) ?? null
	});
	return [
		...decision.ranked.map((e) => row(e, e.rank, e.tied)),
		...decision.unsettled.map((e) => row(e, null, false))
	];
}

export async function essayRankingExport(
	db: Db,
	round: { id: number; name: string }
): Promise<TableExport<RankingRow>> {
	const [rows, trails] = await Promise.all([roundRanking(db, round.id), unitTrails(db)]);
	async function* batches() {
		for (let i = 0; i < rows.length; i += 2000) yield rows.slice(i, i + 2000);
	}
	const columns: Column<RankingRow>[] = [
		{ header: m.export_col_rank(), value: (r) => r.rank, width: 8 },
		{ header: m.export_col_tied(), value: (r) => yes(r.tied), width: 10 },
		{ header: m.export_col_entry_code(), value: (r) => r.code, width: 14 },
		{ header: m.export_col_entry_title(), value: (r) => r.title, width: 40 },
		{ header: m.export_col_author(), value: (r) => r.author, width: 28 },
		{ header: m.export_col_unit(), value: (r) => trails.get(r.unitId)?.name, width: 30 },
		{ header: m.export_col_unit_path(), value: (r) => trails.get(r.unitId)?.trail, width: 50 },
		{ header: m.export_col_scores_done(), value: (r) => `${r.totals.length}/${r.assigned}`, width: 12 },
		{ header: m.export_col_settled(), value: (r) => r.settled, width: 12 },
		{ header: m.export_col_mean(), value: (r) => r.mean, width: 12 },
		{ header: m.export_col_median(), value: (r) => r.median, width: 12 },
		{ header: m.export_col_spread(), value: (r) => r.spread, width: 12 },
		{ header: m.export_col_normalized_mean(), value: (r) => r.normalizedMean, width: 14 },
		{ header: m.decide_col_deciding(), value: (r) => r.deciding, width: 14 },
		{ header: m.export_col_disagreement(), value: (r) => yes(r.disagreement), width: 14 },
		{ header: m.export_col_tier(), value: (r) => r.tier, width: 16 }
	];
	return { sheetName: sheetName(round.name), columns, batches: batches() };
}

// ---------------------------------------------------------------------------------------------------------------
// Awards list

export interface AwardListRow {
	kind: 'entry' | 'unit';
	tier: string;
	rank: number | null;
	author: string | null;
	unitId: number;
	code: string | null;
	title: string | null;
	score: number | null;
}

/**
 * Awarded entries by tier order, then rank (from the final round's ranking), then code; then the collective prizes
 * of units. Saved awards only: suggestions not yet saved are not a list of winners.
 */
export async function awardsList(db: Db, contestId: number): Promise<AwardListRow[]> {
	const [ranking, saved, tiers, unitPrizes] = await Promise.all([
		finalRanking(db, contestId),
		db
			.select({
				entryId: entries.id,
				tier: entryAwards.tier,
				code: entries.code,
				title: entries.title,
				author: users.fullName,
				unitId: entries.authorUnitId
			})
			.from(entryAwards)
			.innerJoin(entries, eq(entries.id, entryAwards.entryId))
			.innerJoin(users, eq(users.id, entries.authorId))
			.where(eq(entryAwards.contestId, contestId)),
		db
			.select({ name: awardTiers.name, position: awardTiers.position })
			.from(awardTiers)
			.where(eq(awardTiers.contestId, contestId)),
		savedUnitAwards(db, contestId)
	]);
	const ranked = new Map(ranking.ranked.map((r) => [r.entryId, r]));
	const tierOrder = new Map(tiers.map((t) => [t.name, t.position]));
	const entryRows: AwardListRow[] = saved
		.map((s) => ({
			kind: 'entry' as const,
			tier: s.tier,
			rank: ranked.get(s.entryId)?.rank ?? null,
			author: s.author,
			unitId: s.unitId,
			code: s.code,
			title: s.title,
			score: ranked.has(s.entryId) ? round2(ranked.get(s.entryId)!.deciding) : null
		}))
		.sort(
			(a, b) =>
				(tierOrder.get(a.tier) ?? 999) - (tierOrder.get(b.tier) ?? 999) ||
				(a.rank ?? Infinity) - (b.rank ?? Infinity) ||
				a.code.localeCompare(b.code)
		);
	const unitRows: AwardListRow[] = unitPrizes.map((u) => ({
		kind: 'unit',
		tier: u.title,
		rank: null,
		author: null,
		unitId: u.unitId,
		code: null,
		title: null,
		score: null
	}));
	return [...entryRows, ...unitRows];
}

export async function awardsExport(
	db: Db,
	contest: { id: number; title: string }
): Promise<TableExport<AwardListRow>> {
	const [rows, trails] = await Promise.all([awardsList(db, contest.id), unitTrails(db)]);
	async function* batches() {
		yield rows;
	}
	const columns: Column<AwardListRow>[] = [
		{
			header: m.export_col_award_kind(),
			value: (r) => (r.kind === 'entry' ? m.export_award_entry() : m.export_award_unit()),
			width: 16
		},
		{ header: m.export_col_tier(), value: (r) => r.tier, width: 24 },
		{ header: m.export_col_rank(), value: (r) => r.rank, width: 8 },
		{ header: m.export_col_author(), value: (r) => r.author, width: 28 },
		{ header: m.export_col_unit(), value: (r) => trails.get(r.unitId)?.name, width: 30 },
		{ header: m.export_col_unit_path(), value: (r) => trails.get(r.unitId)?.trail, width: 50 },
		{ header: m.export_col_entry_code(), value: (r) => r.code, width: 14 },
		{ header: m.export_col_entry_title(), value: (r) => r.title, width: 40 },
		{ header: m.export_col_score(), value: (r) => r.score, width: 10 }
	];
	return { sheetName: m.export_sheet_awards(), columns, batches: batches() };
}
