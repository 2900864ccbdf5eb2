import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { attemptQuestions, attempts, contests, roundTopics, rounds, units, users } from '../db/schema';
import { drawQuestions, type Random } from './draw';
import { attemptDeadline, acceptsSaveAt } from './deadlines';
import { drawablePools, forgetPools, topicsKey } from './round-pools';
import { finishAttempt } from './finish';

// The attempt engine in three parts: starting (here), saving answers (answers.ts), finishing (finish.ts).
export { clearPoolCache } from './round-pools';
export { saveAnswer, savePrediction, type RateLimited, type SaveError, type SaveLimit } from './answers';
export { finishAbandonedAttempts, finishAttempt } from './finish';

class RoundChanged extends Error {}

export type StartError =
	'not_found' | 'not_open' | 'not_eligible' | 'no_attempts_left' | 'not_enough_questions' | 'busy';

/** A round as seen by the attempt engine: with its contest's eligibility. */
export async function roundForAttempt(db: Db, roundId: number) {
	const [row] = await db
		.select({ round: rounds, published: contests.published, eligibleUnitId: contests.eligibleUnitId })
		.from(rounds)
		.innerJoin(contests, eq(contests.id, rounds.contestId))
		.where(and(eq(rounds.id, roundId), eq(contests.kind, 'quiz')));
	return row;
}

/** Whether the user's unit lies in the subtree of `eligibleUnitId` (null: everyone may take part). */
async function isEligible(db: Db, userId: number, eligibleUnitId: number | null): Promise<boolean> {
	if (eligibleUnitId === null) return true;
	const rows = rowsOf<{ ok: boolean }>(
		await db.execute(sql`
			select exists (
				select 1 from ${users} u
				join ${units} mine on mine.id = u.unit_id
				join ${units} root on root.id = ${eligibleUnitId}
				where u.id = ${userId} and mine.path like root.path || '%'
			) as ok`)
	);
	return rows[0]?.ok === true;
}

/**
 * Starts an attempt, or returns the one in progress (a second tab, a refresh, a double tap). The database holds the
 * invariants: one attempt in progress per person and round (partial unique index), and attempt numbers unique per
 * person and round, so 50 simultaneous starts by one person make one attempt and never exceed the limit.
 */
export async function startAttempt(
	db: Db,
	input: { roundId: number; userId: number; unitId: number; now?: Date; random?: Random }
): Promise<{ ok: true; attemptId: number; resumed: boolean } | { ok: false; error: StartError }> {
	const now = input.now ?? new Date();
	const found = await roundForAttempt(db, input.roundId);
	if (!found || !found.published) return { ok: false, error: 'not_found' };
	let round = found.round;
	if (now < round.opensAt || now >= round.closesAt) return { ok: false, error: 'not_open' };
	if (!(await isEligible(db, input.userId, found.eligibleUnitId)))
		return { ok: false, error: 'not_eligible' };

	for (let tries = 0; tries < 4; tries++) {
		if (now < round.opensAt || now >= round.closesAt) return { ok: false, error: 'not_open' };
		// one query: the attempts used so far and the one in progress, if any
		const [mine] = rowsOf<{
			used: number;
			current_id: string | number | null;
			current_deadline: Date | string | null;
		}>(
			await db.execute(sql`
				select count(*)::int as used,
					max(id) filter (where status = 'in_progress') as current_id,
					max(deadline) filter (where status = 'in_progress') as current_deadline
				from ${attempts} where round_id = ${round.id} and user_id = ${input.userId}`)
		);
		if (mine.current_id !== null && mine.current_deadline !== null) {
			const currentId = Number(mine.current_id);
			if (acceptsSaveAt(now, new Date(mine.current_deadline), round.graceSeconds)) {
				return { ok: true, attemptId: currentId, resumed: true };
			}
			// its time (and grace) is over: finish it from its saved answers; it still counts as used
			await finishAttempt(db, { attemptId: currentId, endedBy: 'abandoned', now });
		}
		const attemptNo = Number(mine.used) + 1;
		if (round.attemptsAllowed !== null && attemptNo > round.attemptsAllowed) {
			return { ok: false, error: 'no_attempts_left' };
		}

		const { topics: wanted, pools } = await drawablePools(db, round.id, now.getTime());
		if (wanted.length === 0 || wanted.some((t) => (pools.get(t.topicId)?.length ?? 0) < t.questionCount)) {
			return { ok: false, error: 'not_enough_questions' };
		}
		const drawn = drawQuestions(
			wanted.map((t) => ({ topicId: t.topicId, count: t.questionCount, questions: pools.get(t.topicId)! })),
			{ shuffleQuestions: round.shuffleQuestions, shuffleOptions: round.shuffleOptions },
			input.random
		);

		try {
			const drawnFrom = round;
			const attemptId = await db.transaction(async (tx) => {
				// An organizer's edit of the round locks it FOR UPDATE; holding KEY SHARE here, the insert below (a new
				// statement, so it sees what such an edit committed) goes ahead only if the settings and topics we drew
				// with are still the round's: no attempt is made from settings just replaced.
				await tx.execute(sql`select id from ${rounds} where id = ${drawnFrom.id} for key share`);
				const values = sql.join(
					drawn.map(
						(q, position) =>
							sql`(${position}::smallint, ${q.questionId}::int, ${`{${q.optionOrder.join(',')}}`}::smallint[])`
					),
					sql`, `
				);
				const inserted = rowsOf<{ attempt_id: string | number }>(
					await tx.execute(sql`
						with attempt as (
							insert into ${attempts} (round_id, user_id, unit_id, attempt_no, started_at, deadline, question_count)
							select r.id, ${input.userId}, ${input.unitId}, ${attemptNo}, ${now.toISOString()}::timestamptz,
								${attemptDeadline(now, drawnFrom.timeLimitSeconds, drawnFrom.closesAt).toISOString()}::timestamptz,
								${drawn.length}
							from ${rounds} r
							where r.id = ${drawnFrom.id} and r.time_limit_seconds = ${drawnFrom.timeLimitSeconds}
								and (r.attempts_allowed is null or ${attemptNo} <= r.attempts_allowed)
								and date_trunc('milliseconds', r.closes_at) = ${drawnFrom.closesAt.toISOString()}::timestamptz
								and (select coalesce(string_agg(t.topic_id || ':' || t.question_count, ',' order by t.topic_id), '')
									from ${roundTopics} t where t.round_id = r.id) = ${topicsKey(wanted)}
							returning id
						)
						insert into ${attemptQuestions} (attempt_id, position, question_id, option_order)
						select attempt.id, v.position, v.question_id, v.option_order
						from attempt cross join (values ${values}) as v(position, question_id, option_order)
						returning attempt_id`)
				);
				if (inserted.length !== drawn.length) throw new RoundChanged();
				return Number(inserted[0].attempt_id);
			});
			return { ok: true, attemptId, resumed: false };
		} catch (err) {
			// Another start of the same person won the race: loop to return theirs, or to take the next number.
			if (uniqueViolation(err)) continue;
			if (err instanceof RoundChanged) {
				forgetPools(round.id);
				const fresh = await roundForAttempt(db, input.roundId);
				if (!fresh) return { ok: false, error: 'not_found' };
				round = fresh.round;
				continue;
			}
			throw err;
		}
	}
	return { ok: false, error: 'busy' };
}
