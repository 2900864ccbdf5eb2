/**
 * Per-judge figures of a round and the flags an organizer sees: leniency (how far a judge sits above or below
 * their co-judges on the same entries), spread (SD of their scores), and distance from the settled score. Pure.
 */
import type { Rating } from './icc';

/** Thresholds, as shares of the round's scale (or of the round's SD), documented in docs/JUDGING.md. */
export const FLAG_THRESHOLDS = {
	/** a judge is "lenient"/"harsh" when their mean offset from co-judges reaches 10 % of the scale… */
	leniencyShare: 0.1,
	/** …over at least this many shared entries */
	minSharedEntries: 3,
	/** "far from the settled score" when their mean absolute gap reaches 15 % of the scale */
	settledGapShare: 0.15,
	/** "uses a narrow range" when their SD is under half the SD of every score in the round… */
	narrowSpreadRatio: 0.5,
	/** …over at least this many of their scores */
	minScoresForSpread: 5
} as const;

export type JudgeFlag =
	| { code: 'lenient' | 'harsh'; points: number; entries: number }
	| { code: 'far_from_settled'; points: number; entries: number }
	| { code: 'narrow_spread'; sd: number; roundSd: number; scores: number };

export type JudgeReliability = {
	judgeId: string;
	scores: number;
	mean: number;
	/** population SD of the judge's scores */
	sd: number;
	/** mean of (own score − mean of co-judges' scores) over entries shared with at least one co-judge */
	leniency: { offset: number; entries: number } | null;
	/** mean |own score − settled score| over the judge's entries that have a settled score */
	settledGap: { mean: number; entries: number } | null;
	flags: JudgeFlag[];
};

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const sd = (values: readonly number[]) => {
	const centre = mean(values);
	return Math.sqrt(values.reduce((s, v) => s + (v - centre) ** 2, 0) / values.length);
};

export function judgeReliability(
	ratings: readonly Rating[],
	settled: ReadonlyMap<string, number | null>,
	scale: number
): JudgeReliability[] {
	const byEntry = new Map<string, Rating[]>();
	for (const r of ratings) {
		const list = byEntry.get(r.entryId);
		if (list) list.push(r);
		else byEntry.set(r.entryId, [r]);
	}
	const byJudge = new Map<string, Rating[]>();
	for (const r of ratings) {
		const list = byJudge.get(r.judgeId);
		if (list) list.push(r);
		else byJudge.set(r.judgeId, [r]);
	}
	const roundSd = ratings.length > 1 ? sd(ratings.map((r) => r.value)) : 0;

	return [...byJudge].map(([judgeId, own]) => {
		const offsets: number[] = [];
		const gaps: number[] = [];
		for (const r of own) {
			const others = byEntry.get(r.entryId)!.filter((o) => o.judgeId !== judgeId);
			if (others.length > 0) offsets.push(r.value - mean(others.map((o) => o.value)));
			const settledScore = settled.get(r.entryId);
			if (settledScore !== null && settledScore !== undefined) gaps.push(Math.abs(r.value - settledScore));
		}
		const values = own.map((r) => r.value);
		const result: JudgeReliability = {
			judgeId,
			scores: own.length,
			mean: mean(values),
			sd: sd(values),
			leniency: offsets.length > 0 ? { offset: mean(offsets), entries: offsets.length } : null,
			settledGap: gaps.length > 0 ? { mean: mean(gaps), entries: gaps.length } : null,
			flags: []
		};
		result.flags = flagsOf(result, scale, roundSd);
		return result;
	});
}

function flagsOf(judge: JudgeReliability, scale: number, roundSd: number): JudgeFlag[] {
	const t = FLAG_THRESHOLDS;
	const flags: JudgeFlag[] = [];
	const { leniency, settledGap } = judge;
	if (
		leniency &&
		leniency.entries >= t.minSharedEntries &&
		Math.abs(leniency.offset) >= t.leniencyShare * scale
	)
		flags.push({
			code: leniency.offset > 0 ? 'lenient' : 'harsh',
			points: Math.abs(leniency.offset),
			entries: leniency.entries
		});
	if (settledGap && settledGap.entries >= t.minSharedEntries && settledGap.mean >= t.settledGapShare * scale)
		flags.push({ code: 'far_from_settled', points: settledGap.mean, entries: settledGap.entries });
	if (judge.scores >= t.minScoresForSpread && roundSd > 0 && judge.sd < t.narrowSpreadRatio * roundSd)
		flags.push({ code: 'narrow_spread', sd: judge.sd, roundSd, scores: judge.scores });
	return flags;
}
