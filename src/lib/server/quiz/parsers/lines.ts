// Questions written as lines of text, from a Word file or a .txt: the "Câu 1: …" layout Vietnamese organizers use,
// or Moodle's Aiken format.
import { type Draft, type DraftOption, LETTERS, newDraft } from './draft';
import type { IgnoredLine } from './types';

/** One paragraph (or soft line) of the file. `emphasis[i]`: the i-th character is bold or underlined. */
export interface SourceLine {
	text: string;
	line: number;
	emphasis?: boolean[];
	/** an item of an automatically numbered Word list (its "A." is not in the text) */
	listItem?: boolean;
}

export interface LinesParse {
	drafts: Draft[];
	ignored: IgnoredLine[];
}

/** "Câu 12: …", "Câu 12.", "Câu 12 -", "CÂU 12)", "Câu hỏi 12:", "Câu 12 (0,5 điểm): …" */
export const QUESTION_RE =
	/^\s*(?:câu|cau)(?:\s+hỏi)?\s*(\d{1,5})\s*(?:\([^)]*\))?\s*(?:[:.\-–—)]|(?=\s)|$)\s*(.*)$/iu;
/** "Đáp án: B", "Đáp án đúng: A, C", "Đáp án đúng là: B", "ĐA: B", "Answer: B", "Trả lời: B" */
const ANSWER_RE = /^\s*(?:đáp\s*án(?:\s*đúng)?(?:\s*là)?|đa|answer|trả\s*lời)\s*[:=.\-–]\s*(.*)$/iu;
/** "Đáp án B", "Đáp án đúng là C": no colon, but a letter right after */
const ANSWER_BARE_RE = /^\s*đáp\s*án(?:\s*đúng)?(?:\s*là)?\s+([[(]?[A-Fa-f](?![\p{L}\p{N}]).*)$/iu;
const EXPLANATION_RE =
	/^\s*(?:giải\s*thích|lời\s*giải|hướng\s*dẫn(?:\s*giải)?)(?:\s*đáp\s*án)?\s*[:.\-–]\s*(.*)$/iu;
const DIFFICULTY_RE = /^\s*(?:mức\s*độ|độ\s*khó)\s*[:.\-–]\s*(.*)$/iu;
/** "Chủ đề: Quy tắc ứng xử", "Chủ đề 2: …", "Chuyên đề: …": the topic of the questions that follow */
const TOPIC_RE = /^\s*(?:chủ\s*đề|chuyên\s*đề)(?:\s*\d+)?\s*[:.\-–]\s*(.+)$/iu;
/** an option at the start of a line: "A. …", "A) …", "a. …", "*C. …" (G, H: read to report "too many") */
const OPTION_START_RE = /^\s*(\*?)\s*([A-Ha-h])\s*[.)]\s*/u;
/** a further option on the same line, after some space: "A. Đúng   B. Sai" */
const OPTION_MID_RE = /\s(\*?)([A-Ha-h])[.)]/gu;
const AIKEN_ANSWER_RE = /^\s*(?:answer|đáp\s*án)\s*:\s*(.*)$/iu;

const MAX_IGNORED = 100;

/** Every letter and digit in [from, to) is bold or underlined (and there is at least one). */
function emphasized(line: SourceLine, from: number, to: number): boolean {
	if (!line.emphasis) return false;
	let any = false;
	for (let i = from; i < to; i++) {
		if (!/[\p{L}\p{N}]/u.test(line.text[i])) continue;
		if (!line.emphasis[i]) return false;
		any = true;
	}
	return any;
}

/**
 * The options a line holds, or null when it does not start with one. Further options on the same line are
 * split off only at the next letter in sequence (after A comes B), so "A. Vitamin C. …" stays whole.
 */
export function splitOptions(line: SourceLine): DraftOption[] | null {
	const start = OPTION_START_RE.exec(line.text);
	if (!start) return null;
	const first = start[2];
	const upper = first === first.toUpperCase();
	const markers = [{ at: 0, end: start[0].length, starred: start[1] === '*', letter: first }];
	let expected = LETTERS.indexOf(first.toUpperCase() as (typeof LETTERS)[number]) + 1;
	OPTION_MID_RE.lastIndex = start[0].length;
	for (let match = OPTION_MID_RE.exec(line.text); match; match = OPTION_MID_RE.exec(line.text)) {
		const letter = match[2];
		if (letter.toUpperCase() !== LETTERS[expected] || (letter === letter.toUpperCase()) !== upper) {
			// "Vitamin C. B. …": the space after the wrong letter may open the right one
			OPTION_MID_RE.lastIndex = match.index + 1;
			continue;
		}
		let end = match.index + match[0].length;
		while (end < line.text.length && /\s/.test(line.text[end])) end += 1;
		markers.push({ at: match.index + 1, end, starred: match[1] === '*', letter });
		expected += 1;
	}
	return markers.map((marker, i) => {
		const to = markers[i + 1]?.at ?? line.text.length;
		return {
			letter: marker.letter,
			text: [line.text.slice(marker.end, to)],
			starred: marker.starred,
			emphasized: emphasized(line, marker.end, to)
		};
	});
}

