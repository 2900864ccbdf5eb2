import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listEssayContests } from '$lib/server/essays/setup';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	return { contests: await listEssayContests(db(), me.organizer) };
};
