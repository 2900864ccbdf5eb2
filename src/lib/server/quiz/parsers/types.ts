/** What the question-file parsers read and report. Plain data and codes: the route turns codes into sentences. */

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_QUESTIONS = 5_000;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;
export const MAX_TEXT = 2_000;
export const MAX_OPTION_TEXT = 500;
export const MAX_EXPLANATION = 2_000;
export const MAX_TOPIC_NAME = 200;

export type Difficulty = 1 | 2 | 3;

/** One question as read from a file: text NFC, options in the file's order, `correct` 0-based (A = 0). */
export interface ParsedQuestion {
	/** the question's number as the organizer finds it: "Câu 12" in Word, the STT column or the order otherwise */
	number: number;
	/** where it starts: the paragraph or text line, or Excel's row number */
	line: number;
	text: string;
	options: string[];
	correct: number[];
	explanation?: string;
	/** the topic named in the file (xlsx "Chủ đề" column, a "Chủ đề: …" line in Word or text) */
	topic?: string;
	difficulty?: Difficulty;
	/** a picture kept from the file: its key in ParsedFile.pictures, and its description */
	picture?: ParsedPicture;
	/** the options' pictures, in the file's order (null: none); absent when no option has one */
	optionPictures?: (ParsedPicture | null)[];
}

export interface ParsedPicture {
	key: string;
	alt: string;
}

export type ProblemCode =
	| 'empty_text'
	| 'no_options'
	| 'too_few_options'
	| 'too_many_options'
	| 'option_letters'
	| 'empty_option'
	| 'no_answer'
	| 'answer_unreadable'
	| 'answer_not_option'
	| 'answer_conflict'
	| 'difficulty_invalid'
	| 'too_long'
	| 'has_image'
	/** an embedded or named picture that is not a PNG, JPEG or WebP we accept */
	| 'picture_bad'
	/** a picture file named in an .xlsx that the accompanying .zip lacks */
	| 'picture_missing'
	/** two pictures in one question text or one option */
	| 'picture_many'
	| 'duplicate_in_file'
	| 'no_topic'
	| 'unknown_topic';

export interface ParseProblem {
	/** the question's number (see ParsedQuestion.number) */
	number: number;
	line: number;
	code: ProblemCode;
	params?: Record<string, string | number>;
}

export type FileErrorCode =
	| 'file_empty'
	| 'file_too_large'
	| 'file_type'
	| 'file_legacy_office'
	| 'file_unreadable'
	/** over a size, ratio or count limit when unpacked (files/office.ts) */
	| 'file_bomb'
	/** a DOCTYPE in an XML part (entity expansion, external entities) */
	| 'file_unsafe_xml'
	| 'file_encoding'
	| 'legacy_font'
	| 'no_questions'
	| 'too_many_questions'
	| 'missing_columns';

export interface FileError {
	code: FileErrorCode;
	params: Record<string, string | number>;
}

export type QuestionFileFormat = 'docx' | 'xlsx' | 'aiken' | 'text';

/** A line of the file that belongs to no question (a title, a note): shown so nothing is lost unseen. */
export interface IgnoredLine {
	line: number;
	text: string;
}

export interface ParsedFile {
	format: QuestionFileFormat;
	questions: ParsedQuestion[];
	/** the pictures the questions name, by key (embedded in a .docx, or beside an .xlsx in a .zip) */
	pictures: Map<string, Uint8Array>;
	problems: ParseProblem[];
	ignored: IgnoredLine[];
}

export type ParseResult = ({ ok: true } & ParsedFile) | { ok: false; error: FileError };
