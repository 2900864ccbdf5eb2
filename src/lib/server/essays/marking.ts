/** Scoring: a judge's draft and submitted score, with its append-only history, and the extra judge it may call. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import {
	assignments,
	entries,
	essayRounds,
	roundEntries,
	rubricCriteria,
	scoreAudit,
	scores,
	units
} from '../db/schema';
import { rubricTotal, type RubricErrorCode } from './scoring';

import { calibrationHold } from './calibration';
import { callExtraJudgeIfNeeded } from './extra-judge';
import { type JudgingError, roundClosed } from './judging-common';

// ---------------------------------------------------------------------------------------------------------------
// Scoring

export type ScoreInput = { points: Record<string, number>; comment: string; submit: boolean };

export type SaveScoreResult =
	| {
			ok: true;
			status: 'draft' | 'submitted';
			total: number;
			thirdJudgeId: number | null;
			disagreement: boolean;
	  }
	| { ok: false; error: Exclude<JudgingError, 'invalid'> }
	| { ok: false; error: 'invalid'; errors: { criterionId: string; code: RubricErrorCode }[] };

type Snapshot = {
	points: Record<string, number>;
	total: number;
	comment: string;
	status: 'draft' | 'submitted';
};

/**
 * Saves a draft or submits. A draft may leave criteria empty; a submission needs them all. Once submitted a score
 * is final (`already_submitted`) until the organizer reopens it (reopenScore, audited with a reason). The entry's round_entries row is
 * locked first, so everything that decides about one entry — two judges submitting at once above all — runs one
 * after the other and exactly one third judge is called.
 */
export async function saveScore(
	db: Db,
	assignmentId: number,
	judgeId: number,
	input: ScoreInput,
	now = new Date()
): Promise<SaveScoreResult> {
	return db.transaction(async (tx): Promise<SaveScoreResult> => {
		const [assignment] = await tx.select().from(assignments).where(eq(assignments.id, assignmentId));
		if (!assignment || assignment.judgeId !== judgeId || assignment.removedAt)
			return { ok: false, error: 'not_assigned' };
		const [lock] = await tx
			.select({ disagreement: roundEntries.disagreement })
			.from(roundEntries)
			.where(and(eq(roundEntries.roundId, assignment.roundId), eq(roundEntries.entryId, assignment.entryId)))
			.for('update');
		if (!lock) return { ok: false, error: 'not_in_round' };
		// the organizer's rubric edit locks the round FOR UPDATE and counts scores: sharing the lock here means a
		// score is never saved against criteria that are being replaced
		await tx
			.select({ id: essayRounds.id })
			.from(essayRounds)
			.where(eq(essayRounds.id, assignment.roundId))
			.for('share');
		const [context] = await tx
			.select({ round: essayRounds, status: entries.status, authorPath: units.path })
			.from(essayRounds)
			.innerJoin(entries, eq(entries.id, assignment.entryId))
			.innerJoin(units, eq(units.id, entries.authorUnitId))
			.where(eq(essayRounds.id, assignment.roundId));
		if (context.status !== 'submitted') return { ok: false, error: 'withdrawn' };
		if (roundClosed(context.round, now)) return { ok: false, error: 'closed' };
		// the queue hides the rest of the round until the judge's calibration entries are submitted: a post to a
		// hidden entry's address must not score it either
		const hold = (await calibrationHold(tx, judgeId, [assignment.roundId])).get(assignment.roundId);
		if (hold?.pending && !hold.entryIds.has(assignment.entryId))
			return { ok: false, error: 'calibration_pending' };

		const criteria = await tx
			.select({ id: rubricCriteria.id, maxPoints: rubricCriteria.maxPoints })
			.from(rubricCriteria)
			.where(eq(rubricCriteria.roundId, assignment.roundId));
		const [previous] = await tx.select().from(scores).where(eq(scores.assignmentId, assignmentId));
		// a submitted score is final: only the organizer's reopenScore returns it to the judge (a trigger holds it)
		if (previous?.status === 'submitted') return { ok: false, error: 'already_submitted' };
		const submit = input.submit;
		// A draft is checked only on the criteria it fills in.
		const checked = criteria
			.map((c) => ({ id: String(c.id), maxPoints: c.maxPoints }))
			.filter((c) => submit || Object.hasOwn(input.points, c.id));
		const rubric = rubricTotal(checked, input.points);
		if (!rubric.ok) return { ok: false, error: 'invalid', errors: rubric.errors };

		const after: Snapshot = {
			points: input.points,
			total: rubric.total,
			comment: input.comment,
			status: submit ? 'submitted' : 'draft'
		};
		const before: Snapshot | null = previous
			? { points: previous.points, total: previous.total, comment: previous.comment, status: previous.status }
			: null;
		const submittedAt = submit ? now : null;
		await tx
			.insert(scores)
			.values({ assignmentId, ...after, submittedAt, updatedAt: now })
			.onConflictDoUpdate({
				target: scores.assignmentId,
				set: { ...after, submittedAt, updatedAt: now }
			});
		await tx.insert(scoreAudit).values({ assignmentId, actorId: judgeId, at: now, before, after });

		let thirdJudgeId: number | null = null;
		let disagreement = lock.disagreement;
		if (submit) {
			const extra = await callExtraJudgeIfNeeded(tx, assignment, now);
			thirdJudgeId = extra.thirdJudgeId;
			disagreement ||= extra.called;
		}
		return { ok: true, status: after.status, total: rubric.total, thirdJudgeId, disagreement };
	});
}

/**
 * The extra-judge rule, for one entry whose round_entries row the caller holds FOR UPDATE: once every active regular
 * judge (at least two) has submitted, and no active extra judge is on the entry, a spread (max − min) of their totals
 * at or above the round's threshold marks the disagreement and calls the least loaded eligible judge who was never on
 * the entry. Run after a submission and after an unassignment (the judge who had not scored may have been the last).
 */
