import { z } from 'zod';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import { MIN_SHOWN_FOR_FLAGS, questionStats } from '$lib/server/insights/questions';
import { listRounds } from '$lib/server/quiz/contests';
import type { PageServerLoad } from './$types';

const roundQuery = z.coerce.number().int().positive();

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const { contest } = await event.parent();
	const rounds = (await listRounds(db(), contest.id)).map((r) => ({
		id: r.id,
		name: r.name,
		practice: r.practice
	}));
	const asked = roundQuery.safeParse(event.url.searchParams.get('round'));
	const roundId = asked.success && rounds.some((r) => r.id === asked.data) ? asked.data : null;
	const onlyFlagged = event.url.searchParams.get('flagged') === '1';
	const stats = await questionStats(readDb(), { contestId: contest.id, roundId });
	// broken-looking questions first, then the least discriminating
	stats.sort(
		(a, b) =>
			b.flags.length - a.flags.length ||
			(a.discrimination ?? 2) - (b.discrimination ?? 2) ||
			a.questionId - b.questionId
	);
	return {
		rounds,
		roundId,
		onlyFlagged,
		flaggedCount: stats.filter((s) => s.flags.length > 0).length,
		total: stats.length,
		stats: onlyFlagged ? stats.filter((s) => s.flags.length > 0) : stats,
		minShown: MIN_SHOWN_FOR_FLAGS
	};
};
