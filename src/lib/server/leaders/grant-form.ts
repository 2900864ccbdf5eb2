import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
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
export async function grantLeaderFromForm(request: Request, grantedBy: number) {
	const parsed = grantForm.safeParse(Object.fromEntries(await request.formData()));
	if (!parsed.success) return fail(400, { error: m.organizers_target_missing() });
	const userId = await userIdByPhone(db(), parsed.data.phone);
	if (!userId) return fail(400, { error: m.organizers_person_not_found() });
	const result = await grantLeader(db(), userId, parsed.data.unitId, grantedBy);
	if (!result.ok) return fail(400, { error: m.organizers_target_missing() });
	return { done: m.organizers_granted() };
}

export async function revokeLeaderFromForm(request: Request, revokedBy: number) {
	const parsed = revokeForm.safeParse(Object.fromEntries(await request.formData()));
	if (!parsed.success) error(400, m.people_bad_request());
	await revokeLeader(db(), parsed.data.grantId, revokedBy);
	return { done: m.organizers_revoked() };
}
