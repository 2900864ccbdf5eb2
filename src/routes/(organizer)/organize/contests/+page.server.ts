import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { listContestsForOrganizer } from '$lib/server/quiz/contests';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	return { contests: await listContestsForOrganizer(db(), { kind: 'quiz', scope: me.organizer }) };
};
