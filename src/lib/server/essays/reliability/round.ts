/**
 * A round's judge reliability for its organizer: agreement between judges (ICC(2,1) and Krippendorff's alpha),
 * overall and per rubric criterion, and each judge's leniency, spread and distance from the settled score. Only
 * submitted scores count; a draft can still change. Organizer-only: it names judges.
 */
import { and, asc, eq, isNull } from 'drizzle-orm';
import { assignments, entries, rubricCriteria, scores } from '../../db/schema';
import type { Handle } from '../../result';
import { entryResults, type RoundResults } from '../round-results';
import { roundAlpha, type AlphaResult } from './alpha';
import { roundIcc, type IccResult, type Rating } from './icc';
import { judgeReliability, type JudgeReliability } from './judges';

export type Agreement = { icc: IccResult; alpha: AlphaResult };

export type RoundReliability = {
	round: { id: number; name: string; scale: number };
	/** submitted scores behind the figures */
	scores: number;
	overall: Agreement;
	criteria: { id: number; name: string; maxPoints: number; agreement: Agreement }[];
	judges: (JudgeReliability & { id: number; name: string })[];
};

/**
 * Agreement is measured between the regular judges of an entry: the extra (third) judge is called only where they
 * disagreed, so counting them would measure the disputes twice. Per-judge figures use every submitted score.
 */
function agreementOf(ratings: readonly (Rating & { third: boolean })[]): Agreement {
	const regular = ratings.filter((r) => !r.third);
	return { icc: roundIcc(regular), alpha: roundAlpha(regular) };
}

/** `computed`: the round's results when the caller already has them (the scores export). */
export async function roundReliability(
	db: Handle,
	roundId: number,
	computed?: RoundResults | null
): Promise<RoundReliability | null> {
	const results = computed === undefined ? await entryResults(db, roundId) : computed;
	if (!results) return null;
	const [rows, criteria] = await Promise.all([
		db
			.select({
				entryId: assignments.entryId,
				judgeId: assignments.judgeId,
				source: assignments.source,
				points: scores.points,
				total: scores.total
			})
			.from(assignments)
			.innerJoin(entries, eq(entries.id, assignments.entryId))
			.innerJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(
				and(
					eq(assignments.roundId, roundId),
					eq(entries.status, 'submitted'),
					isNull(assignments.removedAt),
					eq(scores.status, 'submitted')
				)
			),
		db
			.select({ id: rubricCriteria.id, name: rubricCriteria.name, maxPoints: rubricCriteria.maxPoints })
			.from(rubricCriteria)
			.where(eq(rubricCriteria.roundId, roundId))
			.orderBy(asc(rubricCriteria.position))
	]);
	const base = rows.map((r) => ({
		entryId: String(r.entryId),
		judgeId: String(r.judgeId),
		third: r.source === 'third'
	}));
	const totals = rows.map((r, i) => ({ ...base[i], value: r.total }));
	const settled = new Map(results.entries.map((e) => [String(e.entryId), e.settled]));
	const names = new Map(results.judges.map((j) => [String(j.judgeId), j.name]));
	return {
		round: { id: results.round.id, name: results.round.name, scale: results.round.scale },
		scores: rows.length,
		overall: agreementOf(totals),
		criteria: criteria.map((c) => ({
			...c,
			agreement: agreementOf(
				rows.flatMap((r, i) => {
					const value = r.points[String(c.id)];
					return typeof value === 'number' ? [{ ...base[i], value }] : [];
				})
			)
		})),
		judges: judgeReliability(totals, settled, results.round.scale)
			.map((j) => ({ ...j, id: Number(j.judgeId), name: names.get(j.judgeId) ?? '' }))
			.sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.id - b.id)
	};
}
