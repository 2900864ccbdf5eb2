import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { contestsFor } from '$lib/server/quiz/participant';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { contests: await contestsFor(db(), user.unitId) };
};
