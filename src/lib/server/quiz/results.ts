import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { attempts, contestResults, roundResults, rounds, units, users } from '../db/schema';
import { finalizeRound } from './round-close';
import { setResultsState } from './rounds';

export { recordResult } from './counted-result';
export { finalizeDueRounds, finalizeRound } from './round-close';

/**
 * Ranks every counted entry of the round in one statement (standard competition ranking: ties that survive every
 * tie-break share a rank). Run when results are published or frozen; a leaderboard page and one person's rank are
 * then index lookups.
 */
export async function rankRound(db: Db, roundId: number) {
	// an entry whose counted attempt is flagged as implausibly fast, or disqualified, has no rank (no prize) until an
	// organizer keeps it; the next ranking after the decision places it
	await db.execute(sql`
		update ${roundResults} rr set rank = ranked.rank, ranked_attempt_id = case when ranked.rank is null then null else rr.attempt_id end
		from (
			select e.user_id, case when a.review_state is null or a.review_state = 'kept' then rank() over (
				partition by (a.review_state is null or a.review_state = 'kept')
				order by e.correct_count desc, e.prediction_distance asc nulls last, e.duration_ms asc, e.finished_at asc
			) end::int as rank
			from ${roundResults} e join ${attempts} a on a.id = e.attempt_id
			where e.round_id = ${roundId}
		) ranked
		where rr.round_id = ${roundId} and rr.user_id = ranked.user_id
			and (rr.rank is distinct from ranked.rank
				or rr.ranked_attempt_id is distinct from case when ranked.rank is null then null else rr.attempt_id end)`);
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
					join ${attempts} a on a.id = rr.attempt_id
				where r.contest_id = ${round.contestId} and not r.practice
					and (a.review_state is null or a.review_state = 'kept') and r.id in (
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
): Promise<{ ok: true } | { ok: false; error: 'not_found' | 'not_closed' | 'pending_review' }> {
	const [round] = await db.select().from(rounds).where(eq(rounds.id, roundId));
	if (!round) return { ok: false, error: 'not_found' };
	if (state === 'published') {
		if ((await finalizeRound(db, roundId, now)) === 'not_closed') return { ok: false, error: 'not_closed' };
		if (await hasPendingReview(db, roundId)) return { ok: false, error: 'pending_review' };
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

/** Counted entries of the round whose attempt waits for an organizer's review: results cannot be published yet. */
export async function hasPendingReview(db: Db, roundId: number): Promise<boolean> {
	const rows = rowsOf<{ pending: boolean }>(
		await db.execute(sql`
			select exists (
				select 1 from ${roundResults} rr join ${attempts} a on a.id = rr.attempt_id
				where rr.round_id = ${roundId} and a.review_state = 'flagged'
			) as pending`)
	);
	return rows[0]?.pending === true;
}

/** The person's counted entry in the round (rank null until results are ranked). */
export async function myResult(db: Db, roundId: number, userId: number) {
	const [row] = await db
		.select()
		.from(roundResults)
		.where(and(eq(roundResults.roundId, roundId), eq(roundResults.userId, userId)));
	return row;
}

export interface Standing {
	/** the rank and the figures of the attempt that was ranked (a frozen board's), or null before any ranking */
	ranked: { rank: number; attemptId: number; correctCount: number; durationMs: number } | null;
	/** a better attempt made after the ranking: it counts at the next one */
	pending: { attemptId: number; correctCount: number; durationMs: number } | null;
}

/**
 * The person's place in the round, consistent with the board: the rank goes with the attempt it was given for; a
 * better attempt made since (or an entry not ranked yet) is shown apart, as counting at the next ranking.
 */
export async function myStanding(db: Db, roundId: number, userId: number): Promise<Standing | undefined> {
	const row = await myResult(db, roundId, userId);
	if (!row) return undefined;
	let ranked: Standing['ranked'] = null;
	if (row.rank !== null && row.rankedAttemptId !== null) {
		const [attempt] = await db
			.select({ correctCount: attempts.correctCount, durationMs: attempts.durationMs })
			.from(attempts)
			.where(eq(attempts.id, row.rankedAttemptId));
		if (attempt)
			ranked = {
				rank: row.rank,
				attemptId: row.rankedAttemptId,
				correctCount: attempt.correctCount ?? 0,
				durationMs: attempt.durationMs ?? 0
			};
	}
	const pending =
		ranked?.attemptId === row.attemptId
			? null
			: { attemptId: row.attemptId, correctCount: row.correctCount, durationMs: row.durationMs };
	return { ranked, pending };
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
		if (state === 'published' && (await hasPendingReview(db, roundId))) {
			return { ok: false as const, error: 'pending_review' as const };
		}
		if (state !== 'hidden') await rankRound(db, roundId);
		// a round hidden again leaves the overall ranking at once, not at the next ranking of another round
		else await rankContest(db, roundId, 'left_out');
	}
	return setResultsState(db, roundId, state, now);
}
