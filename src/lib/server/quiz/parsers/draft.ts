// A question as a parser collects it (raw pieces, marks, the answer as written), and the one place that turns it
// into a ParsedQuestion and its problems, whatever the format.
import { cleanText } from '../../../text';
import {
	type Difficulty,
	MAX_EXPLANATION,
	MAX_OPTION_TEXT,
	MAX_OPTIONS,
	MAX_TEXT,
	MAX_TOPIC_NAME,
	MIN_OPTIONS,
	type ParsedQuestion,
	type ParseProblem
} from './types';

export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export const letterOf = (index: number) => LETTERS[index] ?? String(index + 1);

/** Marks the place of a picture that cannot be kept (Unicode private use: never typed by anyone). */
export const IMAGE_MARK = '\uE000';

/**
 * Marks a picture that is kept: its key in the file's pictures (ParsedFile.pictures) and the description the file
 * gives it (Word's alt text, the "Mô tả ảnh" column), in private-use characters no one types.
 */
export function pictureMark(key: string, alt: string): string {
	const clean = (v: string) => v.replace(/[\uE000-\uE003]/g, '');
	return `\uE001${clean(key)}\uE003${clean(alt)}\uE002`;
}
const PICTURE_MARK = /\uE001([^\uE002\uE003]*)\uE003([^\uE002]*)\uE002/g;

function takePictures(raw: string): { text: string; pictures: { key: string; alt: string }[] } {
	const pictures = [...raw.matchAll(PICTURE_MARK)].map(([, key, alt]) => ({ key, alt: cleanText(alt) }));
	return { text: raw.replace(PICTURE_MARK, ' '), pictures };
}

/** A kept picture without a description gets a plain one: alt text is never empty (the organizer may improve it). */
const QUESTION_PICTURE_ALT = 'Ảnh minh hoạ của câu hỏi';
const OPTION_PICTURE_ALT = 'Ảnh minh hoạ';

export interface DraftOption {
	/** the letter as written ("A"), or null for an automatically numbered option (Word's list) */
	letter: string | null;
	text: string[];
	/** written "*C. …" */
	starred: boolean;
	/** the option's whole text is bold or underlined in Word */
	emphasized: boolean;
}

export interface Draft {
	number: number;
	line: number;
	text: string[];
	options: DraftOption[];
	/** the answer as written ("B", "A, C", "B. 1945"); null: no answer line or cell */
	answers: string[];
	explanation: string[];
	difficulty: string | null;
	topic: string | null;
}

export function newDraft(number: number, line: number, topic: string | null = null): Draft {
	return { number, line, text: [], options: [], answers: [], explanation: [], difficulty: null, topic };
}

/**
 * NFC, spaces collapsed inside each line, blank lines dropped: a question keeps the line breaks it was written
 * with (a verse, a quotation) but no stray whitespace. Mirrors `cleanLines` in $lib/schemas/bank (browser side).
 */
export function cleanBlock(value: string): string {
	return value
		.normalize('NFC')
		.split(/\r\n|\r|\n/)
		.map((line) => line.replace(/\s+/g, ' ').trim())
		.filter(Boolean)
		.join('\n');
}

/**
 * Two questions are the same when their text and their set of options read the same, ignoring case, spacing
 * and the order of the options. The stem alone is not enough: banks hold many "Phát biểu nào sau đây đúng?".
 */
export function questionKey(text: string, options: string[]): string {
	const norm = (v: string) => cleanText(v).toLocaleLowerCase('vi');
	return [norm(text), ...options.map(norm).sort()].join('\u0001');
}

/**
 * Letters from an answer as people write it: "B", "b", "B.", "(B)", "A, C", "A; C", "A và C", "A & C", "AC",
 * "B. 1945" (the letter, then the option's text). Null when no letter opens it.
 */
