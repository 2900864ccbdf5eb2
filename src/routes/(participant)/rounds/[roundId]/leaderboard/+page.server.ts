import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { flaggedReviewSchema } from '$lib/schemas/contests';
import { m } from '$lib/paraglide/messages';
import { requireRole, requireUser } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import { visibleRound } from '$lib/server/quiz/participant';
import { leaderboardPage, myStanding } from '$lib/server/quiz/results';
import { flaggedAttempts, reviewFlaggedAttempt } from '$lib/server/quiz/speed-review';
import type { Actions, PageServerLoad } from './$types';

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
	// the flag is for organizers only: a participant never learns that an attempt is under review
	const organizer = user.roles.includes('organizer') || user.roles.includes('admin');
	const flagged = (organizer ? await flaggedAttempts(db(), found.round.id) : []).map((f) => ({
		...f,
		finishedAt: f.finishedAt.toISOString()
	}));
	const base = { contest: found.contest, round: found.round, meId: user.id, flagged };
	if (found.round.resultsState === 'hidden')
		return { ...base, rows: [], next: null, mine: null, minePending: null };
	const [rank, userId] = parsed.data.after?.split(':').map(Number) ?? [];
	const page = await leaderboardPage(readDb(), found.round.id, {
		after: parsed.data.after ? { rank, userId } : undefined,
		limit: 50
	});
	const mine = await myStanding(db(), found.round.id, user.id);
	return {
		...base,
		rows: page.rows.map((r) => ({ ...r, finishedAt: r.finishedAt.toISOString() })),
		next: page.next ? `${page.next.rank}:${page.next.userId}` : null,
		mine: mine?.ranked ? { rank: mine.ranked.rank, correctCount: mine.ranked.correctCount } : null,
		minePending: mine?.ranked && mine.pending ? { correctCount: mine.pending.correctCount } : null
	};
};

export const actions: Actions = {
	review: async (event) => {
		const user = requireRole(event, 'organizer', 'admin');
		const roundId = z.coerce.number().int().positive().safeParse(event.params.roundId);
		if (!roundId.success) error(404, m.error_404_text());
		// one form per flagged attempt: the page shows the result beside the row whose attemptId it carries
		const form = await superValidate(event.request, zod4(flaggedReviewSchema));
		if (!form.valid) return fail(400, { form });
		const result = await reviewFlaggedAttempt(db(), {
			...form.data,
			roundId: roundId.data,
			actorId: user.id
		});
		if (!result.ok) {
			if (result.error === 'not_found') error(404, m.error_404_text());
			return result.error === 'reason_required'
				? setError(form, 'reason', m.quizint_reason_required())
				: message(form, { type: 'error', text: m.quizint_not_flagged() }, { status: 400 });
		}
		return message(form, { type: 'ok', text: m.quizint_reviewed_done() });
	}
};
