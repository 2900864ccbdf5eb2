import type { ResultsState, ReviewPolicy, RoundState } from './labels';

/** What the contest page shows of one round. */
export interface RoundCardData {
	id: number;
	contestId: number;
	position: number;
	name: string;
	practice: boolean;
	opensAt: Date;
	closesAt: Date;
	state: RoundState;
	timeLimitSeconds: number;
	attemptsAllowed: number | null;
	predictionEnabled: boolean;
	reviewPolicy: ReviewPolicy;
	resultsState: ResultsState;
	resultsAt: Date | null;
	questionCount: number;
	attemptCount: number;
	/** already worded: "Chủ đề X: có 12 câu, cần 20" */
	shortages: string[];
}

/** A bank topic a round can draw from, with how many of its questions can be drawn. */
export interface TopicChoice {
	id: number;
	name: string;
	drawable: number;
}
