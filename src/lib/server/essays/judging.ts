/**
 * Essay judging on the database, the organizer's side of a round: opening it (entries in), moving entries on, and who
 * judges which entry (automatic and manual assignment, audited unassignment). The rules themselves are the pure
 * functions of assignment.ts and scoring.ts; this module feeds them rows and writes their results in transactions.
 * The judge's side is judge-side.ts, scoring is marking.ts (with extra-judge.ts), the organizer's aggregates
 * round-results.ts.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { assignments, entries, essayRounds, roundEntries, scores, units } from '../db/schema';
import { enterJudging } from './stages';
import { assignJudges, isConflict, type Unassignable } from './assignment';

import { callExtraJudgeIfNeeded } from './extra-judge';
import {
	type Handle,
	type Result,
	contestJudges,
	contestOfRound,
	resultsPublishedLocked,
	roundById
} from './judging-common';

// ---------------------------------------------------------------------------------------------------------------
// Rounds and entries

/**
 * Puts every submitted entry of the contest into the first round; idempotent (entries already in stay). Only once
 * submissions are closed (stages.ts): opening moves the contest to judging, audited.
 */
export async function openRound(
	db: Db,
	roundId: number,
	options: { now?: Date; actorId?: number | null } = {}
): Promise<Result<{ added: number }>> {
	return db.transaction(async (tx) => {
		const contestId = await contestOfRound(tx, roundId);
		if (contestId === null) return { ok: false, error: 'not_found' } as const;
		const entered = await enterJudging(tx, contestId, options.actorId ?? null, options.now ?? new Date());
		if (!entered.ok) return { ok: false, error: entered.error } as const;
		const round = await roundById(tx, roundId);
		if (!round) return { ok: false, error: 'not_found' } as const;
		const [first] = await tx
			.select({ id: essayRounds.id })
			.from(essayRounds)
			.where(eq(essayRounds.contestId, round.contestId))
			.orderBy(asc(essayRounds.position))
			.limit(1);
		if (first.id !== round.id) return { ok: false, error: 'not_first_round' } as const;
		const added = rowsOf<{ entry_id: number }>(
			await tx.execute(sql`
				insert into round_entries (round_id, entry_id)
				select ${round.id}, e.id from entries e where e.contest_id = ${round.contestId} and e.status = 'submitted'
				on conflict do nothing
				returning entry_id`)
		);
		return { ok: true, added: added.length } as const;
	});
}

/** Moves the chosen entries of one round on to a later round of the same contest; idempotent. */
export async function advanceEntries(
	db: Handle,
	fromRoundId: number,
	toRoundId: number,
	entryIds: readonly number[]
): Promise<Result<{ added: number }>> {
	const [from, to] = [await roundById(db, fromRoundId), await roundById(db, toRoundId)];
	if (!from || !to) return { ok: false, error: 'not_found' };
	if (from.contestId !== to.contestId || to.position <= from.position)
		return { ok: false, error: 'bad_rounds' };
	if (entryIds.length === 0) return { ok: true, added: 0 };
	const eligible = await db
		.select({ id: entries.id })
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.where(
			and(
				eq(roundEntries.roundId, from.id),
				inArray(roundEntries.entryId, [...entryIds]),
				eq(entries.status, 'submitted')
			)
		);
	if (eligible.length !== new Set(entryIds).size) return { ok: false, error: 'not_in_round' };
	const added = await db
		.insert(roundEntries)
		.values(eligible.map((e) => ({ roundId: to.id, entryId: e.id })))
		.onConflictDoNothing()
		.returning({ entryId: roundEntries.entryId });
	return { ok: true, added: added.length };
}

// ---------------------------------------------------------------------------------------------------------------
// Assignment

export type AutoAssignResult = {
	created: number;
	entries: number;
	judges: number;
	unassignable: (Unassignable & { code: string })[];
};

const INSERT_CHUNK = 2000;

