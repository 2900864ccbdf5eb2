import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { phone, unitId } from './fields';

const MAX_ID = 2_147_483_647;

/** The administrator gives one contest to a person (found by phone). */
export const grantContestSchema = z.object({
	phone: phone(),
	contestId: z
		.number({ error: () => m.organizers_target_missing() })
		.int({ error: () => m.organizers_target_missing() })
		.positive({ error: () => m.organizers_target_missing() })
		.max(MAX_ID, { error: () => m.organizers_target_missing() })
});

/** The administrator gives one unit (and its subtree) to a person. */
export const grantUnitSchema = z.object({
	phone: phone(),
	unitId: unitId().max(MAX_ID, { error: () => m.v_unit() })
});

/** A row's "revoke" button: the grant and whose it is. */
export const revokeOrganizerSchema = z.object({
	userId: z.number().int().positive().max(MAX_ID),
	grantId: z.number().int().positive().max(MAX_ID)
});
