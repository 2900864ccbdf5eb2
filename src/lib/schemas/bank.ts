import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { cleanText } from '$lib/text';

// Limits mirror $lib/server/quiz/parsers/types (the server module cannot be imported in the browser).
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;
const MAX_TEXT = 2_000;
const MAX_OPTION_TEXT = 500;
const MAX_EXPLANATION = 2_000;

/** NFC, spaces collapsed in each line, blank lines dropped. Mirrors cleanBlock in the server's parsers. */
export function cleanLines(value: string): string {
	return value
		.normalize('NFC')
		.split(/\r\n|\r|\n/)
		.map((line) => line.replace(/\s+/g, ' ').trim())
		.filter(Boolean)
		.join('\n');
}

export const topicSchema = z.object({
	name: z
		.string()
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(2, { error: () => m.bank_v_topic_name() })
				.max(200, { error: () => m.v_too_long({ max: 200 }) })
		),
	description: z
		.string()
		.transform(cleanLines)
		.pipe(z.string().max(1000, { error: () => m.v_too_long({ max: 1000 }) }))
		.default('')
});

const optionText = () =>
	z
		.string()
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(1, { error: () => m.bank_v_option_empty() })
				.max(MAX_OPTION_TEXT, { error: () => m.v_too_long({ max: MAX_OPTION_TEXT }) })
		);

/**
 * A question as the form posts it: options as a list of texts ("options" repeated), the correct ones as their
 * 0-based positions ("correct" checkboxes). Several correct options make a question where all must be chosen.
 */
export const questionSchema = z
	.object({
		text: z
			.string()
			.transform(cleanLines)
			.pipe(
				z
					.string()
					.min(1, { error: () => m.bank_v_text() })
					.max(MAX_TEXT, { error: () => m.v_too_long({ max: MAX_TEXT }) })
			),
		explanation: z
			.string()
			.transform(cleanLines)
			.pipe(z.string().max(MAX_EXPLANATION, { error: () => m.v_too_long({ max: MAX_EXPLANATION }) }))
			.default(''),
		difficulty: z
			.number({ error: () => m.bank_v_difficulty() })
			.int({ error: () => m.bank_v_difficulty() })
			.min(1, { error: () => m.bank_v_difficulty() })
			.max(3, { error: () => m.bank_v_difficulty() })
			.default(2),
		options: z
			.array(optionText())
			.min(MIN_OPTIONS, { error: () => m.bank_v_options_count({ min: MIN_OPTIONS, max: MAX_OPTIONS }) })
			.max(MAX_OPTIONS, { error: () => m.bank_v_options_count({ min: MIN_OPTIONS, max: MAX_OPTIONS }) }),
		correct: z
			.array(
				z
					.number()
					.int()
					.min(0)
					.max(MAX_OPTIONS - 1)
			)
			.min(1, { error: () => m.bank_v_no_correct() })
	})
	.superRefine((value, ctx) => {
		if (value.correct.some((i) => i >= value.options.length))
			ctx.addIssue({ code: 'custom', path: ['correct'], message: m.bank_v_no_correct() });
	});

export type QuestionForm = z.infer<typeof questionSchema>;

/** The form's values as the bank module takes them. */
export function toQuestionInput(data: QuestionForm) {
	return {
		text: data.text,
		explanation: data.explanation,
		difficulty: data.difficulty,
		options: data.options.map((text, i) => ({ text, isCorrect: data.correct.includes(i) }))
	};
}

export const NEW_QUESTION: QuestionForm = {
	text: '',
	explanation: '',
	difficulty: 2,
	options: ['', '', '', ''],
	correct: []
};
