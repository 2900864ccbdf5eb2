// Codes from $lib/server/quiz/bank and its parsers, in the reader's language.
import { m } from '$lib/paraglide/messages';
import type { QuestionError, TopicError } from '$lib/server/quiz/bank';
import { MAX_PICTURE_BYTES, MAX_PICTURE_PIXELS, type PictureError } from '$lib/server/quiz/pictures/pictures';
import type { FileError, ParseProblem, ProblemCode } from '$lib/server/quiz/parsers';

type Params = Record<string, string | number>;

const FIELDS: Record<string, () => string> = {
	text: () => m.bank_field_text(),
	option: () => m.bank_field_option(),
	explanation: () => m.bank_field_explanation(),
	topic: () => m.bank_field_topic()
};

const PROBLEMS: Record<ProblemCode, (p: Params) => string> = {
	empty_text: () => m.bank_p_empty_text(),
	no_options: () => m.bank_p_no_options(),
	too_few_options: () => m.bank_p_too_few_options(),
	too_many_options: (p) => m.bank_p_too_many_options({ count: p.count, max: p.max }),
	option_letters: (p) => m.bank_p_option_letters({ letters: p.letters }),
	empty_option: (p) => m.bank_p_empty_option({ letter: p.letter }),
	no_answer: () => m.bank_p_no_answer(),
	answer_unreadable: (p) => m.bank_p_answer_unreadable({ value: p.value }),
	answer_not_option: (p) => m.bank_p_answer_not_option({ letter: p.letter, last: p.last }),
	answer_conflict: () => m.bank_p_answer_conflict(),
	difficulty_invalid: (p) => m.bank_p_difficulty_invalid({ value: p.value }),
	too_long: (p) => m.bank_p_too_long({ field: (FIELDS[p.field] ?? FIELDS.text)(), max: p.max }),
	has_image: () => m.bank_p_has_image(),
	picture_bad: () => m.bank_p_picture_bad(),
	picture_missing: (p) => m.bank_p_picture_missing({ name: p.name }),
	picture_many: () => m.bank_p_picture_many(),
	duplicate_in_file: (p) => m.bank_p_duplicate_in_file({ first: p.first }),
	no_topic: () => m.bank_p_no_topic(),
	unknown_topic: (p) => m.bank_p_unknown_topic({ topic: p.topic })
};

export interface ProblemView {
	number: number;
	line: number;
	message: string;
}

export function problemView(problem: ParseProblem): ProblemView {
	return {
		number: problem.number,
		line: problem.line,
		message: PROBLEMS[problem.code](problem.params ?? {})
	};
}

export function fileErrorMessage({ code, params }: FileError): string {
	switch (code) {
		case 'file_empty':
			return m.bank_file_empty();
		case 'file_too_large':
			return m.bank_file_too_large({ maxMb: params.maxMb });
		case 'file_type':
			return m.bank_file_type();
		case 'file_legacy_office':
			return m.bank_file_legacy_office();
		case 'file_unreadable':
			return m.bank_file_unreadable();
		case 'file_bomb':
			return m.bank_file_bomb();
		case 'file_unsafe_xml':
			return m.bank_file_unsafe_xml();
		case 'file_encoding':
			return m.bank_file_encoding();
		case 'legacy_font':
			return m.bank_file_legacy_font();
		case 'no_questions':
			return m.bank_file_no_questions();
		case 'too_many_questions':
			return m.bank_file_too_many({ count: params.count, max: params.max });
		case 'missing_columns':
			return m.bank_file_missing_columns({ columns: params.columns });
	}
}

export function questionErrorMessage(error: QuestionError): string {
	switch (error) {
		case 'empty_text':
			return m.bank_v_text();
		case 'too_few_options':
		case 'too_many_options':
			return m.bank_v_options_count({ min: 2, max: 6 });
		case 'empty_option':
			return m.bank_v_option_empty();
		case 'no_correct':
			return m.bank_v_no_correct();
		case 'difficulty':
			return m.bank_v_difficulty();
		case 'too_long':
			return m.bank_e_too_long();
		case 'not_found':
			return m.bank_e_question_not_found();
		case 'topic_not_found':
			return m.bank_e_topic_not_found();
		case 'stale':
			return m.bank_e_stale();
		case 'duplicate':
			return m.bank_e_duplicate();
		case 'picture_alt':
			return m.bank_v_picture_alt();
		case 'picture_not_found':
			return m.bank_e_picture_not_found();
	}
}

export function pictureErrorMessage(error: PictureError): string {
	switch (error) {
		case 'empty':
			return m.bank_pic_e_empty();
		case 'too_large':
			return m.bank_pic_e_too_large({ maxMb: MAX_PICTURE_BYTES / 1024 / 1024 });
		case 'not_picture':
			return m.bank_pic_e_not_picture();
		case 'svg':
			return m.bank_pic_e_svg();
		case 'too_many_pixels':
			return m.bank_pic_e_too_many_pixels({ max: MAX_PICTURE_PIXELS / 1_000_000 });
	}
}

export function topicErrorMessage(error: TopicError): string {
	switch (error) {
		case 'not_found':
			return m.bank_e_topic_not_found();
		case 'name_taken':
			return m.bank_e_topic_taken();
		case 'name_empty':
			return m.bank_v_topic_name();
	}
}