/**
 * Gives every entry of the round its judges (balanced, conflict-free), keeping existing and manual assignments.
 * The round row is locked for the run, so two clicks cannot both top entries up past the number of judges.
 */
export async function autoAssign(
	db: Db,
	roundId: number,
	createdBy: number | null
): Promise<Result<AutoAssignResult>> {
	return db.transaction(async (tx) => {
		const contestId = await contestOfRound(tx, roundId);
		if (contestId === null) return { ok: false, error: 'not_found' } as const;
		if (await resultsPublishedLocked(tx, contestId))
			return { ok: false, error: 'results_published' } as const;
		const [round] = await tx.select().from(essayRounds).where(eq(essayRounds.id, roundId)).for('update');
		if (!round) return { ok: false, error: 'not_found' } as const;
		const judges = await contestJudges(tx, round.contestId);
		const roundEntryRows = await tx
			.select({ id: entries.id, code: entries.code, authorUnitPath: units.path })
			.from(roundEntries)
			.innerJoin(entries, eq(entries.id, roundEntries.entryId))
			.innerJoin(units, eq(units.id, entries.authorUnitId))
			.where(and(eq(roundEntries.roundId, round.id), eq(entries.status, 'submitted')));
		const all = await tx
			.select({
				entryId: assignments.entryId,
				judgeId: assignments.judgeId,
				removedAt: assignments.removedAt
			})
			.from(assignments)
			.where(eq(assignments.roundId, round.id));
		// a judge taken off an entry is never put back on it by a run
		const result = assignJudges({
			entries: roundEntryRows,
			judges,
			perEntry: round.judgesPerEntry,
			existing: all.filter((a) => a.removedAt === null),
			excluded: all.filter((a) => a.removedAt !== null)
		});
		for (let i = 0; i < result.assignments.length; i += INSERT_CHUNK) {
			await tx.insert(assignments).values(
				result.assignments.slice(i, i + INSERT_CHUNK).map((a) => ({
					roundId: round.id,
					entryId: a.entryId,
					judgeId: a.judgeId,
					source: 'auto' as const,
					createdBy
				}))
			);
		}
		const codes = new Map(roundEntryRows.map((e) => [e.id, e.code]));
		const unassignable = result.unassignable.map((u) => ({ ...u, code: codes.get(u.entryId) ?? '' }));
		await recordAudit(tx, {
			actorId: createdBy,
			contestId,
			entity: 'essay_round',
			entityId: round.id,
			action: 'assignment.auto',
			after: { created: result.assignments.length, lacking: unassignable.map((u) => u.code) }
		});
		return {
			ok: true,
			created: result.assignments.length,
			entries: roundEntryRows.length,
			judges: judges.length,
			unassignable
		} as const;
	});
}

/** An organizer's override: a judge of the contest, on an entry of the round, with no conflict of interest. */
export async function assignManually(
	db: Db,
	input: { roundId: number; entryId: number; judgeId: number; createdBy: number | null }
): Promise<Result<{ assignmentId: number }>> {
	const contestId = await contestOfRound(db, input.roundId);
	if (contestId === null) return { ok: false, error: 'not_found' };
	try {
		return await db.transaction(async (tx) => {
			if (await resultsPublishedLocked(tx, contestId))
				return { ok: false, error: 'results_published' } as const;
			const round = await roundById(tx, input.roundId);
			if (!round) return { ok: false, error: 'not_found' } as const;
			const [entry] = await tx
				.select({ path: units.path, status: entries.status })
				.from(roundEntries)
				.innerJoin(entries, eq(entries.id, roundEntries.entryId))
				.innerJoin(units, eq(units.id, entries.authorUnitId))
				.where(and(eq(roundEntries.roundId, round.id), eq(roundEntries.entryId, input.entryId)));
			if (!entry) return { ok: false, error: 'not_in_round' } as const;
			if (entry.status !== 'submitted') return { ok: false, error: 'withdrawn' } as const;
			const judge = (await contestJudges(tx, round.contestId)).find((j) => j.id === input.judgeId);
			if (!judge) return { ok: false, error: 'not_judge' } as const;
			if (isConflict(judge.unitPath, entry.path, judge.conflictDepth))
				return { ok: false, error: 'conflict' } as const;
			const [row] = await tx
				.insert(assignments)
				.values({ ...input, roundId: round.id, source: 'manual' })
				.returning({ id: assignments.id });
			await recordAudit(tx, {
				actorId: input.createdBy,
				contestId,
				entity: 'assignment',
				entityId: row.id,
				action: 'assignment.add',
				after: { entryId: input.entryId, judgeId: input.judgeId, source: 'manual' }
			});
			return { ok: true, assignmentId: row.id } as const;
		});
	} catch (err) {
		if (uniqueViolation(err)) return { ok: false, error: 'already_assigned' };
		throw err;
	}
}

