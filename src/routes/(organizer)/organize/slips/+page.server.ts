import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { MAX_SLIPS } from '$lib/server/slips/reissue';
import { units } from '$lib/server/db/schema';
import type { PageServerLoad } from './$types';

const query = z.object({
	unit: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
	problem: z.enum(['nobody', 'too_many', 'unit']).optional().catch(undefined)
});

/** The form that prints sign-in slips for a unit (the PDF comes from ./pdf); a refusal comes back as ?problem=. */
export const load: PageServerLoad = async (event) => {
	requireOrganizer(event);
	const { unit, problem } = query.parse(Object.fromEntries(event.url.searchParams));
	const [chosen] = unit
		? await db().select({ id: units.id, name: units.name }).from(units).where(eq(units.id, unit))
		: [];
	return { unit: chosen ?? null, problem: problem ?? null, maxSlips: MAX_SLIPS };
};
