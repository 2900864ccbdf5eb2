import { z } from 'zod';

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
