import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { essayContestsFor, myEntryCounts, unitPathOf } from '$lib/server/essays/entries';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const path = await unitPathOf(db(), user.unitId);
	const found = path === undefined ? [] : await essayContestsFor(db(), path);
	const counts = await myEntryCounts(db(), user.id);
	return {
		contests: found.map((c) => ({
			id: c.id,
			title: c.title,
			description: c.description,
			opensAt: c.opensAt,
			closesAt: c.closesAt,
			state: c.state,
			entriesPerAuthor: c.entriesPerAuthor,
			myCount: counts.get(c.id) ?? 0
		}))
	};
};
