import type { Round } from '../db/schema';

// What contests and rounds share: a round's state in time, the shortages and locked settings an answer can name,
// and the answer's shape itself.

export type RoundState = 'upcoming' | 'open' | 'closed';
export type ReviewPolicy = Round['reviewPolicy'];
export type ResultsState = Round['resultsState'];

/** Round windows are half-open: a round is open from `opensAt` up to, not including, `closesAt`. */
export function roundState(round: Pick<Round, 'opensAt' | 'closesAt'>, now: Date = new Date()): RoundState {
	if (now < round.opensAt) return 'upcoming';
	return now < round.closesAt ? 'open' : 'closed';
}

/** A topic of a round that has fewer drawable questions (active, current version) than the round draws. */
export interface Shortage {
	roundId?: number;
	roundName?: string;
	topicId: number;
	topicName: string;
	needed: number;
	available: number;
}

/** Settings a round keeps once somebody has made an attempt: changing them would change the contest under them. */
export type LockedField =
	| 'practice'
	| 'opensAt'
	| 'timeLimitSeconds'
	| 'attemptsAllowed'
	| 'shuffleQuestions'
	| 'shuffleOptions'
	| 'predictionEnabled'
	| 'graceSeconds'
	| 'topics';

export type Outcome<T, E extends string> =
	| { ok: true; value: T }
	| { ok: false; error: E; shortages?: Shortage[]; lockedFields?: LockedField[]; overlapWith?: string };

export const fail = <E extends string>(
	error: E,
	detail: { shortages?: Shortage[]; lockedFields?: LockedField[]; overlapWith?: string } = {}
) => ({ ok: false, error, ...detail }) as const;
