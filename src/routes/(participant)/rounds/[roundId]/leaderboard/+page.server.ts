import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { visibleRound } from '$lib/server/quiz/participant';
import { leaderboardPage, myResult } from '$lib/server/quiz/results';
import type { PageServerLoad } from './$types';

const params = z.object({
	roundId: z.coerce.number().int().positive(),
	after: z
		.string()
		.regex(/^\d{1,9}:\d{1,9}$/)
		.optional()
});

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const parsed = params.safeParse({
		roundId: event.params.roundId,
		after: event.url.searchParams.get('after') ?? undefined
	});
	if (!parsed.success) error(404, m.error_404_text());
	const found = await visibleRound(db(), user.unitId, parsed.data.roundId);
	if (!found) error(404, m.error_404_text());
	const base = { contest: found.contest, round: found.round, meId: user.id };
	if (found.round.resultsState === 'hidden') return { ...base, rows: [], next: null, mine: null };
	const [rank, userId] = parsed.data.after?.split(':').map(Number) ?? [];
	const page = await leaderboardPage(db(), found.round.id, {
		after: parsed.data.after ? { rank, userId } : undefined,
		limit: 50
	});
	const mine = await myResult(db(), found.round.id, user.id);
	return {
		...base,
		rows: page.rows.map((r) => ({ ...r, finishedAt: r.finishedAt.toISOString() })),
		next: page.next ? `${page.next.rank}:${page.next.userId}` : null,
		mine: mine?.rank ? { rank: mine.rank, correctCount: mine.correctCount } : null
	};
};
