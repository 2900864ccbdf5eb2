import { db } from '$lib/server/db';
import { participantHome } from '$lib/server/quiz/participant-home';
import type { PageServerLoad } from './$types';

// Public on purpose: the welcome page for everyone; a signed-in person (who has chosen a password) also gets their
// open rounds, upcoming rounds and recent results.
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	if (!user || user.mustChangePassword) return { home: null };
	return { home: await participantHome(db(), { id: user.id, unitId: user.unitId }) };
};
