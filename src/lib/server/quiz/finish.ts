import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { type Attempt, attemptQuestions, attempts, questionOptions, rounds } from '../db/schema';
import { publishActivity } from '../live/hub';
import { recordResult } from './counted-result';

/**
 * Finishes and grades an attempt exactly once: the status change from in_progress is the guard, so a double
 * submit, a retry and the server's sweep cannot grade twice. An attempt finished late keeps its deadline as finish
 * time. Returns the attempt as finished (also when it already was).
 */
export async function finishAttempt(
	db: Db,
	input: { attemptId: number; userId?: number; endedBy: 'submitted' | 'deadline' | 'abandoned'; now?: Date }
): Promise<{ ok: true; attempt: Attempt } | { ok: false; error: 'not_found' }> {
	const now = input.now ?? new Date();
	const finished = await db.transaction(async (tx) => {
		const owner = input.userId === undefined ? sql`true` : sql`a.user_id = ${input.userId}`;
		const claimed = rowsOf<{ id: number }>(
			await tx.execute(sql`
				update ${attempts} a
				set status = 'finished', finished_at = least(${now.toISOString()}::timestamptz, a.deadline), ended_by = ${input.endedBy},
					correct_count = 0, duration_ms = 0
				where a.id = ${input.attemptId} and ${owner} and a.status = 'in_progress'
				returning a.id`)
		);
		if (claimed.length === 1) {
			await tx.execute(sql`
				update ${attemptQuestions} aq
				set correct = coalesce(aq.selected = (
					select array_agg(o.position order by o.position) from ${questionOptions} o
					where o.question_id = aq.question_id and o.is_correct
				), false)
				where aq.attempt_id = ${input.attemptId}`);
			await tx.execute(sql`
				update ${attempts} a
				set correct_count = (select count(*) from ${attemptQuestions} aq where aq.attempt_id = a.id and aq.correct),
					duration_ms = greatest(0, (extract(epoch from (a.finished_at - a.started_at)) * 1000)::int)
				where a.id = ${input.attemptId}`);
		}
		const [attempt] = await tx
			.select()
			.from(attempts)
			.where(
				input.userId === undefined
					? eq(attempts.id, input.attemptId)
					: and(eq(attempts.id, input.attemptId), eq(attempts.userId, input.userId))
			);
		if (!attempt) return { ok: false as const, error: 'not_found' as const };
		if (claimed.length === 1) await recordResult(tx, attempt);
		return { ok: true as const, attempt };
	});
	// after the commit: live dashboards reload (coalesced; a retry of a finished attempt only adds a poke)
	if (finished.ok) publishActivity(finished.attempt.roundId);
	return finished;
}

/**
 * Finishes attempts whose deadline and grace have passed and that nobody submitted, from their saved answers.
 * Safe to run in several processes at once (finishAttempt's guard). Returns how many it finished.
 */
export async function finishAbandonedAttempts(
	db: Db,
	now = new Date(),
	options: { roundId?: number; limit?: number } = {}
): Promise<number> {
	const overdue = rowsOf<{ id: number }>(
		await db.execute(sql`
			select a.id from ${attempts} a join ${rounds} r on r.id = a.round_id
			where a.status = 'in_progress' and a.deadline + make_interval(secs => r.grace_seconds) < ${now.toISOString()}::timestamptz
				${options.roundId === undefined ? sql`` : sql`and a.round_id = ${options.roundId}`}
			order by a.deadline limit ${options.limit ?? 500}`)
	);
	let finished = 0;
	for (const { id } of overdue) {
		try {
			const result = await finishAttempt(db, { attemptId: Number(id), endedBy: 'abandoned', now });
			if (result.ok) finished++;
		} catch (err) {
			console.error(`could not finish attempt ${id}:`, (err as Error).message);
		}
	}
	return finished;
}
