// Pure scoring rules for essay judging: rubric totals, settling disagreements, aggregates, ranking, cuts and
// award suggestions. No database here, so every rule can be tested by hand and reused by routes and jobs.

/** Totals are sums of half points, so anything closer than this is the same score drifted by float error. */
const EPSILON = 1e-9;

/** Display values are rounded once, here, so every page shows and ranks the same number. */
export function round2(value: number): number {
	return Math.round((value + Number.EPSILON) * 100) / 100;
}

function sameScore(a: number, b: number): boolean {
	return Math.abs(a - b) < EPSILON;
}

function isHalfStep(value: number): boolean {
	return Math.abs(value * 2 - Math.round(value * 2)) < EPSILON;
}

function mean(values: readonly number[]): number {
	return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Population SD: a judge's scores in a round are the whole population we normalize, not a sample of it. */
function standardDeviation(values: readonly number[], centre = mean(values)): number {
	return Math.sqrt(values.reduce((sum, v) => sum + (v - centre) ** 2, 0) / values.length);
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// ---------------------------------------------------------------------------------------------------------------
// Rubrics

export type Criterion = { id: string; maxPoints: number };

export type RubricErrorCode =
	'missing' | 'unknown_criterion' | 'not_a_number' | 'below_zero' | 'above_max' | 'not_half_step';

export type RubricTotal =
	{ ok: true; total: number } | { ok: false; errors: { criterionId: string; code: RubricErrorCode }[] };

/** A judge's submission is refused as a whole, with codes the form maps to Vietnamese messages per criterion. */
export function rubricTotal(
	criteria: readonly Criterion[],
	points: Readonly<Record<string, number>>
): RubricTotal {
	const errors: { criterionId: string; code: RubricErrorCode }[] = [];
	const known = new Set(criteria.map((c) => c.id));
	for (const id of Object.keys(points)) {
		if (!known.has(id)) errors.push({ criterionId: id, code: 'unknown_criterion' });
	}
	let total = 0;
	for (const { id, maxPoints } of criteria) {
		const value = Object.hasOwn(points, id) ? points[id] : undefined;
		if (value === undefined) errors.push({ criterionId: id, code: 'missing' });
		else if (typeof value !== 'number' || !Number.isFinite(value))
			errors.push({ criterionId: id, code: 'not_a_number' });
		else if (value < 0) errors.push({ criterionId: id, code: 'below_zero' });
		else if (value > maxPoints + EPSILON) errors.push({ criterionId: id, code: 'above_max' });
		else if (!isHalfStep(value)) errors.push({ criterionId: id, code: 'not_half_step' });
		else total += value;
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, total: round2(total) };
}

export type RubricCheckCode =
	'no_criteria' | 'duplicate_id' | 'max_not_positive' | 'max_not_half_step' | 'sum_not_scale';

export type RubricCheck =
	{ ok: true } | { ok: false; errors: { criterionId: string | null; code: RubricCheckCode }[] };

/** Totals are compared across judges and with the threshold on the round's scale, so the maxima must add up to it. */
export function checkRubric(criteria: readonly Criterion[], scale: number): RubricCheck {
	const errors: { criterionId: string | null; code: RubricCheckCode }[] = [];
	if (criteria.length === 0) errors.push({ criterionId: null, code: 'no_criteria' });
	const seen = new Set<string>();
	for (const { id, maxPoints } of criteria) {
		if (seen.has(id)) errors.push({ criterionId: id, code: 'duplicate_id' });
		seen.add(id);
		if (!Number.isFinite(maxPoints) || maxPoints <= 0)
			errors.push({ criterionId: id, code: 'max_not_positive' });
		else if (!isHalfStep(maxPoints)) errors.push({ criterionId: id, code: 'max_not_half_step' });
	}
	const sum = criteria.reduce((s, c) => s + c.maxPoints, 0);
	if (criteria.length > 0 && !sameScore(sum, scale))
		errors.push({ criterionId: null, code: 'sum_not_scale' });
	return errors.length > 0 ? { ok: false, errors } : { ok: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Disagreement and settling

/**
 * The rule is "differ by 20 or more", so a gap exactly at the threshold calls the extra judge. The gap is the spread
 * (max − min) of every regular judge's total, so it holds for any number of judges per entry; the caller asks only
 * once all regular judges have scored.
 */
export function needsThirdJudge(totals: readonly number[], threshold: number): boolean {
	if (totals.length < 2) return false;
	return Math.max(...totals) - Math.min(...totals) >= threshold - EPSILON;
}

export type SettleRule = 'mean' | 'third_settles' | 'closest_two';

/**
 * The organizer picks one of the three Vietnamese marking rules per round. `totals` are in marking order (the extra
 * judge last). `extra` says whether the last total is the extra (third) judge's; by default it is when there are three
 * or more totals (two regular judges). With `third_settles` the extra judge decides, and without one the regular
 * judges are averaged, whatever their number. `closest_two` breaks a tie between equally close pairs in favour of
 * the higher pair: the doubt goes to the author. Null when nobody has scored yet.
 */
export function settleScore(
	totals: readonly number[],
	rule: SettleRule,
	options: { extra?: boolean } = {}
): number | null {
	if (totals.length === 0) return null;
	if (totals.length === 1) return round2(totals[0]);
	if (rule === 'mean') return round2(mean(totals));
	if (rule === 'third_settles')
		return round2((options.extra ?? totals.length >= 3) ? totals[totals.length - 1] : mean(totals));
	let best: { gap: number; mean: number } | null = null;
	for (let i = 0; i < totals.length; i++) {
		for (let j = i + 1; j < totals.length; j++) {
			const gap = Math.abs(totals[i] - totals[j]);
			const pairMean = (totals[i] + totals[j]) / 2;
			const closer = best === null || gap < best.gap - EPSILON;
			const tiedButHigher = best !== null && sameScore(gap, best.gap) && pairMean > best.mean;
			if (closer || tiedButHigher) best = { gap, mean: pairMean };
		}
	}
	return round2(best!.mean);
}

// ---------------------------------------------------------------------------------------------------------------
// Aggregates and per-judge normalization

export type JudgeScore = { entryId: string; judgeId: string; total: number };

export type EntryAggregate = {
	count: number;
	mean: number;
	median: number;
	spread: number;
	/** Null when any of the entry's judges cannot be normalized: a half-normalized mean would mislead. */
	normalizedMean: number | null;
	/** each score normalized, in input (marking) order, full precision; null as normalizedMean */
	normalizedTotals: number[] | null;
};

export type JudgeStats = {
	count: number;
	mean: number;
	sd: number;
	/** The judge's mean minus the pool mean: positive for a lenient judge, negative for a severe one. */
	meanVsPool: number;
	normalizable: boolean;
};

export type Aggregates = {
	pool: { count: number; mean: number; sd: number };
	entries: Map<string, EntryAggregate>;
	judges: Map<string, JudgeStats>;
};

/**
 * Shows raw and judge-normalized aggregates side by side, so a severe or lenient judge is visible rather than
 * silently deciding who advances. For judge j with mean m_j and SD s_j over the round, and the pool (all scores of
 * the round) with mean M and SD S, a score x becomes  M + S · (x − m_j) / s_j , clamped to [0, scale]; the entry's
 * normalized mean averages these. A judge with fewer than `minScores` scores, or SD 0, is not normalizable.
 * SDs are population SDs. Displayed values are rounded to 2 decimals; computation uses full precision.
 */
export function aggregateScores(
	scores: readonly JudgeScore[],
	options: { scale: number; minScores?: number }
): Aggregates {
	const minScores = options.minScores ?? 5;
	const byJudge = new Map<string, number[]>();
	const byEntry = new Map<string, JudgeScore[]>();
	const seen = new Set<string>();
	for (const score of scores) {
		const key = JSON.stringify([score.entryId, score.judgeId]);
		if (seen.has(key)) throw new Error(`duplicate score for entry ${score.entryId} by ${score.judgeId}`);
		seen.add(key);
		byJudge.set(score.judgeId, [...(byJudge.get(score.judgeId) ?? []), score.total]);
		byEntry.set(score.entryId, [...(byEntry.get(score.entryId) ?? []), score]);
	}
	const all = scores.map((s) => s.total);
	const poolMean = all.length > 0 ? mean(all) : 0;
	const poolSd = all.length > 0 ? standardDeviation(all, poolMean) : 0;

	const raw = new Map<string, { mean: number; sd: number; normalizable: boolean }>();
	const judges = new Map<string, JudgeStats>();
	for (const [judgeId, totals] of byJudge) {
		const judgeMean = mean(totals);
		const sd = standardDeviation(totals, judgeMean);
		const normalizable = totals.length >= minScores && sd > EPSILON;
		raw.set(judgeId, { mean: judgeMean, sd, normalizable });
		judges.set(judgeId, {
			count: totals.length,
			mean: round2(judgeMean),
			sd: round2(sd),
			meanVsPool: round2(judgeMean - poolMean),
			normalizable
		});
	}

	const entries = new Map<string, EntryAggregate>();
	for (const [entryId, entryScores] of byEntry) {
		const totals = entryScores.map((s) => s.total);
		const normalized: number[] = [];
		for (const { judgeId, total } of entryScores) {
			const judge = raw.get(judgeId)!;
			if (!judge.normalizable) break;
			const rescaled = poolMean + (poolSd * (total - judge.mean)) / judge.sd;
			normalized.push(Math.min(options.scale, Math.max(0, rescaled)));
		}
		entries.set(entryId, {
			count: totals.length,
			mean: round2(mean(totals)),
			median: round2(median(totals)),
			spread: round2(Math.max(...totals) - Math.min(...totals)),
			normalizedMean: normalized.length === totals.length ? round2(mean(normalized)) : null,
			normalizedTotals: normalized.length === totals.length ? normalized : null
		});
	}
	return { pool: { count: all.length, mean: round2(poolMean), sd: round2(poolSd) }, entries, judges };
}

// ---------------------------------------------------------------------------------------------------------------
// Ranking, advancing, awards

export type RankedEntry = { entryId: string; score: number; rank: number; tied: boolean };

/** Standard competition ranking (1, 2, 2, 4): tied entries share a rank and the places they take stay used. */
export function rankEntries(scores: readonly { entryId: string; score: number }[]): RankedEntry[] {
	const sorted = [...scores].sort(
		(a, b) => (sameScore(a.score, b.score) ? 0 : b.score - a.score) || a.entryId.localeCompare(b.entryId)
	);
	const ranked: RankedEntry[] = [];
	sorted.forEach(({ entryId, score }, index) => {
		const previous = ranked[index - 1];
		const tiedWithPrevious = previous !== undefined && sameScore(previous.score, score);
		if (tiedWithPrevious) previous.tied = true;
		ranked.push({
			entryId,
			score,
			rank: tiedWithPrevious ? previous.rank : index + 1,
			tied: tiedWithPrevious
		});
	});
	return ranked;
}

export type AdvanceRule = { rule: 'top_k'; k: number } | { rule: 'min_score'; min: number };

/**
 * The organizer decides ties, the code does not: entries tied across the k-th place are neither advanced nor
 * dropped but returned in `cut`. A minimum score cannot split a tie (tied entries have the same score), so `cut`
 * is always empty for `min_score`. Expects the output of rankEntries.
 */
export function advance(
	ranked: readonly RankedEntry[],
	rule: AdvanceRule
): { advanced: string[]; cut: string[] } {
	if (rule.rule === 'min_score') {
		return {
			advanced: ranked.filter((e) => e.score >= rule.min - EPSILON).map((e) => e.entryId),
			cut: []
		};
	}
	const advanced: string[] = [];
	const cut: string[] = [];
	for (const group of tieGroups(ranked)) {
		const first = group.start + 1;
		const last = group.start + group.members.length;
		const ids = group.members.map((e) => e.entryId);
		if (last <= rule.k) advanced.push(...ids);
		else if (first <= rule.k) cut.push(...ids);
	}
	return { advanced, cut };
}

function tieGroups(ranked: readonly RankedEntry[]): { start: number; members: RankedEntry[] }[] {
	const groups: { start: number; members: RankedEntry[] }[] = [];
	ranked.forEach((entry, index) => {
		const current = groups.at(-1);
		if (current && current.members[0].rank === entry.rank) current.members.push(entry);
		else groups.push({ start: index, members: [entry] });
	});
	return groups;
}

export type AwardTier = { name: string; count: number };
export type AwardSuggestion = { entryId: string; tier: string | null; boundaryTie: boolean };

/**
 * Suggests tiers from the fixed counts by position. Entries tied across a tier boundary all get the higher tier
 * (their shared rank's) and are flagged, so the organizer sees that a tier is over its count instead of a tie
 * split by chance. Expects the output of rankEntries.
 */
export function suggestAwards(
	ranked: readonly RankedEntry[],
	tiers: readonly AwardTier[]
): AwardSuggestion[] {
	const tierAt = (position: number): string | null => {
		let end = 0;
		for (const tier of tiers) {
			end += tier.count;
			if (position <= end) return tier.name;
		}
		return null;
	};
	return tieGroups(ranked).flatMap((group) => {
		const tier = tierAt(group.start + 1);
		const boundaryTie = tierAt(group.start + group.members.length) !== tier;
		return group.members.map((e) => ({ entryId: e.entryId, tier, boundaryTie }));
	});
}
