import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { type Attempt, attempts, contestResults, roundResults, rounds, units, users } from '../db/schema';
import { finishAbandonedAttempts } from './attempts';
import { setResultsState } from './rounds';

/**
 * Keeps the attempt that counts for the person in the round: the best (most correct, then the earliest). Called in
 * the transaction that grades the attempt; practice rounds never count. The rank is left as it was: a frozen
 * leaderboard keeps the order it had when frozen (a newcomer has no rank until the next freeze or publication).
 */
export async function recordResult(db: Db, attempt: Attempt) {
	if (attempt.status !== 'finished' || attempt.correctCount === null || !attempt.finishedAt) return;
	// Every finished attempt counts as an entry; the rest of the row changes only for a better attempt.
	const better = sql`(excluded.correct_count > ${roundResults}.correct_count
		or (excluded.correct_count = ${roundResults}.correct_count and excluded.finished_at < ${roundResults}.finished_at))`;
	const keep = (column: string) =>
		sql
			.raw(`case when `)
			.append(better)
			.append(sql.raw(` then excluded.${column} else round_results.${column} end`));
	await db.execute(sql`
		insert into ${roundResults} (round_id, user_id, attempt_id, unit_id, correct_count, duration_ms, finished_at, prediction)
		select ${attempt.roundId}, ${attempt.userId}, ${attempt.id}, ${attempt.unitId}, ${attempt.correctCount},
			${attempt.durationMs ?? 0}, ${attempt.finishedAt.toISOString()}::timestamptz, ${attempt.prediction}
		from ${rounds} r where r.id = ${attempt.roundId} and not r.practice
		on conflict (round_id, user_id) do update set
			entries = ${roundResults}.entries + 1,
			prediction_distance = case when ${better} then null else ${roundResults}.prediction_distance end,
			attempt_id = ${keep('attempt_id')}, unit_id = ${keep('unit_id')}, correct_count = ${keep('correct_count')},
			duration_ms = ${keep('duration_ms')}, prediction = ${keep('prediction')}, finished_at = ${keep('finished_at')}`);
}

/**
 * The close of a round: finishes what nobody submitted, computes the prediction question's true number (entries
 * of the round with every question right) and each counted entry's distance from it. Idempotent.
 */
export async function finalizeRound(
	db: Db,
	roundId: number,
	now = new Date()
): Promise<'not_closed' | 'done'> {
	const [round] = await db.select().from(rounds).where(eq(rounds.id, roundId));
	// saves may arrive until the close plus the grace: only then is every attempt of the round settled
	if (!round || now.getTime() < round.closesAt.getTime() + round.graceSeconds * 1000) return 'not_closed';
	while ((await finishAbandonedAttempts(db, now, { roundId })) > 0) {
		// batches of 500 until every attempt of the round is finished
	}
	await db.transaction(async (tx) => {
		const [{ perfect }] = rowsOf<{ perfect: number }>(
			await tx.execute(sql`
				select count(*)::int as perfect from ${attempts}
				where round_id = ${roundId} and status = 'finished' and correct_count = question_count`)
		);
		await tx
			.update(rounds)
			.set({ predictionAnswer: perfect, finalizedAt: now })
			.where(eq(rounds.id, roundId));
		await tx.execute(sql`
			update ${roundResults} set prediction_distance = abs(prediction - ${perfect})
			where round_id = ${roundId} and prediction is not null`);
	});
	return 'done';
}

/**
 * Ranks every counted entry of the round in one statement (standard competition ranking: ties that survive every
 * tie-break share a rank). Run when results are published or frozen; a leaderboard page and one person's rank are
 * then index lookups.
 */
export async function rankRound(db: Db, roundId: number) {
	await db.execute(sql`
		update ${roundResults} rr set rank = ranked.rank, ranked_attempt_id = rr.attempt_id
		from (
			select user_id, rank() over (
				order by correct_count desc, prediction_distance asc nulls last, duration_ms asc, finished_at asc
			)::int as rank
			from ${roundResults} where round_id = ${roundId}
		) ranked
		where rr.round_id = ${roundId} and rr.user_id = ranked.user_id
			and (rr.rank is distinct from ranked.rank or rr.ranked_attempt_id is distinct from rr.attempt_id)`);
	await rankContest(db, roundId);
}

/**
 * Rebuilds the overall ranking of the round's contest from the counted results of its ranked rounds (frozen or
 * published, never practice): total correct ↓, total time ↑, earliest last submission ↑. One transaction, so a
 * reader sees the old ranking or the new one. The round given is counted while it is being ranked (its state is set
 * after), or left out when it is being hidden.
 */
async function rankContest(db: Db, roundId: number, thisRound: 'included' | 'left_out' = 'included') {
	await db.transaction(async (tx) => {
		const [round] = await tx
			.select({ contestId: rounds.contestId })
			.from(rounds)
			.where(eq(rounds.id, roundId));
		if (!round) return;
		await tx.delete(contestResults).where(eq(contestResults.contestId, round.contestId));
		await tx.execute(sql`
			insert into ${contestResults} (contest_id, user_id, rounds, correct_count, duration_ms, last_finished_at, rank)
			select ${round.contestId}, user_id, rounds, correct, duration, last_finished,
				rank() over (order by correct desc, duration asc, last_finished asc)
			from (
				select rr.user_id, count(*) as rounds, sum(rr.correct_count) as correct, sum(rr.duration_ms) as duration,
					max(rr.finished_at) as last_finished
				from ${roundResults} rr join ${rounds} r on r.id = rr.round_id
				where r.contest_id = ${round.contestId} and not r.practice and r.id in (
					select id from ${rounds} where contest_id = ${round.contestId}
						and ${thisRound === 'included' ? sql`(results_state <> 'hidden' or id = ${roundId})` : sql`results_state <> 'hidden' and id <> ${roundId}`}
				)
				group by rr.user_id
			) totals`);
	});
}

