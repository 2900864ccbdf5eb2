import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { unitId } from './fields';

/** Sign-in slips for the people of a unit (and, by default, of the units beneath it). */
export const slipsSchema = z.object({
	unitId: unitId().max(2_147_483_647, { error: () => m.v_unit() }),
	subtree: z.boolean().default(true)
});
