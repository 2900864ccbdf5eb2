import { requireRole } from '$lib/server/auth/guards';
import { contestsWithPublishedResults } from '$lib/server/certificates/queries';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	return { contests: await contestsWithPublishedResults(db()) };
};
