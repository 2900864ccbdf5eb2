import type { ReviewPolicy } from './round-state';

// A round's settings as the organizer's form sends them, and the rules they must keep before any database work.

export interface RoundTopicInput {
	topicId: number;
	questionCount: number;
}

export interface RoundInput {
	name: string;
	practice: boolean;
	opensAt: Date;
	closesAt: Date;
	timeLimitSeconds: number;
	/** null: unlimited, for practice rounds only */
	attemptsAllowed: number | null;
	shuffleQuestions: boolean;
	shuffleOptions: boolean;
	predictionEnabled: boolean;
	reviewPolicy: ReviewPolicy;
	graceSeconds: number;
	/** an attempt with a right answer faster than this per question is flagged for review; 0: no check (default 3) */
	minSecondsPerQuestion?: number;
	topics: RoundTopicInput[];
}

export type RoundInputError =
	| 'invalid_name'
	| 'invalid_window'
	| 'invalid_time_limit'
	| 'invalid_attempts'
	| 'invalid_grace'
	| 'invalid_min_seconds'
	| 'prediction_in_practice'
	| 'no_topics'
	| 'duplicate_topic'
	| 'invalid_topic_count'
	| 'too_many_questions';

export type RoundError =
	| RoundInputError
	| 'not_found'
	| 'contest_not_found'
	| 'closes_in_past'
	| 'topic_not_found'
	| 'short_of_questions'
	| 'has_attempts'
	| 'close_moved_earlier'
	| 'finalized'
	| 'results_published'
	| 'round_closed'
	| 'practice_overlap';

/** The same limits the database's check constraints hold (schema/quiz.ts), checked first for a clear answer. */
export const ROUND_LIMITS = {
	nameLength: 100,
	timeLimitSeconds: { min: 30, max: 4 * 3600 },
	attemptsAllowed: { min: 1, max: 100 },
	graceSeconds: { min: 0, max: 600 },
	minSecondsPerQuestion: { min: 0, max: 60 },
	questionsPerTopic: { min: 1, max: 100 },
	questionsPerRound: { min: 1, max: 100 }
} as const;

const within = (value: number, range: { min: number; max: number }) =>
	Number.isInteger(value) && value >= range.min && value <= range.max;

/**
 * Rules that need no database. Ranked rounds must limit attempts (the best of unlimited tries would reward
 * guessing); practice rounds may, and never ask the prediction question, since they are never ranked.
 */
export function checkRoundInput(input: RoundInput): RoundInputError | null {
	const name = input.name.trim();
	if (name === '' || name.length > ROUND_LIMITS.nameLength) return 'invalid_name';
	if (!(input.closesAt.getTime() > input.opensAt.getTime())) return 'invalid_window';
	if (!within(input.timeLimitSeconds, ROUND_LIMITS.timeLimitSeconds)) return 'invalid_time_limit';
	if (
		input.attemptsAllowed === null
			? !input.practice
			: !within(input.attemptsAllowed, ROUND_LIMITS.attemptsAllowed)
	)
		return 'invalid_attempts';
	if (!within(input.graceSeconds, ROUND_LIMITS.graceSeconds)) return 'invalid_grace';
	if (
		input.minSecondsPerQuestion !== undefined &&
		!within(input.minSecondsPerQuestion, ROUND_LIMITS.minSecondsPerQuestion)
	)
		return 'invalid_min_seconds';
	if (input.practice && input.predictionEnabled) return 'prediction_in_practice';
	if (input.topics.length === 0) return 'no_topics';
	if (new Set(input.topics.map((t) => t.topicId)).size !== input.topics.length) return 'duplicate_topic';
	if (input.topics.some((t) => !within(t.questionCount, ROUND_LIMITS.questionsPerTopic)))
		return 'invalid_topic_count';
	const total = input.topics.reduce((sum, t) => sum + t.questionCount, 0);
	if (total > ROUND_LIMITS.questionsPerRound.max) return 'too_many_questions';
	return null;
}