/**
 * Takes a judge off an entry, unless their score is already submitted (that score stays on record). Nothing is
 * deleted: the assignment is marked removed with who, when and why, its draft and audit rows stay, and it leaves the
 * judge's queue and every aggregate. The reason is required and goes to the audit log.
 */
export async function unassign(
	db: Db,
	input: { assignmentId: number; actorId: number | null; reason: string },
	now = new Date()
): Promise<Result<object>> {
	const reason = input.reason.normalize('NFC').trim();
	if (reason === '') return { ok: false, error: 'reason_required' };
	return db.transaction(async (tx) => {
		const [where] = await tx
			.select({
				contestId: essayRounds.contestId,
				roundId: assignments.roundId,
				entryId: assignments.entryId
			})
			.from(assignments)
			.innerJoin(essayRounds, eq(essayRounds.id, assignments.roundId))
			.where(eq(assignments.id, input.assignmentId));
		if (!where) return { ok: false, error: 'not_found' } as const;
		if (await resultsPublishedLocked(tx, where.contestId))
			return { ok: false, error: 'results_published' } as const;
		// saveScore's lock order (the entry first): the judges still on it may now all have scored
		await tx
			.select({ entryId: roundEntries.entryId })
			.from(roundEntries)
			.where(and(eq(roundEntries.roundId, where.roundId), eq(roundEntries.entryId, where.entryId)))
			.for('update');
		const removed = await removeAssignment(tx, { ...input, reason, contestId: where.contestId }, now);
		if (removed !== null) return { ok: false, error: removed } as const;
		await callExtraJudgeIfNeeded(tx, where, now);
		return { ok: true } as const;
	});
}

/**
 * The removal itself, inside the caller's transaction: locks the assignment, refuses a removed one (`not_found`) or
 * one with a submitted score, marks it removed and records `action` in the audit log. Null when done.
 */
export async function removeAssignment(
	tx: Handle,
	input: { assignmentId: number; actorId: number | null; reason: string; contestId: number },
	now: Date,
	action = 'assignment.remove',
	detail: Record<string, unknown> = {}
): Promise<'not_found' | 'has_submitted_score' | null> {
	const [row] = await tx
		.select({ a: assignments, status: scores.status, total: scores.total })
		.from(assignments)
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(and(eq(assignments.id, input.assignmentId), isNull(assignments.removedAt)))
		.for('update', { of: assignments });
	if (!row) return 'not_found';
	if (row.status === 'submitted') return 'has_submitted_score';
	await tx
		.update(assignments)
		.set({ removedAt: now, removedBy: input.actorId, removalReason: input.reason })
		.where(eq(assignments.id, input.assignmentId));
	await recordAudit(tx, {
		actorId: input.actorId,
		contestId: input.contestId,
		entity: 'assignment',
		entityId: input.assignmentId,
		action,
		reason: input.reason,
		at: now,
		before: {
			roundId: row.a.roundId,
			entryId: row.a.entryId,
			judgeId: row.a.judgeId,
			source: row.a.source,
			score: row.status ? { status: row.status, total: row.total } : null
		},
		after: { removed: true, ...detail }
	});
	return null;
}
