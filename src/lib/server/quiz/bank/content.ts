import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { cleanText, foldForSearch } from '../../../text';
import type { Db } from '../../db/client';
import { questionOptions, questions } from '../../db/schema';
import { cleanBlock, questionKey } from '../parsers/draft';
import { MAX_EXPLANATION, MAX_OPTION_TEXT, MAX_OPTIONS, MAX_TEXT, MIN_OPTIONS } from '../parsers/types';
import { MAX_PICTURE_ALT } from '../pictures/pictures';
import type { Result } from './common';

/** A picture stored by storePicture (pictures/), by its hash, with the text that stands for it (required). */
export interface PictureRef {
	sha256: string;
	alt: string;
}

// A question's content: the rules it must keep, its text folded for search, and the keys that find duplicates.

export interface QuestionInput {
	text: string;
	explanation?: string;
	/** 1 easy, 2 medium (default), 3 hard */
	difficulty?: number;
	picture?: PictureRef | null;
	/** an option may be a picture alone (its text empty) */
	options: { text: string; isCorrect: boolean; picture?: PictureRef | null }[];
}

export type InvalidQuestion =
	| 'empty_text'
	| 'too_few_options'
	| 'too_many_options'
	| 'empty_option'
	| 'no_correct'
	| 'difficulty'
	| 'too_long'
	| 'picture_alt';

export interface CleanQuestion {
	text: string;
	explanation: string;
	difficulty: number;
	multi: boolean;
	picture: PictureRef | null;
	options: { text: string; isCorrect: boolean; picture: PictureRef | null }[];
}

const cleanPicture = (picture: PictureRef | null | undefined): PictureRef | null =>
	picture ? { sha256: picture.sha256, alt: cleanText(picture.alt) } : null;

/** The text as duplicates are found: the same words with another picture are another question. */
export const keyText = (text: string, picture: PictureRef | null) =>
	picture ? `${text} #${picture.sha256}` : text;

/** NFC and tidy whitespace; the rules the database cannot hold alone (2–6 options, at least one correct). */
export function checkQuestion(input: QuestionInput): Result<CleanQuestion, InvalidQuestion> {
	const text = cleanBlock(input.text);
	const explanation = cleanBlock(input.explanation ?? '');
	const difficulty = input.difficulty ?? 2;
	const picture = cleanPicture(input.picture);
	const options = input.options.map((o) => ({
		text: cleanText(o.text),
		isCorrect: o.isCorrect,
		picture: cleanPicture(o.picture)
	}));
	const fail = (error: InvalidQuestion) => ({ ok: false, error }) as const;
	if (text === '') return fail('empty_text');
	if (options.length < MIN_OPTIONS) return fail('too_few_options');
	if (options.length > MAX_OPTIONS) return fail('too_many_options');
	if (options.some((o) => o.text === '' && !o.picture)) return fail('empty_option');
	const withPictures = [picture, ...options.map((o) => o.picture)].filter((p) => p !== null);
	if (withPictures.some((p) => p.alt === '')) return fail('picture_alt');
	if (withPictures.some((p) => p.alt.length > MAX_PICTURE_ALT)) return fail('too_long');
	const correct = options.filter((o) => o.isCorrect).length;
	if (correct === 0) return fail('no_correct');
	if (![1, 2, 3].includes(difficulty)) return fail('difficulty');
	if (
		text.length > MAX_TEXT ||
		explanation.length > MAX_EXPLANATION ||
		options.some((o) => o.text.length > MAX_OPTION_TEXT)
	)
		return fail('too_long');
	return { ok: true, value: { text, explanation, difficulty, multi: correct > 1, picture, options } };
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
			text: sql<string>`${questions.text} || coalesce(' #' || ${questions.pictureSha256}, '')`,
			options: sql<
				string[]
			>`array_agg(${questionOptions.text} || coalesce(' #' || ${questionOptions.pictureSha256}, '') order by ${questionOptions.position})`
		})
		.from(questions)
		.innerJoin(questionOptions, eq(questionOptions.questionId, questions.id))
		.where(and(...filters))
		.groupBy(questions.id);
	return rows.map((r) => ({ id: r.id, topicId: r.topicId, key: questionKey(r.text, r.options) }));
}
