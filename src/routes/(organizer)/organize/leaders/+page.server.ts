import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { grantLeaderFromForm, revokeLeaderFromForm } from '$lib/server/leaders/grant-form';
import { leaderGrants } from '$lib/server/leaders/grants';
import type { Actions, PageServerLoad } from './$types';

// global organizers (and administrators) name the leaders of any unit; scoped organizers do not
export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	return { leaders: await leaderGrants(db()) };
};

export const actions: Actions = {
	grantLeader: async (event) => {
		const me = requireRole(event, 'organizer', 'admin');
		return grantLeaderFromForm(event.request, me.id);
	},
	revokeLeader: async (event) => {
		const me = requireRole(event, 'organizer', 'admin');
		return revokeLeaderFromForm(event.request, me.id);
	}
};
