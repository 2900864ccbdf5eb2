/**
 * The deciding score: the one number that ranks a round's entries, advances them and suggests their awards.
 * finalRanking / awardsView / unitStandings (results.ts) and advancePreview / advanceRound (rounds-admin.ts) all
 * call `decideRound`; nothing else computes a deciding score.
 *
 * The contest chooses (essay_settings.deciding_score): `raw`, the settled raw score (the round's marking rule over
 * the judges' totals), or `normalized`, the same marking rule over each judge's z-normalized scores (scoring.ts
 * aggregateScores). Normalized decides only where every judge who scored in the round has at least
 * `normalize_min_scores` scores (and not all alike): otherwise the whole round falls back to raw and `basis.short`
 * names the judges, so the pages can say why. A round is never half normalized.
 *
 * The same settings row carries the other rules that decide results: awards from any round and the conflict level
 * (assignment.ts). They change together (`saveDecidingRules`), audited, and not once results are published (a
 * trigger refuses it too).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { essaySettings } from '../db/schema';
import { recordAudit } from '../audit';
import { fail, type Handle, type Result } from '../result';
import { entryResults, fullyScored, type EntryResult, type RoundResults } from './round-results';
import { rankEntries, settleScore } from './scoring';

export type DecidingScore = 'raw' | 'normalized';

export type DecidingRules = {
	decidingScore: DecidingScore;
	/** "enough entries" for a judge's scores to be normalized */
	normalizeMinScores: number;
	/** entries stopped at an earlier round may receive awards */
	awardsAnyRound: boolean;
	/** assignment.ts isConflict's level; null: the lineage rule */
	conflictDepth: number | null;
};

export const DEFAULT_RULES: DecidingRules = {
	decidingScore: 'raw',
	normalizeMinScores: 5,
	awardsAnyRound: false,
	conflictDepth: null
};

const rulesColumns = {
	decidingScore: essaySettings.decidingScore,
	normalizeMinScores: essaySettings.normalizeMinScores,
	awardsAnyRound: essaySettings.awardsAnyRound,
	conflictDepth: essaySettings.conflictDepth
};

export async function decidingRules(db: Handle, contestId: number): Promise<DecidingRules> {
	const [row] = await db
		.select(rulesColumns)
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId));
	return row ?? DEFAULT_RULES;
}

export type DecidingBasis = {
	requested: DecidingScore;
	used: DecidingScore;
	minScores: number;
	/** judges whose scores cannot be normalized (too few, or all alike): why `used` fell back to raw */
	short: { judgeId: number; name: string; count: number }[];
};

export type DecidedEntry = EntryResult & {
	/** the number that ranks: settled raw or settled normalized, per `basis.used`; null until scored */
	deciding: number | null;
	/** scored by every judge it needs (rounds-admin.ts fullyScored): only these are ranked */
	complete: boolean;
};

export type RankedDecided = DecidedEntry & { deciding: number; rank: number; tied: boolean };

export type RoundDecision = {
	results: RoundResults;
	basis: DecidingBasis;
	entries: DecidedEntry[];
	/** complete entries by deciding score; ties share a rank and are listed in code order */
	ranked: RankedDecided[];
	/** entries not complete yet: neither ranked nor advanced */
	unsettled: DecidedEntry[];
};

/** The round's entries with their deciding score, ranked. Null when the round does not exist. */
export async function decideRound(db: Handle, roundId: number): Promise<RoundDecision | null> {
	const results = await entryResults(db, roundId);
	if (!results) return null;
	const rules = await decidingRules(db, results.round.contestId);
	const short = results.judges
		.filter((j) => j.done > 0 && !j.normalizable)
		.map((j) => ({ judgeId: j.judgeId, name: j.name, count: j.done }));
	const anyScore = results.judges.some((j) => j.done > 0);
	const used: DecidingScore =
		rules.decidingScore === 'normalized' && short.length === 0 && anyScore ? 'normalized' : 'raw';
	const basis: DecidingBasis = {
		requested: rules.decidingScore,
		used,
		minScores: rules.normalizeMinScores,
		short: rules.decidingScore === 'normalized' ? short : []
	};
	const entries: DecidedEntry[] = results.entries.map((e) => {
		const deciding =
			used === 'raw'
				? e.settled
				: e.normalizedTotals && settleScore(e.normalizedTotals, results.round.settleRule);
		const complete = e.settled !== null && deciding !== null && fullyScored(e, results.round.judgesPerEntry);
		return { ...e, deciding: deciding ?? null, complete };
	});
	const complete = entries.filter((e) => e.complete);
	const byCode = new Map(complete.map((e) => [e.code, e]));
	const ranked = rankEntries(complete.map((e) => ({ entryId: e.code, score: e.deciding! }))).map((r) => ({
		...byCode.get(r.entryId)!,
		deciding: r.score,
		rank: r.rank,
		tied: r.tied
	}));
	return { results, basis, entries, ranked, unsettled: entries.filter((e) => !e.complete) };
}

export type RulesError = 'not_found' | 'results_published';

/** Changes the contest's deciding rules in one audited transaction; refused once results are published. */
export async function saveDecidingRules(
	db: Db,
	contestId: number,
	rules: DecidingRules,
	actorId: number | null,
	reason = ''
): Promise<Result<object, RulesError>> {
	return db.transaction(async (tx) => {
		const [row] = await tx
			.select({ ...rulesColumns, publishedAt: essaySettings.resultsPublishedAt })
			.from(essaySettings)
			.where(eq(essaySettings.contestId, contestId))
			.for('update');
		if (!row) return fail('not_found' as const);
		if (row.publishedAt) return fail('results_published' as const);
		const { publishedAt: _published, ...before } = row;
		void _published;
		const after: DecidingRules = {
			decidingScore: rules.decidingScore,
			normalizeMinScores: rules.normalizeMinScores,
			awardsAnyRound: rules.awardsAnyRound,
			conflictDepth: rules.conflictDepth
		};
		await tx.update(essaySettings).set(after).where(eq(essaySettings.contestId, contestId));
		await recordAudit(tx, {
			actorId,
			contestId,
			entity: 'essay_settings',
			entityId: contestId,
			action: 'settings.deciding_rules',
			reason,
			before,
			after
		});
		return { ok: true } as const;
	});
}
