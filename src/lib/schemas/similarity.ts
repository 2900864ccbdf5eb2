import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

/** A reviewed pair: the reason (kept in the audit) and, when disqualifying, which entry of the pair. */
export const pairReviewSchema = z.object({
	reason: z
		.string()
		.trim()
		.min(10, { error: () => m.sim_err_reason() })
		.max(1000, { error: () => m.v_too_long({ max: 1000 }) }),
	entryId: z.number().int().min(0).max(2_147_483_647).default(0)
});