/** Publishing a closed round finalizes and ranks it; freezing an open one ranks what is there now. */
export async function publishRound(
	db: Db,
	roundId: number,
	state: 'hidden' | 'frozen' | 'published',
	now = new Date()
): Promise<{ ok: true } | { ok: false; error: 'not_found' | 'not_closed' }> {
	const [round] = await db.select().from(rounds).where(eq(rounds.id, roundId));
	if (!round) return { ok: false, error: 'not_found' };
	if (state === 'published') {
		if ((await finalizeRound(db, roundId, now)) === 'not_closed') return { ok: false, error: 'not_closed' };
	}
	if (state !== 'hidden') await rankRound(db, roundId);
	await db.update(rounds).set({ resultsState: state, resultsAt: now }).where(eq(rounds.id, roundId));
	return { ok: true };
}

export interface LeaderboardRow {
	rank: number;
	userId: number;
	fullName: string;
	unitName: string;
	correctCount: number;
	predictionDistance: number | null;
	durationMs: number;
	finishedAt: Date;
}

/**
 * One page of a ranked round, after the keyset cursor (rank, userId). Each row shows the attempt that was ranked, so a
 * frozen board stays as it was frozen even when people do better afterwards.
 */
export async function leaderboardPage(
	db: Db,
	roundId: number,
	options: { after?: { rank: number; userId: number }; limit?: number } = {}
): Promise<{ rows: LeaderboardRow[]; next: { rank: number; userId: number } | null }> {
	const limit = options.limit ?? 50;
	const rows = await db
		.select({
			rank: sql<number>`${roundResults.rank}`,
			userId: roundResults.userId,
			fullName: users.fullName,
			unitName: units.name,
			correctCount: sql<number>`${attempts.correctCount}`,
			predictionDistance: roundResults.predictionDistance,
			durationMs: sql<number>`${attempts.durationMs}`,
			finishedAt: sql<Date>`${attempts.finishedAt}`.mapWith(attempts.finishedAt)
		})
		.from(roundResults)
		.innerJoin(attempts, eq(attempts.id, roundResults.rankedAttemptId))
		.innerJoin(users, eq(users.id, roundResults.userId))
		.innerJoin(units, eq(units.id, attempts.unitId))
		.where(
			and(
				eq(roundResults.roundId, roundId),
				sql`${roundResults.rank} is not null`,
				options.after
					? sql`(${roundResults.rank}, ${roundResults.userId}) > (${options.after.rank}, ${options.after.userId})`
					: undefined
			)
		)
		.orderBy(roundResults.rank, roundResults.userId)
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const last = page[page.length - 1];
	return { rows: page, next: rows.length > limit && last ? { rank: last.rank, userId: last.userId } : null };
}

/** The person's counted entry in the round (rank null until results are ranked). */
export async function myResult(db: Db, roundId: number, userId: number) {
	const [row] = await db
		.select()
		.from(roundResults)
		.where(and(eq(roundResults.roundId, roundId), eq(roundResults.userId, userId)));
	return row;
}

/**
 * Rounds that closed (past their grace) and were not finalized yet get their close-of-round work done: the server's
 * periodic sweep calls this, so the true number exists even if nobody publishes. Returns how many it finalized.
 */
export async function finalizeDueRounds(db: Db, now = new Date()): Promise<number> {
	const due = rowsOf<{ id: number }>(
		await db.execute(sql`
			select id from ${rounds}
			where finalized_at is null and closes_at + make_interval(secs => grace_seconds) < ${now.toISOString()}::timestamptz
			order by closes_at limit 20`)
	);
	for (const { id } of due) await finalizeRound(db, id, now);
	return due.length;
}

/**
 * The organizer's results switch. Settles and ranks first, then shows, so participants never see "published"
 * without ranks: publishing finishes abandoned attempts and computes the true prediction number; freezing ranks
 * what is there now. Choosing the state a round already has changes nothing (a frozen board stays as frozen).
 */
export async function changeResultsState(
	db: Db,
	roundId: number,
	state: 'hidden' | 'frozen' | 'published',
	now = new Date()
) {
	const [before] = await db.select({ state: rounds.resultsState }).from(rounds).where(eq(rounds.id, roundId));
	if (before && before.state !== state) {
		if (state === 'published' && (await finalizeRound(db, roundId, now)) === 'not_closed') {
			return { ok: false as const, error: 'not_closed' as const };
		}
		if (state !== 'hidden') await rankRound(db, roundId);
		// a round hidden again leaves the overall ranking at once, not at the next ranking of another round
		else await rankContest(db, roundId, 'left_out');
	}
	return setResultsState(db, roundId, state, now);
}

export async function myStanding(db: Db, roundId: number, userId: number) {
	const row = await myResult(db, roundId, userId);
	return row ? { ranked: row, pending: null } : undefined;
}
