import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { contestsFor } from '$lib/server/quiz/participant';
import { overallRanking } from '$lib/server/quiz/standings';
import type { PageServerLoad } from './$types';

const params = z.object({
	contestId: z.coerce.number().int().positive(),
	page: z.coerce.number().int().min(1).max(10_000).default(1)
});

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const parsed = params.safeParse({
		contestId: event.params.contestId,
		page: event.url.searchParams.get('page') ?? undefined
	});
	if (!parsed.success) error(404, m.error_404_text());
	const contest = (await contestsFor(db(), user.unitId)).find((c) => c.id === parsed.data.contestId);
	if (!contest) error(404, m.error_404_text());
	const pageSize = 50;
	const rows = await overallRanking(db(), contest.id, {
		limit: pageSize + 1,
		offset: (parsed.data.page - 1) * pageSize
	});
	return {
		contest: { id: contest.id, title: contest.title },
		rows: rows.slice(0, pageSize),
		page: parsed.data.page,
		hasNext: rows.length > pageSize,
		meId: user.id
	};
};
