import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { checkEligibility, contestBasics, isLocalDateTime } from '$lib/schemas/contests';
import { cleanText } from '$lib/text';

// The limits below are the database's check constraints (schema/essays.ts) and ESSAY_LIMITS
// (server/essays/setup.ts), repeated here because the browser validates too and cannot import server code.

export const entryRequirements = ['text', 'file', 'text_or_file', 'text_and_file'] as const;
export const entryKinds = ['essay', 'video', 'file', 'performance'] as const;
export const settleRules = ['mean', 'third_settles', 'closest_two'] as const;
export const advanceChoices = ['none', 'top_k', 'min_score'] as const;

const localDateTime = () =>
	z
		.string()
		.trim()
		.refine(isLocalDateTime, { error: () => m.round_v_datetime() });

const wholeNumber = (min: number, max: number, message: () => string) =>
	z
		.number({ error: message })
		.int({ error: message })
		.min(min, { error: message })
		.max(max, { error: message });

const isHalfStep = (value: number) => Number.isInteger(value * 2);

export const essayContestSchema = z
	.object({
		...contestBasics,
		codePrefix: z
			.string()
			.transform((value) => cleanText(value).toUpperCase())
			.pipe(
				z
					.string()
					.max(20, { error: () => m.essay_setup_v_code_prefix() })
					.regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, { error: () => m.essay_setup_v_code_prefix() })
			),
		opensAt: localDateTime(),
		closesAt: localDateTime(),
		entriesPerAuthor: wholeNumber(1, 20, () => m.essay_setup_v_entries()),
		/** empty: no limit */
		minWords: wholeNumber(0, 100_000, () => m.essay_setup_v_words()).nullable(),
		maxWords: wholeNumber(0, 100_000, () => m.essay_setup_v_words()).nullable(),
		requirement: z.enum(entryRequirements).default('text_or_file'),
		maxFileMb: z
			.number({ error: () => m.essay_setup_v_file_mb() })
			.min(0.5, { error: () => m.essay_setup_v_file_mb() })
			.max(50, { error: () => m.essay_setup_v_file_mb() })
			.default(10),
		/** chosen at creation; the edit form shows it and sends it back unchanged */
		entryKind: z.enum(entryKinds).default('essay'),
		// an unticked (or disabled) checkbox is not posted: missing must read as "not blind"
		blind: z.boolean().default(false)
	})
	.superRefine((contest, ctx) => {
		checkEligibility(contest, ctx);
		if (contest.entryKind === 'performance' && contest.blind)
			ctx.addIssue({ code: 'custom', path: ['blind'], message: m.kinds_v_performance_blind() });
		if (
			isLocalDateTime(contest.opensAt) &&
			isLocalDateTime(contest.closesAt) &&
			contest.closesAt <= contest.opensAt
		)
			ctx.addIssue({ code: 'custom', path: ['closesAt'], message: m.essay_setup_v_window() });
		if (contest.minWords !== null && contest.maxWords !== null && contest.maxWords < contest.minWords)
			ctx.addIssue({ code: 'custom', path: ['maxWords'], message: m.essay_setup_v_words_order() });
	});

export type EssayContestForm = z.infer<typeof essayContestSchema>;

