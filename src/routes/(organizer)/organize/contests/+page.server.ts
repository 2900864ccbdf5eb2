import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listContestsForOrganizer } from '$lib/server/quiz/contests';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	return { contests: await listContestsForOrganizer(db(), { kind: 'quiz' }) };
};