const ignore = (ignored: IgnoredLine[], line: SourceLine) => {
	if (ignored.length < MAX_IGNORED) ignored.push({ line: line.line, text: line.text.trim().slice(0, 200) });
};

/** Whether the lines use the "Câu 1: …" layout (else they are read as Aiken). */
export function isNumbered(lines: SourceLine[]): boolean {
	return lines.some((l) => QUESTION_RE.test(l.text));
}

/**
 * The "Câu 1: …" layout: a question line, more lines of question text, options ("A. …", several on a line, or
 * Word's automatic A. B. C. list), and the answer by an "Đáp án: B" line, a leading "*", or bold/underline.
 * Lines before the first question (a title) are ignored and listed.
 */
export function parseNumbered(lines: SourceLine[]): LinesParse {
	const drafts: Draft[] = [];
	const ignored: IgnoredLine[] = [];
	let current: Draft | null = null;
	let mode: 'text' | 'options' | 'answer' | 'explanation' = 'text';
	let topic: string | null = null;

	for (const line of lines) {
		const text = line.text.trim();
		if (text === '') continue;
		let match: RegExpExecArray | null;
		if ((match = TOPIC_RE.exec(text))) {
			current = null;
			topic = match[1];
			continue;
		}
		if ((match = QUESTION_RE.exec(text))) {
			current = newDraft(Number(match[1]), line.line, topic);
			if (match[2]) current.text.push(match[2]);
			drafts.push(current);
			mode = 'text';
			continue;
		}
		if (!current) {
			ignore(ignored, line);
			continue;
		}
		if ((match = ANSWER_RE.exec(text) ?? ANSWER_BARE_RE.exec(text))) {
			current.answers.push(match[1]);
			mode = 'answer';
			continue;
		}
		if ((match = EXPLANATION_RE.exec(text))) {
			if (match[1]) current.explanation.push(match[1]);
			mode = 'explanation';
			continue;
		}
		if ((match = DIFFICULTY_RE.exec(text))) {
			current.difficulty = match[1];
			continue;
		}
		const options = mode === 'explanation' ? null : splitOptions(line);
		if (options) {
			// items of a numbered list were statements of the question, not its options, after all
			if (current.options.length > 0 && current.options.every((o) => o.letter === null)) {
				current.text.push(...current.options.flatMap((o) => o.text));
				current.options = [];
			}
			current.options.push(...options);
			mode = 'options';
			continue;
		}
		const lettered = current.options.some((o) => o.letter !== null);
		if (line.listItem && !lettered && (mode === 'text' || mode === 'options')) {
			current.options.push({
				letter: null,
				text: [text],
				starred: false,
				emphasized: emphasized(line, 0, line.text.length)
			});
			mode = 'options';
			continue;
		}
		if (mode === 'text') current.text.push(text);
		else if (mode === 'options') current.options.at(-1)!.text.push(text);
		// after the answer line, text without a label explains it
		else current.explanation.push(text);
	}
	return { drafts, ignored };
}

/**
 * Aiken (Moodle): the question on one or more lines, options "A. …" or "A) …" one per line, then "ANSWER: B".
 * A question that reaches the next one without an ANSWER line is reported, not merged into it.
 */
export function parseAiken(lines: SourceLine[]): LinesParse {
	const drafts: Draft[] = [];
	const ignored: IgnoredLine[] = [];
	let current: Draft | null = null;
	let start: SourceLine[] = [];
	/** text that never got options (a title, a note) is not a question */
	const dropTextOnly = () => {
		if (current && current.options.length === 0 && current.answers.length === 0) {
			drafts.pop();
			for (const line of start) ignore(ignored, line);
			current = null;
		}
		start = [];
	};
	for (const line of lines) {
		const text = line.text.trim();
		if (text === '') {
			dropTextOnly();
			continue;
		}
		const answer = AIKEN_ANSWER_RE.exec(text);
		if (answer) {
			if (current) current.answers.push(answer[1]);
			else ignore(ignored, line);
			current = null;
			start = [];
			continue;
		}
		const option = OPTION_START_RE.exec(text);
		if (option && current) {
			current.options.push({
				letter: option[2],
				text: [text.slice(option[0].length)],
				starred: option[1] === '*',
				emphasized: false
			});
			continue;
		}
		if (!current || current.options.length > 0) {
			current = newDraft(drafts.length + 1, line.line);
			drafts.push(current);
			start = [];
		}
		current.text.push(text);
		start.push(line);
	}
	dropTextOnly();
	drafts.forEach((draft, i) => (draft.number = i + 1));
	return { drafts, ignored };
}