export function parseAnswerLetters(value: string): string[] | null {
	const text = cleanText(value).replace(/^[[(]\s*/, '');
	const compact = /^([A-Fa-f]{2,6})$/.exec(text);
	if (compact) return [...new Set(compact[1].toUpperCase().split(''))];
	const letters: string[] = [];
	const item = /^[[(]?\s*([A-Fa-f])\s*[\])]?(?![\p{L}\p{N}])/u;
	const separator = /^\s*(?:,|;|\/|&|\+|-|(?:và|and)(?!\p{L}))\s*/iu;
	let rest = text;
	for (;;) {
		const match = item.exec(rest);
		if (!match) break;
		letters.push(match[1].toUpperCase());
		rest = rest.slice(match[0].length);
		const sep = separator.exec(rest);
		if (!sep) break;
		rest = rest.slice(sep[0].length);
	}
	return letters.length > 0 ? [...new Set(letters)] : null;
}

const DIFFICULTY_WORDS: Record<string, Difficulty> = {
	'1': 1,
	de: 1,
	'nhan biet': 1,
	easy: 1,
	'2': 2,
	'trung binh': 2,
	tb: 2,
	'thong hieu': 2,
	medium: 2,
	'3': 3,
	kho: 3,
	'van dung': 3,
	'van dung cao': 3,
	hard: 3
};

/** "2", "Dễ", "Trung bình", "Khó", "Nhận biết", "Thông hiểu", "Vận dụng": null when none of these. */
export function parseDifficulty(value: string): Difficulty | null {
	const key = value
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
	return DIFFICULTY_WORDS[key] ?? null;
}

interface Finished {
	question: ParsedQuestion;
	problems: ParseProblem[];
}

/** Checks a draft the same way for every format and builds the question the preview shows and the import writes. */
export function finishDraft(draft: Draft): Finished {
	const problems: ParseProblem[] = [];
	const problem = (code: ParseProblem['code'], params?: ParseProblem['params']) =>
		problems.push({ number: draft.number, line: draft.line, code, ...(params ? { params } : {}) });

	const inText = takePictures(draft.text.join('\n'));
	const inOptions = draft.options.map((o) => takePictures(o.text.join(' ')));
	const rawText = inText.text;
	const rawOptions = inOptions.map((o) => o.text);
	const rawExplanation = takePictures(draft.explanation.join('\n'));
	if (
		[rawText, ...rawOptions, rawExplanation.text].some((t) => t.includes(IMAGE_MARK)) ||
		rawExplanation.pictures.length > 0
	)
		problem('has_image');
	if ([inText, ...inOptions].some((p) => p.pictures.length > 1)) problem('picture_many');
	const strip = (v: string) => v.replaceAll(IMAGE_MARK, ' ');
	const text = cleanBlock(strip(rawText));
	const options = rawOptions.map((o) => cleanText(strip(o)));
	const explanation = cleanBlock(strip(rawExplanation.text));
	const picture = inText.pictures[0]
		? { key: inText.pictures[0].key, alt: inText.pictures[0].alt || QUESTION_PICTURE_ALT }
		: undefined;
	const optionPictures = inOptions.map((o) =>
		o.pictures[0] ? { key: o.pictures[0].key, alt: o.pictures[0].alt || OPTION_PICTURE_ALT } : null
	);
	const topic = draft.topic ? cleanText(draft.topic) : '';

	if (text === '') problem('empty_text');
	if (options.length === 0) problem('no_options');
	else if (options.length < MIN_OPTIONS) problem('too_few_options');
	else if (options.length > MAX_OPTIONS)
		problem('too_many_options', { count: options.length, max: MAX_OPTIONS });

	const written = draft.options.map((o) => o.letter);
	if (written.every((l) => l !== null)) {
		const expected = written.map((_, i) => letterOf(i));
		if (written.some((l, i) => l!.toUpperCase() !== expected[i]))
			problem('option_letters', { letters: written.map((l) => l!.toUpperCase()).join(', ') });
	}
	draft.options.forEach((o, i) => {
		if (options[i] === '' && !optionPictures[i])
			problem('empty_option', { letter: o.letter?.toUpperCase() ?? letterOf(i) });
	});

	const correct = correctOptions(draft, options.length, problem);

	let difficulty: Difficulty | undefined;
	if (draft.difficulty !== null && cleanText(draft.difficulty) !== '') {
		const parsed = parseDifficulty(draft.difficulty);
		if (parsed === null) problem('difficulty_invalid', { value: cleanText(draft.difficulty).slice(0, 40) });
		else difficulty = parsed;
	}

	if (text.length > MAX_TEXT) problem('too_long', { field: 'text', max: MAX_TEXT });
	if (options.some((o) => o.length > MAX_OPTION_TEXT))
		problem('too_long', { field: 'option', max: MAX_OPTION_TEXT });
	if (explanation.length > MAX_EXPLANATION)
		problem('too_long', { field: 'explanation', max: MAX_EXPLANATION });
	if (topic.length > MAX_TOPIC_NAME) problem('too_long', { field: 'topic', max: MAX_TOPIC_NAME });

	const question: ParsedQuestion = {
		number: draft.number,
		line: draft.line,
		text,
		options,
		correct,
		...(explanation ? { explanation } : {}),
		...(topic ? { topic } : {}),
		...(difficulty ? { difficulty } : {}),
		...(picture ? { picture } : {}),
		...(optionPictures.some((p) => p !== null) ? { optionPictures } : {})
	};
	return { question, problems };
}

/**
 * The answer, from (in this order) an answer line, the "*" marks, or bold/underlined options. An answer line and
 * "*" marks that disagree are a problem: the organizer decides which one is right.
 */
function correctOptions(
	draft: Draft,
	optionCount: number,
	problem: (code: ParseProblem['code'], params?: ParseProblem['params']) => void
): number[] {
	// with no options there is nothing to point at: "no_options" says it all
	if (optionCount === 0) return [];
	const indexOf = (letter: string) => LETTERS.indexOf(letter as (typeof LETTERS)[number]);
	const starred = draft.options.flatMap((o, i) => (o.starred ? [i] : []));
	let fromLine: number[] | null = null;
	const written = draft.answers.map((a) => cleanText(a)).filter(Boolean);
	for (const answer of written) {
		const letters = parseAnswerLetters(answer);
		if (!letters) {
			problem('answer_unreadable', { value: answer.slice(0, 40) });
			return [];
		}
		const missing = letters.find((l) => indexOf(l) >= optionCount);
		if (missing) {
			problem('answer_not_option', { letter: missing, last: letterOf(Math.max(optionCount - 1, 0)) });
			return [];
		}
		const indexes = letters.map(indexOf).sort((a, b) => a - b);
		if (fromLine && fromLine.join() !== indexes.join()) {
			problem('answer_conflict');
			return [];
		}
		fromLine = indexes;
	}
	if (fromLine && starred.length > 0 && starred.join() !== fromLine.join()) {
		problem('answer_conflict');
		return [];
	}
	if (fromLine) return fromLine;
	if (starred.length > 0) return starred;
	const emphasized = draft.options.flatMap((o, i) => (o.emphasized ? [i] : []));
	// every option bold says nothing about the answer (a whole question typed in bold)
	if (emphasized.length > 0 && emphasized.length < optionCount) return emphasized;
	problem('no_answer');
	return [];
}

/** Flags the second and later copies of a question within one file. */
export function findDuplicates(questions: ParsedQuestion[]): ParseProblem[] {
	const first = new Map<string, number>();
	const problems: ParseProblem[] = [];
	for (const q of questions) {
		if (q.text === '') continue;
		const withKey = (text: string, picture: { key: string } | null | undefined) =>
			picture ? `${text} #${picture.key}` : text;
		const key = questionKey(
			withKey(q.text, q.picture),
			q.options.map((o, i) => withKey(o, q.optionPictures?.[i]))
		);
		const earlier = first.get(key);
		if (earlier === undefined) first.set(key, q.number);
		else
			problems.push({
				number: q.number,
				line: q.line,
				code: 'duplicate_in_file',
				params: { first: earlier }
			});
	}
	return problems;
}