export const essayRoundSchema = z
	.object({
		name: z
			.string()
			.transform(cleanText)
			.pipe(
				z
					.string()
					.min(1, { error: () => m.v_required() })
					.max(100, { error: () => m.v_too_long({ max: 100 }) })
			),
		scale: z
			.number({ error: () => m.essay_setup_v_scale() })
			.positive({ error: () => m.essay_setup_v_scale() })
			.max(1000, { error: () => m.essay_setup_v_scale() })
			.refine(isHalfStep, { error: () => m.essay_setup_v_scale() })
			.default(100),
		judgesPerEntry: wholeNumber(1, 10, () => m.essay_setup_v_judges()).default(2),
		disagreementThreshold: z
			.number({ error: () => m.essay_setup_v_threshold() })
			.positive({ error: () => m.essay_setup_v_threshold() })
			.refine(isHalfStep, { error: () => m.essay_setup_v_threshold() })
			.default(20),
		settleRule: z.enum(settleRules).default('mean'),
		advanceRule: z.enum(advanceChoices).default('none'),
		advanceValue: z
			.number({ error: () => m.essay_setup_v_advance() })
			.nullable()
			.default(null),
		/** empty: open until the organizer closes the round */
		closesAt: z
			.string()
			.trim()
			.refine((v) => v === '' || isLocalDateTime(v), { error: () => m.round_v_datetime() })
			.default(''),
		/** the rubric as parallel arrays: criterionMaxima[i] belongs to criterionNames[i] */
		criterionNames: z
			.array(
				z
					.string()
					.transform(cleanText)
					.pipe(
						z
							.string()
							.min(1, { error: () => m.essay_setup_v_criterion_name() })
							.max(100, { error: () => m.essay_setup_v_criterion_name() })
					)
			)
			.max(20, { error: () => m.essay_setup_v_too_many_criteria() })
			.default([]),
		criterionMaxima: z
			.array(
				z
					.number({ error: () => m.essay_setup_v_criterion_max() })
					.positive({ error: () => m.essay_setup_v_criterion_max() })
					.refine(isHalfStep, { error: () => m.essay_setup_v_criterion_max() })
			)
			.default([]),
		/** what each criterion's levels look like, one level a line; criterionLevels[i] belongs to criterionNames[i] */
		criterionLevels: z
			.array(z.string().max(2000, { error: () => m.essay_setup_v_criterion_levels() }))
			.default([])
	})
	.superRefine((round, ctx) => {
		if (round.disagreementThreshold > round.scale)
			ctx.addIssue({
				code: 'custom',
				path: ['disagreementThreshold'],
				message: m.essay_setup_v_threshold()
			});
		if (round.advanceRule !== 'none') {
			const value = round.advanceValue;
			const valid =
				value !== null &&
				(round.advanceRule === 'top_k'
					? Number.isInteger(value) && value >= 1
					: value >= 0 && value <= round.scale);
			if (!valid)
				ctx.addIssue({ code: 'custom', path: ['advanceValue'], message: m.essay_setup_v_advance() });
		}
		const names = round.criterionNames;
		names.forEach((name, i) => {
			if (names.indexOf(name) !== i)
				ctx.addIssue({
					code: 'custom',
					path: ['criterionNames', i],
					message: m.essay_setup_v_criterion_name()
				});
		});
		if (names.length === 0 || names.length !== round.criterionMaxima.length) {
			ctx.addIssue({ code: 'custom', path: ['criterionMaxima'], message: m.essay_setup_v_rubric_empty() });
			return;
		}
		const total = round.criterionMaxima.reduce((sum, v) => sum + (Number.isFinite(v) ? v : 0), 0);
		if (Math.abs(total - round.scale) > 1e-9)
			ctx.addIssue({
				code: 'custom',
				path: ['criterionMaxima'],
				message: m.essay_setup_v_rubric_sum({ total, scale: round.scale })
			});
	});

export type EssayRoundForm = z.infer<typeof essayRoundSchema>;

export const awardTiersSchema = z
	.object({
		tierNames: z
			.array(
				z
					.string()
					.transform(cleanText)
					.pipe(
						z
							.string()
							.min(1, { error: () => m.essay_setup_v_tier_name() })
							.max(50, { error: () => m.essay_setup_v_tier_name() })
					)
			)
			.max(10, { error: () => m.essay_setup_v_too_many_tiers() })
			.default([]),
		tierCounts: z.array(wholeNumber(0, 1000, () => m.essay_setup_v_tier_count())).default([])
	})
	.superRefine((tiers, ctx) => {
		tiers.tierNames.forEach((name, i) => {
			if (tiers.tierNames.indexOf(name) !== i)
				ctx.addIssue({ code: 'custom', path: ['tierNames', i], message: m.essay_setup_v_tier_name() });
		});
		if (tiers.tierNames.length !== tiers.tierCounts.length)
			ctx.addIssue({ code: 'custom', path: ['tierCounts'], message: m.essay_setup_v_tier_count() });
	});

export type AwardTiersForm = z.infer<typeof awardTiersSchema>;

export const judgeChangeSchema = z.object({ userId: z.coerce.number().int().positive() });
