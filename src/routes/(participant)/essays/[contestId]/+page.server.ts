import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { entryErrorMessage } from '$lib/components/essays/entry-errors';
import { m } from '$lib/paraglide/messages';
import { newEntrySchema } from '$lib/schemas/essays-entry';
import { requireUser } from '$lib/server/auth/guards';
import { limits } from '$lib/server/auth/rate-limit';
import { retryAfter } from '$lib/server/auth/request';
import { db } from '$lib/server/db';
import { createEntry, essayContestForUnit, listMyEntries } from '$lib/server/essays/entries';
import { participantResults } from '$lib/server/essays/results';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const idParam = z.coerce.number().int().positive();

function contestIdOf(event: RequestEvent) {
	const parsed = idParam.safeParse(event.params.contestId);
	if (!parsed.success) error(404, m.error_404_text());
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const contest = await essayContestForUnit(db(), user.unitId, contestIdOf(event));
	if (!contest) error(404, m.error_404_text());
	const [mine, results] = await Promise.all([
		listMyEntries(db(), user.id, contest.id),
		// nothing about scores, rounds or tiers before the results are published
		participantResults(db(), contest.id, user.id)
	]);
	return {
		contest,
		results,
		entries: mine.map((e) => ({
			id: e.id,
			code: e.code,
			title: e.title,
			status: e.status,
			wordCount: e.wordCount,
			updatedAt: e.updatedAt
		}))
	};
};

export const actions: Actions = {
	create: async (event) => {
		const user = requireUser(event);
		const contestId = contestIdOf(event);
		const data = await event.request.formData();
		const limited = await limits.essayWritePerUser.hit(db(), String(user.id));
		if (!limited.ok) {
			retryAfter(event, limited.retryAfter);
			return fail(429, {
				title: String(data.get('title') ?? ''),
				titleError: m.rate_limited({ seconds: limited.retryAfter })
			});
		}
		const parsed = newEntrySchema.safeParse({ title: data.get('title') ?? '' });
		if (!parsed.success) {
			return fail(400, {
				title: String(data.get('title') ?? ''),
				titleError: parsed.error.issues[0].message
			});
		}
		const result = await createEntry(db(), {
			contestId,
			authorId: user.id,
			authorUnitId: user.unitId,
			title: parsed.data.title
		});
		if (!result.ok) {
			if (result.error === 'not_found') error(404, m.error_404_text());
			const { text } = entryErrorMessage(result.error, {
				wordCount: 0,
				minWords: null,
				maxWords: null,
				maxFileBytes: 0
			});
			return fail(result.error === 'busy' ? 503 : 409, { title: parsed.data.title, formError: text });
		}
		redirect(303, `/essays/entries/${result.entryId}`);
	}
};
