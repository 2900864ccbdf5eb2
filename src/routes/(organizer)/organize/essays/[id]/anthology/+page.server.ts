import { z } from 'zod';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { anthologyEntries } from '$lib/server/essays/anthology';
import { essayContest } from '../../forms.server';
import { anthologyErrorText } from './anthology.server';
import type { PageServerLoad } from './$types';

const errorParam = z.enum(['none_chosen', 'foreign_entry']).optional().catch(undefined);

/** The winners that can go into the anthology, in award order; organizers in scope only. */
export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const found = await anthologyEntries(db(), contest.id);
	const error = errorParam.parse(event.url.searchParams.get('error') ?? undefined);
	return {
		contest: { id: contest.id, title: contest.title },
		published: found.ok,
		entries: found.ok
			? found.entries.map((e) => ({
					entryId: e.entryId,
					code: e.code,
					title: e.title,
					author: e.author,
					unit: e.unit,
					tier: e.tier,
					fileKind: e.fileKind
				}))
			: [],
		error: error ? anthologyErrorText(error) : null
	};
};
