import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { cleanText } from '$lib/text';

// Limits mirror $lib/server/quiz/parsers/types (the server module cannot be imported in the browser).
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;
const MAX_TEXT = 2_000;
const MAX_OPTION_TEXT = 500;
const MAX_EXPLANATION = 2_000;
/** Mirrors MAX_PICTURE_ALT and MAX_PICTURE_BYTES in $lib/server/quiz/pictures. */
export const MAX_PICTURE_ALT = 300;
export const MAX_PICTURE_MB = 5;

/** A picture's hash as the upload answered it, or '' for none. */
const pictureRef = () =>
	z
		.string()
		.regex(/^([0-9a-f]{64})?$/)
		.catch('');
const pictureAlt = () =>
	z
		.string()
		.transform(cleanText)
		.pipe(z.string().max(MAX_PICTURE_ALT, { error: () => m.v_too_long({ max: MAX_PICTURE_ALT }) }));

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
		.pipe(z.string().max(MAX_OPTION_TEXT, { error: () => m.v_too_long({ max: MAX_OPTION_TEXT }) }));

/**
 * A question as the form posts it: options as a list of texts ("options" repeated), the correct ones as their
 * 0-based positions ("correct" checkboxes). Several correct options make a question where all must be chosen.
 * Pictures travel as the hashes the upload answered ("picture", and "optionPictures" beside "options"), each with
 * its required description; an option may be a picture alone.
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
		picture: pictureRef().default(''),
		pictureAlt: pictureAlt().default(''),
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
			.min(1, { error: () => m.bank_v_no_correct() }),
		optionPictures: z.array(pictureRef()).max(MAX_OPTIONS).default([]),
		optionAlts: z.array(pictureAlt()).max(MAX_OPTIONS).default([])
	})
	.superRefine((value, ctx) => {
		if (value.picture && !value.pictureAlt)
			ctx.addIssue({ code: 'custom', path: ['pictureAlt'], message: m.bank_v_picture_alt() });
		value.options.forEach((text, i) => {
			const picture = value.optionPictures[i];
			if (!text && !picture)
				ctx.addIssue({ code: 'custom', path: ['options', i], message: m.bank_v_option_empty() });
			if (picture && !value.optionAlts[i])
				ctx.addIssue({ code: 'custom', path: ['optionAlts', i], message: m.bank_v_picture_alt() });
		});
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
		picture: data.picture ? { sha256: data.picture, alt: data.pictureAlt } : null,
		options: data.options.map((text, i) => {
			const sha256 = data.optionPictures[i];
			return {
				text,
				isCorrect: data.correct.includes(i),
				picture: sha256 ? { sha256, alt: data.optionAlts[i] ?? '' } : null
			};
		})
	};
}

export const NEW_QUESTION: QuestionForm = {
	text: '',
	explanation: '',
	difficulty: 2,
	options: ['', '', '', ''],
	correct: [],
	picture: '',
	pictureAlt: '',
	optionPictures: ['', '', '', ''],
	optionAlts: ['', '', '', '']
};

/** A question's "hide"/"show" button: the question and the state it should be in. */
export const questionToggleSchema = z.object({
	questionId: z.number().int().positive().max(2_147_483_647),
	active: z.boolean()
});
