import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { grantLeaderFromForm, revokeLeaderFromForm } from '$lib/server/leaders/grant-form';
import { leaderGrants } from '$lib/server/leaders/grants';
import type { Actions, PageServerLoad } from './$types';

// every organizer names the leaders of the units within their reach: a global one anywhere, a scoped one inside
// their subtrees and their contests' eligible subtrees (checked again by grantLeader and revokeLeader)
export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	return { leaders: await leaderGrants(db(), me.organizer) };
};

export const actions: Actions = {
	grantLeader: async (event) => {
		const me = requireOrganizer(event);
		return grantLeaderFromForm(event.request, me.id, me.organizer);
	},
	revokeLeader: async (event) => {
		const me = requireOrganizer(event);
		return revokeLeaderFromForm(event.request, me.id, me.organizer);
	}
};
