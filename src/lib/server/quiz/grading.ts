/** Pure grading and ranking rules, shared by the database code and the tests. */

/** Right when exactly the correct options are chosen: all of them for a multi-answer question, and no other. */
export function isAnswerCorrect(selected: readonly number[] | null, correct: readonly number[]): boolean {
	if (!selected || selected.length === 0 || correct.length === 0) return false;
	const chosen = new Set(selected);
	if (chosen.size !== selected.length || chosen.size !== correct.length) return false;
	return correct.every((c) => chosen.has(c));
}

export interface RankedEntry {
	correctCount: number;
	/** |prediction − true number|; null (no prediction, or not known yet) ranks after any number */
	predictionDistance: number | null;
	durationMs: number;
	finishedAt: Date;
}

/**
 * The round's order: correct answers ↓, prediction distance ↑, time taken ↑, submission time ↑.
 * Negative when `a` ranks before `b`; 0 for a tie that survives all four.
 */
export function compareEntries(a: RankedEntry, b: RankedEntry): number {
	if (a.correctCount !== b.correctCount) return b.correctCount - a.correctCount;
	const da = a.predictionDistance ?? Number.POSITIVE_INFINITY;
	const db = b.predictionDistance ?? Number.POSITIVE_INFINITY;
	if (da !== db) return da < db ? -1 : 1;
	if (a.durationMs !== b.durationMs) return a.durationMs - b.durationMs;
	return a.finishedAt.getTime() - b.finishedAt.getTime();
}

/** Of two finished attempts of one person, the one that counts: most correct, then the earliest. */
export function isBetterAttempt(
	candidate: { correctCount: number; finishedAt: Date },
	current: { correctCount: number; finishedAt: Date }
): boolean {
	if (candidate.correctCount !== current.correctCount) return candidate.correctCount > current.correctCount;
	return candidate.finishedAt.getTime() < current.finishedAt.getTime();
}

/** Standard competition ranks (1, 2, 2, 4) of entries already sorted by compareEntries. */
export function competitionRanks(sorted: readonly RankedEntry[]): number[] {
	const ranks: number[] = [];
	sorted.forEach((entry, i) => {
		ranks.push(i > 0 && compareEntries(sorted[i - 1], entry) === 0 ? ranks[i - 1] : i + 1);
	});
	return ranks;
}

/** The deadline of a new attempt: the time limit, cut short by the round's close. */
export function attemptDeadline(start: Date, timeLimitSeconds: number, roundClosesAt: Date): Date {
	return new Date(Math.min(start.getTime() + timeLimitSeconds * 1000, roundClosesAt.getTime()));
}

/** A save counts until the deadline plus the grace that absorbs network delay. */
export function acceptsSaveAt(now: Date, deadline: Date, graceSeconds: number): boolean {
	return now.getTime() <= deadline.getTime() + graceSeconds * 1000;
}
