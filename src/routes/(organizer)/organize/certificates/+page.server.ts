import { requireOrganizer } from '$lib/server/auth/guards';
import { contestsWithPublishedResults } from '$lib/server/certificates/queries';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	return { contests: await contestsWithPublishedResults(db(), me.organizer) };
};
