/**
 * The organizer's live scoreboard of a performance contest: the acts in their order of appearance, how many of
 * their judges have submitted, and the settled score from the moment the last of them submits — what
 * `fullyScored` decides for ranking and advancing, so the board never shows a number that will still move.
 * Organizer-only (it reads entryResults), but it returns no judge's name or single mark.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { entries, essayRounds, roundEntries } from '../../db/schema';
import type { Handle } from '../../result';
import { entryResults, fullyScored } from '../round-results';

export type LiveAct = {
	entryId: number;
	code: string;
	title: string;
	teamName: string | null;
	appearanceNo: number | null;
	/** judges who have submitted / judges on the act */
	scored: number;
	assigned: number;
	/** the settled score, once every judge of the act has submitted (null before) */
	settled: number | null;
};

export type LiveBoard = {
	roundId: number;
	roundName: string;
	scale: number;
	acts: LiveAct[];
	/** every act settled */
	complete: boolean;
};

/** The round being judged: the latest (by position) that has entries; null before judging starts. */
export async function currentRound(db: Handle, contestId: number): Promise<number | null> {
	const [row] = await db
		.select({ id: essayRounds.id })
		.from(essayRounds)
		.where(
			and(
				eq(essayRounds.contestId, contestId),
				sql`exists (select 1 from ${roundEntries} where ${roundEntries.roundId} = ${essayRounds.id})`
			)
		)
		.orderBy(desc(essayRounds.position))
		.limit(1);
	return row?.id ?? null;
}

export async function liveBoard(db: Handle, contestId: number): Promise<LiveBoard | null> {
	const roundId = await currentRound(db, contestId);
	if (roundId === null) return null;
	const results = await entryResults(db, roundId);
	if (!results || results.round.contestId !== contestId) return null;
	const ids = results.entries.map((e) => e.entryId);
	const extra = ids.length
		? await db
				.select({ id: entries.id, teamName: entries.teamName, appearanceNo: entries.appearanceNo })
				.from(entries)
				.where(inArray(entries.id, ids))
		: [];
	const byId = new Map(extra.map((e) => [e.id, e]));
	const acts: LiveAct[] = results.entries.map((e) => {
		const settled = fullyScored(e, results.round.judgesPerEntry) ? e.settled : null;
		return {
			entryId: e.entryId,
			code: e.code,
			title: e.title,
			teamName: byId.get(e.entryId)?.teamName ?? null,
			appearanceNo: byId.get(e.entryId)?.appearanceNo ?? null,
			scored: e.totals.length,
			assigned: e.assigned,
			settled
		};
	});
	acts.sort(
		(a, b) =>
			(a.appearanceNo ?? Number.MAX_SAFE_INTEGER) - (b.appearanceNo ?? Number.MAX_SAFE_INTEGER) ||
			a.code.localeCompare(b.code)
	);
	return {
		roundId,
		roundName: results.round.name,
		scale: results.round.scale,
		acts,
		complete: acts.length > 0 && acts.every((a) => a.settled !== null)
	};
}
