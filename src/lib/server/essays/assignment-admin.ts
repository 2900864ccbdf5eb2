/**
 * The organizer's changes to who judges and to final scores, each with a reason in the audit log and nothing
 * deleted: replacing a judge in bulk, the entries still short of judges, and returning a submitted score to its
 * judge (reopening). Unassigning one judge is `unassign` in judging.ts; both go through `removeAssignment`.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import { assignments, entries, essayRounds, roundEntries, scoreAudit, scores, units } from '../db/schema';
import { fail, ok, type Handle, type Result } from '../result';
import { pickThirdJudge } from './assignment';
import { removeAssignment } from './judging';
import { contestJudges, resultsPublishedLocked, roundClosed, type JudgingError } from './judging-common';

function cleanReason(reason: string): string {
	return reason.normalize('NFC').trim().slice(0, 500);
}

export type ReplaceJudgeResult = { moved: number; unplaced: string[] };

/**
 * Takes a judge off every entry of the round they have not submitted a score for, and gives each entry the least
 * loaded other judge of the contest who has no conflict with it and was never on it (the same rule as the third
 * judge). An extra (third) judge is replaced by an extra judge. Entries nobody can take are still taken from the
 * judge and listed by code in `unplaced`. Each removal is logged with the reason and its replacement.
 */
export async function replaceJudge(
	db: Db,
	input: { roundId: number; judgeId: number; actorId: number | null; reason: string },
	now = new Date()
): Promise<Result<ReplaceJudgeResult, JudgingError>> {
	const reason = cleanReason(input.reason);
	if (reason === '') return fail('reason_required');
	return db.transaction(async (tx) => {
		const [owner] = await tx
			.select({ contestId: essayRounds.contestId })
			.from(essayRounds)
			.where(eq(essayRounds.id, input.roundId));
		if (!owner) return fail('not_found');
		if (await resultsPublishedLocked(tx, owner.contestId)) return fail('results_published');
		// the lock autoAssign takes: a run and a replacement cannot both fill the same entries
		await tx
			.select({ id: essayRounds.id })
			.from(essayRounds)
			.where(eq(essayRounds.id, input.roundId))
			.for('update');
		const judges = (await contestJudges(tx, owner.contestId)).filter((j) => j.id !== input.judgeId);
		const onRound = await tx
			.select({
				id: assignments.id,
				entryId: assignments.entryId,
				judgeId: assignments.judgeId,
				source: assignments.source,
				removedAt: assignments.removedAt,
				status: scores.status,
				code: entries.code,
				authorPath: units.path
			})
			.from(assignments)
			.innerJoin(entries, eq(entries.id, assignments.entryId))
			.innerJoin(units, eq(units.id, entries.authorUnitId))
			.leftJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(eq(assignments.roundId, input.roundId))
			.orderBy(asc(entries.code));
		const loads = new Map<number, number>();
		const everOn = new Map<number, number[]>();
		for (const a of onRound) {
			if (a.removedAt === null) loads.set(a.judgeId, (loads.get(a.judgeId) ?? 0) + 1);
			everOn.set(a.entryId, [...(everOn.get(a.entryId) ?? []), a.judgeId]);
		}
		const leaving = onRound.filter(
			(a) => a.judgeId === input.judgeId && a.removedAt === null && a.status !== 'submitted'
		);
		let moved = 0;
		const unplaced: string[] = [];
		for (const a of leaving) {
			const next = pickThirdJudge({
				entryAuthorUnitPath: a.authorPath,
				judges,
				loads,
				alreadyOn: everOn.get(a.entryId) ?? []
			});
			const removed = await removeAssignment(
				tx,
				{ assignmentId: a.id, actorId: input.actorId, reason, contestId: owner.contestId },
				now,
				'assignment.replace',
				{ replacedBy: next }
			);
			if (removed !== null) throw new Error(`replaceJudge: ${removed}`);
			if (next === null) {
				unplaced.push(a.code);
				continue;
			}
			await tx.insert(assignments).values({
				roundId: input.roundId,
				entryId: a.entryId,
				judgeId: next,
				source: a.source === 'third' ? 'third' : 'manual',
				createdBy: input.actorId
			});
			loads.set(next, (loads.get(next) ?? 0) + 1);
			everOn.get(a.entryId)!.push(next);
			moved++;
		}
		return ok({ moved, unplaced });
	});
}

