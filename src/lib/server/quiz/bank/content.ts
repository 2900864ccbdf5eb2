import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { cleanText, foldForSearch } from '../../../text';
import type { Db } from '../../db/client';
import { questionOptions, questions } from '../../db/schema';
import { cleanBlock, questionKey } from '../parsers/draft';
import { MAX_EXPLANATION, MAX_OPTION_TEXT, MAX_OPTIONS, MAX_TEXT, MIN_OPTIONS } from '../parsers/types';
import type { Result } from './common';

// A question's content: the rules it must keep, its text folded for search, and the keys that find duplicates.

export interface QuestionInput {
	text: string;
	explanation?: string;
	/** 1 easy, 2 medium (default), 3 hard */
	difficulty?: number;
	options: { text: string; isCorrect: boolean }[];
}

export type InvalidQuestion =
	| 'empty_text'
	| 'too_few_options'
	| 'too_many_options'
	| 'empty_option'
	| 'no_correct'
	| 'difficulty'
	| 'too_long';

export interface CleanQuestion {
	text: string;
	explanation: string;
	difficulty: number;
	multi: boolean;
	options: { text: string; isCorrect: boolean }[];
}

/** NFC and tidy whitespace; the rules the database cannot hold alone (2–6 options, at least one correct). */
export function checkQuestion(input: QuestionInput): Result<CleanQuestion, InvalidQuestion> {
	const text = cleanBlock(input.text);
	const explanation = cleanBlock(input.explanation ?? '');
	const difficulty = input.difficulty ?? 2;
	const options = input.options.map((o) => ({ text: cleanText(o.text), isCorrect: o.isCorrect }));
	const fail = (error: InvalidQuestion) => ({ ok: false, error }) as const;
	if (text === '') return fail('empty_text');
	if (options.length < MIN_OPTIONS) return fail('too_few_options');
	if (options.length > MAX_OPTIONS) return fail('too_many_options');
	if (options.some((o) => o.text === '')) return fail('empty_option');
	const correct = options.filter((o) => o.isCorrect).length;
	if (correct === 0) return fail('no_correct');
	if (![1, 2, 3].includes(difficulty)) return fail('difficulty');
	if (
		text.length > MAX_TEXT ||
		explanation.length > MAX_EXPLANATION ||
		options.some((o) => o.text.length > MAX_OPTION_TEXT)
	)
		return fail('too_long');
	return { ok: true, value: { text, explanation, difficulty, multi: correct > 1, options } };
}

/** Every Vietnamese letter with a diacritic, and its plain letter: translate() folds text in SQL like foldForSearch. */
const FOLD = (() => {
	let from = '';
	let to = '';
	for (let code = 0xc0; code <= 0x1ef9; code++) {
		const char = String.fromCodePoint(code);
		if (!/\p{L}/u.test(char)) continue;
		const plain = foldForSearch(char);
		if (plain.length === 1 && /[a-z]/.test(plain) && char.toLowerCase() !== plain) {
			from += char;
			to += char === char.toUpperCase() ? plain.toUpperCase() : plain;
		}
	}
	return { from, to };
})();

/** A question's text folded in SQL (no diacritics, lower case, single spaces), to match foldForSearch(query). */
export const foldedText = (column: typeof questions.text) =>
	sql`lower(translate(regexp_replace(${column}, '\\s+', ' ', 'g'), ${FOLD.from}, ${FOLD.to}))`;

/** The keys of the current questions of some topics (optionally only those whose text folds to `folded`). */
export async function existingKeys(db: Db, topicIds: number[], folded?: string) {
	if (topicIds.length === 0) return [];
	const filters: SQL[] = [inArray(questions.topicId, topicIds), isNull(questions.supersededAt)];
	if (folded !== undefined) filters.push(sql`${foldedText(questions.text)} = ${folded}`);
	const rows = await db
		.select({
			id: questions.id,
			topicId: questions.topicId,
			text: questions.text,
			options: sql<string[]>`array_agg(${questionOptions.text} order by ${questionOptions.position})`
		})
		.from(questions)
		.innerJoin(questionOptions, eq(questionOptions.questionId, questions.id))
		.where(and(...filters))
		.groupBy(questions.id);
	return rows.map((r) => ({ id: r.id, topicId: r.topicId, key: questionKey(r.text, r.options) }));
}
