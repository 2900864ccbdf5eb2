import { requireContestOrganizer } from '$lib/server/auth/guards';
import { essayContest } from '../forms.server';
import type { LayoutServerLoad } from './$types';

// The essay contest section's header and tabs; a contest outside the organizer's scope or of another kind is a 404.
export const load: LayoutServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	return {
		section: { id: contest.id, title: contest.title, entryKind: contest.settings.entryKind }
	};
};