export type LackingEntry = { entryId: number; code: string; have: number; need: number };

/** The round's entries with fewer active regular judges than the round asks for, by code. */
export async function entriesLackingJudges(db: Handle, roundId: number): Promise<LackingEntry[]> {
	const rows = await db
		.select({
			entryId: entries.id,
			code: entries.code,
			need: essayRounds.judgesPerEntry,
			have: sql<number>`(select count(*)::int from assignments a
				where a.round_id = ${roundEntries.roundId} and a.entry_id = ${roundEntries.entryId}
				and a.removed_at is null and a.source <> 'third')`
		})
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.innerJoin(essayRounds, eq(essayRounds.id, roundEntries.roundId))
		.where(and(eq(roundEntries.roundId, roundId), eq(entries.status, 'submitted')))
		.orderBy(asc(entries.code));
	return rows.filter((r) => r.have < r.need);
}

/**
 * Returns a submitted score to its judge as a draft (numbers kept) so they can revise and submit it again: the only
 * way a submitted score changes (the scores_guard trigger refuses anything else). Refused without a reason, for a
 * score that is not submitted, once the round is closed (reopen the round first) or results are published. Writes
 * a score_audit row (submitted → draft, by the organizer) and 'score.reopen' with the reason.
 */
export async function reopenScore(
	db: Db,
	input: { assignmentId: number; actorId: number | null; reason: string },
	now = new Date()
): Promise<Result<object, JudgingError>> {
	const reason = cleanReason(input.reason);
	if (reason === '') return fail('reason_required');
	return db.transaction(async (tx) => {
		const [a] = await tx
			.select({ roundId: assignments.roundId, entryId: assignments.entryId, round: essayRounds })
			.from(assignments)
			.innerJoin(essayRounds, eq(essayRounds.id, assignments.roundId))
			.where(and(eq(assignments.id, input.assignmentId), isNull(assignments.removedAt)));
		if (!a) return fail('not_found');
		if (await resultsPublishedLocked(tx, a.round.contestId)) return fail('results_published');
		// saveScore's lock: decisions about one entry run one after the other
		await tx
			.select({ entryId: roundEntries.entryId })
			.from(roundEntries)
			.where(and(eq(roundEntries.roundId, a.roundId), eq(roundEntries.entryId, a.entryId)))
			.for('update');
		if (roundClosed(a.round, now)) return fail('closed');
		const [score] = await tx
			.select()
			.from(scores)
			.where(eq(scores.assignmentId, input.assignmentId))
			.for('update');
		if (score?.status !== 'submitted') return fail('not_submitted');
		const snapshot = { points: score.points, total: score.total, comment: score.comment };
		await tx
			.update(scores)
			.set({ status: 'draft', submittedAt: null, reopenedAt: now, updatedAt: now })
			.where(eq(scores.assignmentId, input.assignmentId));
		await tx.insert(scoreAudit).values({
			assignmentId: input.assignmentId,
			actorId: input.actorId,
			at: now,
			before: { ...snapshot, status: 'submitted' },
			after: { ...snapshot, status: 'draft' }
		});
		await recordAudit(tx, {
			actorId: input.actorId,
			contestId: a.round.contestId,
			entity: 'score',
			entityId: input.assignmentId,
			action: 'score.reopen',
			reason,
			at: now,
			before: { ...snapshot, status: 'submitted' },
			after: { status: 'draft' }
		});
		return ok();
	});
}
