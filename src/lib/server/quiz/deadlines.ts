/**
 * The two time rules the attempt engine checks in TypeScript before its SQL (which holds them again). Grading and
 * ranking live only in SQL (attempts.ts finishAttempt, counted-result.ts, results.ts rankRound; grading.spec.ts).
 */

/** The deadline of a new attempt: the time limit, cut short by the round's close. */
export function attemptDeadline(start: Date, timeLimitSeconds: number, roundClosesAt: Date): Date {
	return new Date(Math.min(start.getTime() + timeLimitSeconds * 1000, roundClosesAt.getTime()));
}

/** A save counts until the deadline plus the grace that absorbs network delay. */
export function acceptsSaveAt(now: Date, deadline: Date, graceSeconds: number): boolean {
	return now.getTime() <= deadline.getTime() + graceSeconds * 1000;
}
