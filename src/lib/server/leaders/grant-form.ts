import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { OrganizerScope } from '../auth/scope';
import { db } from '../db';
import { userIdByPhone } from '../organizer-grants';
import { grantLeader, revokeLeader } from './grants';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const grantForm = z.object({ phone: z.string().max(40), unitId: id });
const revokeForm = z.object({ grantId: id });

/**
 * The "unit leader" form's grant action, shared by the administrator's and the organizers' pages (each calls its
 * own guard first, then this). Bad input is a message next to the form, never a 500.
 */
export async function grantLeaderFromForm(request: Request, grantedBy: number, scope: OrganizerScope) {
	const parsed = grantForm.safeParse(Object.fromEntries(await request.formData()));
	if (!parsed.success) return fail(400, { error: m.organizers_target_missing() });
	const userId = await userIdByPhone(db(), parsed.data.phone);
	if (!userId) return fail(400, { error: m.organizers_person_not_found() });
	const result = await grantLeader(db(), userId, parsed.data.unitId, grantedBy, scope);
	if (!result.ok)
		return fail(400, {
			error: result.error === 'out_of_scope' ? m.lead_grant_out_of_scope() : m.organizers_target_missing()
		});
	return { done: m.organizers_granted() };
}

export async function revokeLeaderFromForm(request: Request, revokedBy: number, scope: OrganizerScope) {
	const parsed = revokeForm.safeParse(Object.fromEntries(await request.formData()));
	if (!parsed.success) error(400, m.people_bad_request());
	await revokeLeader(db(), parsed.data.grantId, revokedBy, scope);
	return { done: m.organizers_revoked() };
}
