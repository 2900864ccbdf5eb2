import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireRole } from '$lib/server/auth/guards';
import { GLOBAL_SCOPE } from '$lib/server/auth/scope';
import { db } from '$lib/server/db';
import { grantLeaderFromForm, revokeLeaderFromForm } from '$lib/server/leaders/grant-form';
import { leaderGrants } from '$lib/server/leaders/grants';
import {
	contestChoices,
	grantScopedOrganizer,
	revokeScopedOrganizer,
	scopedGrantsOf,
	userIdByPhone
} from '$lib/server/organizer-grants';
import type { Actions, PageServerLoad } from './$types';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const grantForm = z.object({ phone: z.string().max(40), contestId: id.optional(), unitId: id.optional() });
const revokeForm = z.object({ userId: id, grantId: id });

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const [grants, contests, leaders] = await Promise.all([
		scopedGrantsOf(db()),
		contestChoices(db()),
		leaderGrants(db())
	]);
	return { grants, contests, leaders };
};

export const actions: Actions = {
	grant: async (event) => {
		const me = requireRole(event, 'admin');
		const parsed = grantForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { error: m.organizers_target_missing() });
		const { phone, contestId, unitId } = parsed.data;
		// one contest or one unit, never both (the database refuses both as well)
		const target = contestId && !unitId ? { contestId } : unitId && !contestId ? { unitId } : null;
		if (!target) return fail(400, { error: m.organizers_target_missing() });
		const userId = await userIdByPhone(db(), phone);
		if (!userId) return fail(400, { error: m.organizers_person_not_found() });
		const result = await grantScopedOrganizer(db(), userId, target, me.id);
		if (!result.ok) return fail(400, { error: m.organizers_target_missing() });
		return { done: m.organizers_granted() };
	},
	revoke: async (event) => {
		requireRole(event, 'admin');
		const parsed = revokeForm.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) error(400, m.people_bad_request());
		await revokeScopedOrganizer(db(), parsed.data.userId, parsed.data.grantId);
		return { done: m.organizers_revoked() };
	},
	grantLeader: async (event) => {
		const me = requireRole(event, 'admin');
		return grantLeaderFromForm(event.request, me.id, GLOBAL_SCOPE);
	},
	revokeLeader: async (event) => {
		const me = requireRole(event, 'admin');
		return revokeLeaderFromForm(event.request, me.id, GLOBAL_SCOPE);
	}
};
