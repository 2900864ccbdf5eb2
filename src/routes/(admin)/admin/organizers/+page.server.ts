import { fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { grantContestSchema, grantUnitSchema, revokeOrganizerSchema } from '$lib/schemas/organizers';
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

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const [grants, contests, leaders, contestForm, unitForm] = await Promise.all([
		scopedGrantsOf(db()),
		contestChoices(db()),
		leaderGrants(db()),
		superValidate(zod4(grantContestSchema), { id: 'grantContest' }),
		superValidate(zod4(grantUnitSchema), { id: 'grantUnit' })
	]);
	return { grants, contests, leaders, contestForm, unitForm };
};

export const actions: Actions = {
	grantContest: async (event) => {
		const me = requireRole(event, 'admin');
		const form = await superValidate(event.request, zod4(grantContestSchema), { id: 'grantContest' });
		if (!form.valid) return fail(400, { form });
		const userId = await userIdByPhone(db(), form.data.phone);
		if (!userId) return setError(form, 'phone', m.organizers_person_not_found());
		const result = await grantScopedOrganizer(db(), userId, { contestId: form.data.contestId }, me.id);
		if (!result.ok) return setError(form, 'contestId', m.organizers_target_missing());
		return message(form, { type: 'ok', text: m.organizers_granted() });
	},
	grantUnit: async (event) => {
		const me = requireRole(event, 'admin');
		const form = await superValidate(event.request, zod4(grantUnitSchema), { id: 'grantUnit' });
		if (!form.valid) return fail(400, { form });
		const userId = await userIdByPhone(db(), form.data.phone);
		if (!userId) return setError(form, 'phone', m.organizers_person_not_found());
		const result = await grantScopedOrganizer(db(), userId, { unitId: form.data.unitId }, me.id);
		if (!result.ok) return setError(form, 'unitId', m.organizers_target_missing());
		return message(form, { type: 'ok', text: m.organizers_granted() });
	},
	revoke: async (event) => {
		requireRole(event, 'admin');
		const form = await superValidate(event.request, zod4(revokeOrganizerSchema));
		if (!form.valid) return fail(400, { error: m.people_bad_request() });
		await revokeScopedOrganizer(db(), form.data.userId, form.data.grantId);
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
