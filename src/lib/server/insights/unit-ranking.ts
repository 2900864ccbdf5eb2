import { eq } from 'drizzle-orm';
import { DEFAULT_UNIT_RANKING, type RankingCriterion, unitRankingRule } from '$lib/schemas/unit-ranking';
import type { Db } from '../db/client';
import { contests } from '../db/schema';
import { type InsightScope, participationByUnit, type ParticipationRow } from './participation';

export type RankedUnit = Pick<
	ParticipationRow,
	'unitId' | 'code' | 'name' | 'headcount' | 'participants' | 'rate' | 'attempts' | 'meanScore' | 'childCount'
> & {
	/** 1-based, standard competition ranking: units equal on every criterion share it */
	rank: number;
	/** another unit has the same rank */
	tied: boolean;
};

/** A criterion's value, higher is better; null (no headcount: rate unknown; nobody scored: no average) sorts last. */
function valueOf(row: RankedUnit | ParticipationRow, criterion: RankingCriterion): number | null {
	switch (criterion) {
		case 'rate':
			return row.rate;
		case 'participants':
			return row.participants;
		case 'average':
			return row.meanScore;
		case 'attempts':
			return row.attempts;
	}
}

function compareBy(rule: readonly RankingCriterion[]) {
	return (a: ParticipationRow, b: ParticipationRow) => {
		for (const criterion of rule) {
			const x = valueOf(a, criterion);
			const y = valueOf(b, criterion);
			if (x === y) continue;
			if (x === null) return 1;
			if (y === null) return -1;
			// rates and averages are quotients: equal figures may differ in the last bits (2/4 vs 1/2 are exact, 1/3
			// vs 2/6 too, but sums of them are not), so compare at a precision no organizer can see
			if (Math.abs(x - y) > 1e-9) return y - x;
		}
		return 0;
	};
}

/**
 * Units ranked by the contest's rule: each criterion in turn, highest first, unknown values last. Units equal on
 * every criterion share a rank and are flagged tied (listed by name, Vietnamese order). The row of people attached to
 * the parent itself is not a unit competing for a prize and is left out.
 */
export function rankUnits(
	rows: readonly ParticipationRow[],
	rule: readonly RankingCriterion[]
): RankedUnit[] {
	const compare = compareBy(rule);
	const sorted = rows
		.filter((r) => !r.direct)
		.sort((a, b) => compare(a, b) || a.name.localeCompare(b.name, 'vi') || a.unitId - b.unitId);
	const ranked: RankedUnit[] = [];
	sorted.forEach((row, i) => {
		const same = i > 0 && compare(sorted[i - 1], row) === 0;
		const rank = same ? ranked[i - 1].rank : i + 1;
		if (same) ranked[i - 1].tied = true;
		ranked.push({
			unitId: row.unitId,
			code: row.code,
			name: row.name,
			headcount: row.headcount,
			participants: row.participants,
			rate: row.rate,
			attempts: row.attempts,
			meanScore: row.meanScore,
			childCount: row.childCount,
			rank,
			tied: same
		});
	});
	return ranked;
}

/** The contest's rule; a stored value that no longer parses (edited by hand) falls back to the default. */
export async function unitRankingRuleOf(db: Db, contestId: number): Promise<RankingCriterion[]> {
	const [row] = await db
		.select({ rule: contests.unitRanking })
		.from(contests)
		.where(eq(contests.id, contestId));
	const parsed = unitRankingRule.safeParse(row?.rule);
	return parsed.success ? parsed.data : [...DEFAULT_UNIT_RANKING];
}

export async function setUnitRankingRule(
	db: Db,
	contestId: number,
	rule: RankingCriterion[]
): Promise<{ ok: true } | { ok: false; error: 'invalid' | 'not_found' }> {
	const parsed = unitRankingRule.safeParse(rule);
	if (!parsed.success) return { ok: false, error: 'invalid' };
	const updated = await db
		.update(contests)
		.set({ unitRanking: parsed.data, updatedAt: new Date() })
		.where(eq(contests.id, contestId))
		.returning({ id: contests.id });
	return updated.length > 0 ? { ok: true } : { ok: false, error: 'not_found' };
}

/** The children of `parentId` (the eligible root for the prize level) ranked by the contest's rule. */
export async function unitRanking(
	db: Db,
	scope: InsightScope,
	parentId: number | null,
	rule?: RankingCriterion[]
): Promise<{ rule: RankingCriterion[]; units: RankedUnit[] }> {
	const [chosen, participation] = await Promise.all([
		rule ? Promise.resolve(rule) : unitRankingRuleOf(db, scope.contestId),
		participationByUnit(db, scope, parentId)
	]);
	return { rule: chosen, units: rankUnits(participation.rows, chosen) };
}
