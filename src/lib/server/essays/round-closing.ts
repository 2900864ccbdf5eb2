import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import { essayRounds, roundEntries } from '../db/schema';
import { resultsPublishedLocked, roundClosed } from './judging-common';
import type { AdminResult } from './rounds-admin';

// Closing and reopening a judging round, and the state the organizer sees before advancing.

/** Closes the round now (scores freeze: saveScore answers `closed`). Closing a closed round changes nothing. */
export async function closeRound(
	db: Db,
	roundId: number,
	now = new Date(),
	actorId: number | null = null
): Promise<AdminResult<{ already: boolean }>> {
	return db.transaction(async (tx) => {
		const [round] = await tx.select().from(essayRounds).where(eq(essayRounds.id, roundId)).for('update');
		if (!round) return { ok: false, error: 'not_found' } as const;
		if (round.closedAt) return { ok: true, already: true } as const;
		await tx.update(essayRounds).set({ closedAt: now }).where(eq(essayRounds.id, roundId));
		await recordAudit(tx, {
			actorId,
			contestId: round.contestId,
			entity: 'essay_round',
			entityId: roundId,
			action: 'round.close',
			at: now
		});
		return { ok: true, already: false } as const;
	});
}

/**
 * Reopens a closed round, only while no later round of the contest holds entries: those entries were chosen on
 * this round's scores, which must not change under them. The round row is locked, and advancing takes the same
 * lock, so a reopen and an advance cannot cross. Refused once the contest's results are published (the
 * essay_settings row is shared first: a publication cannot commit in between and leave the final round open).
 */
export async function reopenRound(
	db: Db,
	roundId: number,
	now = new Date(),
	actorId: number | null = null
): Promise<AdminResult<object>> {
	return db.transaction(async (tx) => {
		const [owner] = await tx
			.select({ contestId: essayRounds.contestId })
			.from(essayRounds)
			.where(eq(essayRounds.id, roundId));
		if (!owner) return { ok: false, error: 'not_found' } as const;
		if (await resultsPublishedLocked(tx, owner.contestId))
			return { ok: false, error: 'results_published' } as const;
		const [round] = await tx.select().from(essayRounds).where(eq(essayRounds.id, roundId)).for('update');
		if (!round) return { ok: false, error: 'not_found' } as const;
		const [later] = await tx
			.select({ n: sql<number>`count(*)::int` })
			.from(roundEntries)
			.innerJoin(essayRounds, eq(essayRounds.id, roundEntries.roundId))
			.where(and(eq(essayRounds.contestId, round.contestId), gt(essayRounds.position, round.position)));
		if (later.n > 0) return { ok: false, error: 'later_round_started' } as const;
		if (round.closesAt && now.getTime() >= round.closesAt.getTime())
			return { ok: false, error: 'deadline_passed' } as const;
		await tx.update(essayRounds).set({ closedAt: null }).where(eq(essayRounds.id, roundId));
		await recordAudit(tx, {
			actorId,
			contestId: round.contestId,
			entity: 'essay_round',
			entityId: roundId,
			action: 'round.reopen',
			before: { closedAt: round.closedAt },
			at: now
		});
		return { ok: true } as const;
	});
}

export type RoundStatus = {
	name: string;
	scale: number;
	closed: boolean;
	closedAt: Date | null;
	closesAt: Date | null;
	nextRound: { id: number; name: string } | null;
	/** a later round holds entries: reopening is refused */
	laterStarted: boolean;
	/** the first round takes the submitted entries (openRound); later ones receive advanced entries */
	first: boolean;
};

/** Whether the round is closed (and how), its next round and whether a later round has started. */
export async function roundStatus(db: Db, roundId: number, now = new Date()): Promise<RoundStatus | null> {
	const [round] = await db.select().from(essayRounds).where(eq(essayRounds.id, roundId));
	if (!round) return null;
	const later = await db
		.select({
			id: essayRounds.id,
			name: essayRounds.name,
			entries: sql<number>`(select count(*)::int from round_entries re where re.round_id = ${essayRounds.id})`
		})
		.from(essayRounds)
		.where(and(eq(essayRounds.contestId, round.contestId), gt(essayRounds.position, round.position)))
		.orderBy(asc(essayRounds.position));
	return {
		name: round.name,
		scale: round.scale,
		closed: roundClosed(round, now),
		closedAt: round.closedAt,
		closesAt: round.closesAt,
		nextRound: later[0] ? { id: later[0].id, name: later[0].name } : null,
		laterStarted: later.some((r) => r.entries > 0),
		first:
			(await db.$count(
				essayRounds,
				and(eq(essayRounds.contestId, round.contestId), lt(essayRounds.position, round.position))
			)) === 0
	};
}
