import { z } from 'zod';
import { m } from '$lib/paraglide/messages';

export const PEOPLE_SORTS = ['name', 'unit', 'signin'] as const;
export const PEOPLE_ROLES = ['any', 'participant', 'organizer', 'judge', 'leader', 'admin'] as const;
export const PEOPLE_STATUSES = ['any', 'active', 'disabled', 'must_change', 'never_signed_in'] as const;
/** One bulk request acts on at most this many people (hashing passwords is the cost; mirrors MAX_SLIPS). */
export const MAX_BULK = 5_000;

const id = z.coerce.number().int().positive().max(2_147_483_647);

/** The people page's filters, read from the query string; anything malformed falls back to "no filter". */
export const peopleFilterSchema = z.object({
	q: z.string().trim().max(100).catch('').default(''),
	unit: id.optional().catch(undefined),
	role: z.enum(PEOPLE_ROLES).catch('any').default('any'),
	status: z.enum(PEOPLE_STATUSES).catch('any').default('any'),
	sort: z.enum(PEOPLE_SORTS).catch('name').default('name'),
	/** the keyset cursor of the page (opaque) */
	after: z.string().max(400).optional().catch(undefined)
});
export type PeopleFilterInput = z.infer<typeof peopleFilterSchema>;

/** One action on people: the whole filtered list ("matching") or the ticked rows. */
export const peopleActionSchema = z.object({
	action: z.enum(
		['disable', 'enable', 'reset', 'grant_organizer', 'revoke_organizer', 'grant_judge', 'revoke_judge'],
		{
			error: () => m.people_action_required()
		}
	),
	target: z.enum(['matching', 'selected']).default('selected'),
	ids: z
		.array(id)
		.max(MAX_BULK, { error: () => m.people_too_many({ max: MAX_BULK }) })
		.default([]),
	q: z.string().trim().max(100).default(''),
	unit: id.optional(),
	role: z.enum(PEOPLE_ROLES).default('any'),
	status: z.enum(PEOPLE_STATUSES).default('any')
});
export type PeopleAction = z.infer<typeof peopleActionSchema>;
