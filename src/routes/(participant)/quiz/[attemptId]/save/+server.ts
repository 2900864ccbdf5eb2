import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { limits } from '$lib/server/auth/rate-limit';
import { db } from '$lib/server/db';
import { saveAnswer, savePrediction, type SaveError } from '$lib/server/quiz/attempts';
import type { RequestHandler } from './$types';

const body = z.union([
	z.object({
		position: z.number().int().min(0).max(199),
		choices: z.array(z.number().int().min(0).max(5)).max(6),
		seq: z.number().int().min(1).max(2_000_000_000)
	}),
	z.object({ prediction: z.number().int().min(0).max(1_000_000_000).nullable() })
]);

const STATUS: Record<SaveError, number> = {
	not_found: 404,
	finished: 409,
	too_late: 409,
	stale: 200,
	invalid: 422
};

function rateLimited(seconds: number) {
	return json(
		{ ok: false, code: 'rate_limited', message: m.rate_limited({ seconds }) },
		{ status: 429, headers: { 'retry-after': String(seconds) } }
	);
}

/** Saves one answer (or the prediction) of the caller's attempt in progress; answers with the server's clock. */
export const POST: RequestHandler = async (event) => {
	const user = requireUser(event);
	const attemptId = Number(event.params.attemptId);
	if (!Number.isInteger(attemptId) || attemptId <= 0) error(404, m.error_404_text());
	const limit = { limiter: limits.answerSavePerUser, key: String(user.id) };
	const parsed = body.safeParse(await event.request.json().catch(() => null));
	if (!parsed.success) {
		// counted too: a stream of malformed bodies is held to the same limit
		const limited = await limit.limiter.hit(db(), limit.key);
		if (!limited.ok) return rateLimited(limited.retryAfter);
		return json({ ok: false, code: 'invalid', message: m.quiz_save_invalid() }, { status: 422 });
	}
	const input = parsed.data;
	let result;
	if ('prediction' in input) {
		const limited = await limit.limiter.hit(db(), limit.key);
		if (!limited.ok) return rateLimited(limited.retryAfter);
		result = await savePrediction(db(), { attemptId, userId: user.id, prediction: input.prediction });
	} else {
		// the limit is counted by the save's own statement (one round trip)
		result = await saveAnswer(db(), { attemptId, userId: user.id, ...input }, limit);
	}
	const serverNow = new Date().toISOString();
	if (result.ok) return json({ ok: true, serverNow });
	if (result.error === 'rate_limited') return rateLimited(result.retryAfter);
	// a stale save lost to a newer one from this or another device: nothing to fix on the client
	if (result.error === 'stale') return json({ ok: true, stale: true, serverNow });
	const message = {
		not_found: m.error_404_text,
		finished: m.quiz_save_finished,
		too_late: m.quiz_save_too_late,
		invalid: m.quiz_save_invalid
	}[result.error]();
	return json({ ok: false, code: result.error, message, serverNow }, { status: STATUS[result.error] });
};

/** The server's clock, for the countdown to resynchronize with. */
export const GET: RequestHandler = async (event) => {
	requireUser(event);
	return json({ serverNow: new Date().toISOString() }, { headers: { 'cache-control': 'no-store' } });
};
