import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { limits } from '$lib/server/auth/rate-limit';
import { retryAfter } from '$lib/server/auth/request';
import { db } from '$lib/server/db';
import { myAttempts } from '$lib/server/quiz/attempt-view';
import { quizStarts } from '$lib/server/quiz/admission';
import { startAttempt, type StartError } from '$lib/server/quiz/attempts';
import { visibleRound } from '$lib/server/quiz/participant';
import { myStanding } from '$lib/server/quiz/results';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const roundParam = z.coerce.number().int().positive();

function roundIdOf(event: RequestEvent) {
	const parsed = roundParam.safeParse(event.params.roundId);
	if (!parsed.success) error(404, m.error_404_text());
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const roundId = roundIdOf(event);
	const found = await visibleRound(db(), user.unitId, roundId);
	if (!found) error(404, m.error_404_text());
	const attempts = await myAttempts(db(), roundId, user.id);
	const ranked = found.round.resultsState !== 'hidden';
	const standing = await myStanding(db(), roundId, user.id);
	// a rank shown goes with the attempt it was given for; a better attempt since counts at the next ranking
	const shownRank = ranked ? (standing?.ranked ?? null) : null;
	const latest = standing?.pending ?? standing?.ranked ?? null;
	return {
		contest: found.contest,
		round: found.round,
		attempts,
		counted: latest
			? {
					attemptId: latest.attemptId,
					correctCount: latest.correctCount,
					durationMs: latest.durationMs,
					rank: shownRank?.attemptId === latest.attemptId ? shownRank.rank : null
				}
			: null,
		earlierRank:
			shownRank && shownRank.attemptId !== latest?.attemptId
				? { rank: shownRank.rank, correctCount: shownRank.correctCount }
				: null,
		ranked
	};
};

export const actions: Actions = {
	start: async (event) => {
		const user = requireUser(event);
		const roundId = roundIdOf(event);
		const busy = (refused: { retryAfter: number }) => {
			retryAfter(event, refused.retryAfter);
			return fail(429, {
				startError: m.quiz_busy_start_retry({ seconds: refused.retryAfter }),
				busyRetryAfter: refused.retryAfter
			});
		};
		// when a round opens, thousands start together: a start the process would refuse anyway is refused before
		// the rate-limit statement, so that a refusal costs no database work while the process is overloaded
		const refused = quizStarts.refusesNow();
		if (refused) return busy(refused);
		const limited = await limits.quizStartPerUser.hit(db(), String(user.id));
		if (!limited.ok) {
			retryAfter(event, limited.retryAfter);
			return fail(429, { startError: m.rate_limited({ seconds: limited.retryAfter }) });
		}
		// a start waits its turn briefly or is told when to retry
		const admitted = await quizStarts.run(() =>
			startAttempt(db(), { roundId, userId: user.id, unitId: user.unitId })
		);
		if (!admitted.ok) return busy(admitted);
		const result = admitted.value;
		if (!result.ok) {
			const text: Record<StartError, () => string> = {
				not_found: () => m.error_404_text(),
				not_open: () => m.quiz_start_not_open(),
				not_eligible: () => m.quiz_start_not_eligible(),
				no_attempts_left: () => m.quiz_start_no_attempts(),
				not_enough_questions: () => m.quiz_start_no_questions(),
				busy: () => m.quiz_start_busy()
			};
			return fail(result.error === 'busy' ? 503 : 409, { startError: text[result.error]() });
		}
		redirect(303, `/quiz/${result.attemptId}`);
	}
};
