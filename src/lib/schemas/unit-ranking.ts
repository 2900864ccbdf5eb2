import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

/** What collective prizes can rank units by, in the order the organizer chooses. */
export const RANKING_CRITERIA = ['rate', 'participants', 'average', 'attempts'] as const;
export type RankingCriterion = (typeof RANKING_CRITERIA)[number];
export const DEFAULT_UNIT_RANKING: RankingCriterion[] = ['rate', 'participants', 'average'];

/** One to four criteria, each at most once. */
export const unitRankingRule = z
	.array(z.enum(RANKING_CRITERIA))
	.min(1)
	.max(RANKING_CRITERIA.length)
	.refine((list) => new Set(list).size === list.length, { message: 'duplicate' });

/**
 * The form: one select per position ("" = none), filled from the top. Blank positions are dropped; a criterion chosen
 * twice, or none at all, is an error.
 */
export const unitRankingForm = z
	.object({
		c1: z.enum(RANKING_CRITERIA),
		c2: z.enum(RANKING_CRITERIA).or(z.literal('')),
		c3: z.enum(RANKING_CRITERIA).or(z.literal('')),
		c4: z.enum(RANKING_CRITERIA).or(z.literal(''))
	})
	.transform((f) => [f.c1, f.c2, f.c3, f.c4].filter((c): c is RankingCriterion => c !== ''))
	.pipe(unitRankingRule);

const position = z.enum(RANKING_CRITERIA).or(z.literal(''));

/**
 * The same form for superforms (no transform: superforms reads the fields): the first position is required, and a
 * criterion chosen twice is reported on the later select, in Vietnamese.
 */
export const unitRankingFields = z
	.object({
		c1: position.default(''),
		c2: position.default(''),
		c3: position.default(''),
		c4: position.default('')
	})
	.superRefine((f, ctx) => {
		if (f.c1 === '') ctx.addIssue({ code: 'custom', path: ['c1'], message: m.insight_rank_first_required() });
		const seen = new Set<string>();
		for (const key of ['c1', 'c2', 'c3', 'c4'] as const) {
			if (f[key] !== '' && seen.has(f[key]))
				ctx.addIssue({ code: 'custom', path: [key], message: m.insight_rank_duplicate() });
			seen.add(f[key]);
		}
	});

/** The rule a valid form stands for. */
export const ruleOfFields = (f: z.infer<typeof unitRankingFields>): RankingCriterion[] =>
	[f.c1, f.c2, f.c3, f.c4].filter((c): c is RankingCriterion => c !== '');
