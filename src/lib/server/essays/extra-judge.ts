/** The extra judge: called once every regular judge has scored and their totals are too far apart. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { assignments, entries, essayRounds, roundEntries, scores, units } from '../db/schema';
import { pickThirdJudge } from './assignment';
import { isCalibrationEntry } from './calibration';
import { needsThirdJudge } from './scoring';

import { type Handle, contestJudges } from './judging-common';

export async function callExtraJudgeIfNeeded(
	tx: Handle,
	at: { roundId: number; entryId: number },
	now: Date
): Promise<{ called: boolean; thirdJudgeId: number | null }> {
	const [context] = await tx
		.select({ round: essayRounds, authorPath: units.path })
		.from(essayRounds)
		.innerJoin(entries, eq(entries.id, at.entryId))
		.innerJoin(units, eq(units.id, entries.authorUnitId))
		.where(eq(essayRounds.id, at.roundId));
	const onEntry = await tx
		.select({
			judgeId: assignments.judgeId,
			source: assignments.source,
			removedAt: assignments.removedAt,
			total: scores.total,
			status: scores.status
		})
		.from(assignments)
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(and(eq(assignments.roundId, at.roundId), eq(assignments.entryId, at.entryId)));
	const active = onEntry.filter((a) => a.removedAt === null);
	const regular = active.filter((a) => a.source !== 'third');
	const allIn = regular.length >= 2 && regular.every((a) => a.status === 'submitted');
	const totals = regular.map((a) => a.total!);
	if (
		!context ||
		active.some((a) => a.source === 'third') ||
		!allIn ||
		!needsThirdJudge(totals, context.round.disagreementThreshold) ||
		// every judge is on a calibration entry: its spread is what the calibration page shows
		(await isCalibrationEntry(tx, at.roundId, at.entryId))
	)
		return { called: false, thirdJudgeId: null };
	const judges = await contestJudges(tx, context.round.contestId);
	const loadRows = await tx
		.select({ judgeId: assignments.judgeId, n: sql<number>`count(*)::int` })
		.from(assignments)
		.where(and(eq(assignments.roundId, at.roundId), isNull(assignments.removedAt)))
		.groupBy(assignments.judgeId);
	const thirdJudgeId = pickThirdJudge({
		entryAuthorUnitPath: context.authorPath,
		judges,
		loads: new Map(loadRows.map((l) => [l.judgeId, l.n])),
		alreadyOn: onEntry.map((a) => a.judgeId)
	});
	if (thirdJudgeId !== null) {
		const [third] = await tx
			.insert(assignments)
			.values({
				roundId: at.roundId,
				entryId: at.entryId,
				judgeId: thirdJudgeId,
				source: 'third',
				createdBy: null
			})
			.returning({ id: assignments.id });
		await recordAudit(tx, {
			actorId: null,
			contestId: context.round.contestId,
			entity: 'assignment',
			entityId: third.id,
			action: 'assignment.third',
			at: now,
			after: { entryId: at.entryId, judgeId: thirdJudgeId, totals }
		});
	}
	await tx
		.update(roundEntries)
		.set({ disagreement: true })
		.where(and(eq(roundEntries.roundId, at.roundId), eq(roundEntries.entryId, at.entryId)));
	return { called: true, thirdJudgeId };
}
