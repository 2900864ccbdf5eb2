import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listEssayContests } from '$lib/server/essays/setup';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	return { contests: await listEssayContests(db()) };
};
