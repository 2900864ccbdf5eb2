import { requireContestOrganizer } from '$lib/server/auth/guards';
import { quizContest } from '../forms.server';
import type { LayoutServerLoad } from './$types';

// The contest section's one read of the contest: its header and tabs, and what the pages below take from parent().
export const load: LayoutServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await quizContest(event.params.id);
	return {
		contest: {
			id: contest.id,
			title: contest.title,
			description: contest.description,
			rules: contest.rules,
			published: contest.published,
			eligibleUnitId: contest.eligibleUnitId,
			everyone: contest.eligibleUnitId === null
		}
	};
};
