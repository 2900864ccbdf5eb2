// What the import actions answer, shared by the server and the page (types only).
import type { ImportCounts } from '$lib/server/quiz/bank';
import type { QuestionFileFormat } from '$lib/server/quiz/parsers/types';
import type { ProblemView } from '../bank-messages';

export type { ImportCounts, ProblemView, QuestionFileFormat };

export interface PreviewQuestion {
	number: number;
	line: number;
	text: string;
	options: { text: string; isCorrect: boolean }[];
	explanation?: string;
	difficulty?: number;
	topic?: string;
	/** new: will be imported; existing: already in the bank, skipped; problem: see the problems, skipped */
	status: 'new' | 'existing' | 'problem';
}

export interface ImportPreview {
	fileName: string;
	format: QuestionFileFormat;
	/** posted back with the confirmation: the server imports only the file it previewed */
	digest: string;
	counts: ImportCounts;
	problems: ProblemView[];
	/** lines outside any question (a title, notes), the first few */
	ignored: { line: number; text: string }[];
	ignoredCount: number;
	questions: PreviewQuestion[];
}
