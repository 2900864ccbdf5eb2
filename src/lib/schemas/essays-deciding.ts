import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

// The limits are the database's check constraints (essay_settings_normalize_min, essay_settings_conflict_depth).

export const decidingScores = ['raw', 'normalized'] as const;

export const decidingRulesSchema = z.object({
	decidingScore: z.enum(decidingScores).default('raw'),
	normalizeMinScores: z
		.number({ error: () => m.decide_v_min_scores() })
		.int({ error: () => m.decide_v_min_scores() })
		.min(2, { error: () => m.decide_v_min_scores() })
		.max(1000, { error: () => m.decide_v_min_scores() })
		.default(5),
	awardsAnyRound: z.boolean().default(false),
	/** empty: the lineage rule (own unit, ancestors, descendants) */
	conflictDepth: z
		.number({ error: () => m.decide_v_conflict_depth() })
		.int({ error: () => m.decide_v_conflict_depth() })
		.min(0, { error: () => m.decide_v_conflict_depth() })
		.max(20, { error: () => m.decide_v_conflict_depth() })
		.nullable()
		.default(null)
});

export type DecidingRulesForm = z.infer<typeof decidingRulesSchema>;
