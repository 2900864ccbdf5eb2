import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import { contestsFor } from '$lib/server/quiz/participant';
import { myOverall, overallRanking } from '$lib/server/quiz/standings';
import type { PageServerLoad } from './$types';

const params = z.object({
	contestId: z.coerce.number().int().positive(),
	after: z
		.string()
		.regex(/^\d{1,9}:\d{1,9}$/)
		.optional()
});

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const parsed = params.safeParse({
		contestId: event.params.contestId,
		after: event.url.searchParams.get('after') ?? undefined
	});
	if (!parsed.success) error(404, m.error_404_text());
	const contest = (await contestsFor(db(), user.unitId)).find((c) => c.id === parsed.data.contestId);
	if (!contest) error(404, m.error_404_text());
	const [rank, userId] = parsed.data.after?.split(':').map(Number) ?? [];
	const page = await overallRanking(readDb(), contest.id, {
		after: parsed.data.after ? { rank, userId } : undefined,
		limit: 50
	});
	return {
		contest: { id: contest.id, title: contest.title },
		rows: page.rows,
		next: page.next ? `${page.next.rank}:${page.next.userId}` : null,
		mine: (await myOverall(db(), contest.id, user.id)) ?? null,
		first: !parsed.data.after,
		meId: user.id
	};
};
