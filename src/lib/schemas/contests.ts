import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { cleanText } from '$lib/text';

// The limits below are the database's check constraints (schema/quiz.ts) and the domain's ROUND_LIMITS
// (server/quiz/contests.ts), repeated here because the browser validates too and cannot import server code.

/** Long text from a textarea: NFC, Windows line ends made plain, no trailing blanks; the lines themselves stay. */
export function cleanMultiline(value: string): string {
	return value
		.normalize('NFC')
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line) => line.trimEnd())
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

export const longText = (max: number) =>
	z
		.string()
		.transform(cleanMultiline)
		.pipe(z.string().max(max, { error: () => m.v_too_long({ max }) }));

/** What every contest has, quiz or essay: its title, texts and who may take part. */
export const contestBasics = {
	title: z
		.string()
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(3, { error: () => m.contest_v_title() })
				.max(200, { error: () => m.v_too_long({ max: 200 }) })
		),
	description: longText(5_000),
	rules: longText(20_000),
	/** all: everyone may take part; unit: only the subtree of eligibleUnitId */
	eligibility: z.enum(['all', 'unit']).default('all'),
	eligibleUnitId: z.number().int().min(0).default(0)
};

/** A picker left half-typed must not quietly open the contest to everyone. */
export function checkEligibility(
	contest: { eligibility: 'all' | 'unit'; eligibleUnitId: number },
	ctx: z.RefinementCtx
) {
	if (contest.eligibility === 'unit' && contest.eligibleUnitId === 0)
		ctx.addIssue({ code: 'custom', path: ['eligibleUnitId'], message: m.v_unit() });
}

export const contestSchema = z.object(contestBasics).superRefine(checkEligibility);

/** "2026-11-23T10:00" as a `datetime-local` input sends it: a real day and time (Vietnam time, no zone). */
export function isLocalDateTime(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return false;
	const instant = new Date(`${value}Z`);
	return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, value.length) === value;
}

const localDateTime = () =>
	z
		.string()
		.trim()
		.refine(isLocalDateTime, { error: () => m.round_v_datetime() });

const roundName = () =>
	z
		.string()
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(1, { error: () => m.v_required() })
				.max(100, { error: () => m.v_too_long({ max: 100 }) })
		);

export const reviewPolicies = ['score_only', 'after_close', 'immediate'] as const;

export const MAX_QUESTIONS_PER_ROUND = 100;

export const roundSchema = z
	.object({
		name: roundName(),
		practice: z.boolean(),
		opensAt: localDateTime(),
		closesAt: localDateTime(),
		/** minutes, halves allowed: 0.5 (30 s) to 240 (4 h) */
		timeLimitMinutes: z
			.number({ error: () => m.round_v_time_limit() })
			.min(0.5, { error: () => m.round_v_time_limit() })
			.max(240, { error: () => m.round_v_time_limit() }),
		/** empty (null): unlimited, practice rounds only */
		attemptsAllowed: z
			.number({ error: () => m.round_v_attempts() })
			.int({ error: () => m.round_v_attempts() })
			.min(1, { error: () => m.round_v_attempts() })
			.max(100, { error: () => m.round_v_attempts() })
			.nullable(),
		shuffleQuestions: z.boolean(),
		shuffleOptions: z.boolean(),
		predictionEnabled: z.boolean(),
		reviewPolicy: z.enum(reviewPolicies),
		graceSeconds: z
			.number({ error: () => m.round_v_grace() })
			.int({ error: () => m.round_v_grace() })
			.min(0, { error: () => m.round_v_grace() })
			.max(600, { error: () => m.round_v_grace() }),
		minSecondsPerQuestion: z
			.number({ error: () => m.quizint_v_min_seconds() })
			.int({ error: () => m.quizint_v_min_seconds() })
			.min(0, { error: () => m.quizint_v_min_seconds() })
			.max(60, { error: () => m.quizint_v_min_seconds() }),
		/** every topic of the bank, in the order shown; questionCounts[i] belongs to topicIds[i], 0: not drawn */
		topicIds: z.array(z.number().int().positive()).default([]),
		questionCounts: z
			.array(
				z
					.number({ error: () => m.round_v_topic_count() })
					.int({ error: () => m.round_v_topic_count() })
					.min(0, { error: () => m.round_v_topic_count() })
					.max(100, { error: () => m.round_v_topic_count() })
			)
			.default([])
	})
	.superRefine((round, ctx) => {
		if (isLocalDateTime(round.opensAt) && isLocalDateTime(round.closesAt) && round.closesAt <= round.opensAt)
			ctx.addIssue({ code: 'custom', path: ['closesAt'], message: m.round_v_window() });
		if (round.attemptsAllowed === null && !round.practice)
			ctx.addIssue({ code: 'custom', path: ['attemptsAllowed'], message: m.round_v_attempts_required() });
		if (round.practice && round.predictionEnabled)
			ctx.addIssue({ code: 'custom', path: ['predictionEnabled'], message: m.round_v_prediction_practice() });
		if (round.topicIds.length !== round.questionCounts.length) {
			ctx.addIssue({ code: 'custom', path: ['questionCounts'], message: m.round_v_no_questions() });
			return;
		}
		const total = round.questionCounts.reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
		if (total === 0)
			ctx.addIssue({ code: 'custom', path: ['questionCounts'], message: m.round_v_no_questions() });
		else if (total > MAX_QUESTIONS_PER_ROUND)
			ctx.addIssue({
				code: 'custom',
				path: ['questionCounts'],
				message: m.round_v_too_many({ total, max: MAX_QUESTIONS_PER_ROUND })
			});
	});

export type RoundForm = z.infer<typeof roundSchema>;

/** What may still change once a round has attempts: its name, a later close and the review policy. */
export const lockedRoundSchema = z.object({
	name: roundName(),
	closesAt: localDateTime(),
	reviewPolicy: z.enum(reviewPolicies)
});

export const resultsStates = ['hidden', 'frozen', 'published'] as const;

/** An organizer's decision on an implausibly fast attempt, from the round's leaderboard. */
export const flaggedReviewSchema = z.object({
	attemptId: z.number().int().positive().max(2_147_483_647),
	decision: z.enum(['keep', 'disqualify']),
	reason: z
		.string()
		.trim()
		.max(500, { error: () => m.v_too_long({ max: 500 }) })
		.default('')
});
