/**
 * What a participant's browser may receive about an attempt. Built field by field (never by spreading rows), so
 * no answer key can slip in: correctness appears only in `review`, and only when the round's policy allows it.
 */
/** A picture as a page shows it: its address (which never names the option's bank place or correctness). */
export interface PictureView {
	src: string;
	alt: string;
	width: number;
	height: number;
}

export interface AttemptView {
	id: number;
	status: 'in_progress' | 'finished';
	attemptNo: number;
	roundId: number;
	roundName: string;
	contestId: number;
	contestTitle: string;
	deadline: string;
	/** seconds after the deadline in which saves still count (network delay) */
	graceSeconds: number;
	/** the server's clock when the view was made, so the countdown does not trust the phone's clock */
	serverNow: string;
	predictionEnabled: boolean;
	prediction: number | null;
	questionCount: number;
	questions: {
		position: number;
		text: string;
		multi: boolean;
		options: string[];
		/** the question's picture, if it has one */
		picture?: PictureView;
		/** the options' pictures in the order shown (null: none); absent when no option has one */
		optionPictures?: (PictureView | null)[];
		/** indexes into `options` (the order shown) */
		chosen: number[];
		/** the answer is held back: a ranked round can still draw this question */
		heldBack?: true;
		/** present only when the review policy allows (and the question is not held back) */
		review?: { correct: boolean; correctChoices: number[]; explanation: string };
	}[];
	/** present once finished */
	result?: { correctCount: number; durationMs: number; finishedAt: string; endedBy: string | null };
	/** whether answers are shown now, will be after the round closes, or never */
	review: 'shown' | 'after_close' | 'never';
}
