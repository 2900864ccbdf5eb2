/**
 * Calibration: before real judging starts, the organizer picks a few entries of a round that every judge of the
 * contest scores first. They are ordinary assignments (scored on the judge's usual page, counted in the entry's
 * results), but while a judge has not submitted all of them, their queue shows only those (judge-side.ts asks
 * `calibrationHold`). The organizer's page shows how far each judge lands from the panel: the mean absolute
 * difference from the panel's median, per criterion and for the total.
 *
 * A calibration entry never calls an extra judge (extra-judge.ts): every judge is already on it, and a spread
 * among many judges is what calibration is there to show, not a disagreement to settle.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import {
	assignments,
	calibrationEntries,
	entries,
	essayRounds,
	roundEntries,
	rubricCriteria,
	scores,
	units,
	users
} from '../db/schema';
import { fail, ok, type Handle, type Result } from '../result';
import { isConflict } from './assignment';
import { contestJudges } from './judging-common';
import { allows, stageOf } from './stages';

export const MAX_CALIBRATION_ENTRIES = 5;
/** a judge whose totals sit on average more than this share of the scale from the panel's median is flagged */
export const CALIBRATION_FLAG_SHARE = 0.1;

export type CalibrationError = 'not_found' | 'stage' | 'judging_started' | 'too_many' | 'not_in_round';

/**
 * Sets the round's calibration entries (by code; an empty list clears them) and puts every judge of the contest
 * on each, except a judge whose unit conflicts with the author's. Refused once any score of the round has been
 * submitted: calibration comes before real judging. Entries dropped from an earlier choice keep the judges
 * already put on them (their assignments are ordinary ones).
 */
export async function setCalibration(
	db: Db,
	input: { roundId: number; codes: string[]; actorId: number | null; now?: Date }
): Promise<Result<{ entries: number; assigned: number; conflicts: number }, CalibrationError>> {
	const now = input.now ?? new Date();
	const codes = [...new Set(input.codes.map((c) => c.trim().toUpperCase()).filter(Boolean))];
	if (codes.length > MAX_CALIBRATION_ENTRIES) return fail('too_many');
	return db.transaction(async (tx) => {
		const [round] = await tx
			.select({ contestId: essayRounds.contestId })
			.from(essayRounds)
			.where(eq(essayRounds.id, input.roundId));
		if (!round) return fail('not_found');
		const stage = await stageOf(tx, round.contestId, now, 'share');
		if (!stage || !allows(stage.stage, 'judge')) return fail('stage');
		// the round row, as autoAssign takes it: assignments are not made twice under two clicks
		await tx
			.select({ id: essayRounds.id })
			.from(essayRounds)
			.where(eq(essayRounds.id, input.roundId))
			.for('update');
		const [started] = await tx
			.select({ one: sql<number>`1` })
			.from(scores)
			.innerJoin(assignments, eq(assignments.id, scores.assignmentId))
			.where(and(eq(assignments.roundId, input.roundId), eq(scores.status, 'submitted')))
			.limit(1);
		if (started) return fail('judging_started');
		const found =
			codes.length === 0
				? []
				: await tx
						.select({ entryId: entries.id, code: entries.code, authorPath: units.path })
						.from(roundEntries)
						.innerJoin(entries, eq(entries.id, roundEntries.entryId))
						.innerJoin(units, eq(units.id, entries.authorUnitId))
						.where(
							and(
								eq(roundEntries.roundId, input.roundId),
								eq(entries.status, 'submitted'),
								inArray(entries.code, codes)
							)
						);
		if (found.length !== codes.length) {
			const known = new Set(found.map((f) => f.code));
			return fail('not_in_round', { codes: codes.filter((c) => !known.has(c)).join(', ') });
		}
		await tx.delete(calibrationEntries).where(eq(calibrationEntries.roundId, input.roundId));
		let assigned = 0;
		let conflicts = 0;
		if (found.length > 0) {
			await tx.insert(calibrationEntries).values(
				found.map((f) => ({
					roundId: input.roundId,
					entryId: f.entryId,
					addedBy: input.actorId,
					addedAt: now
				}))
			);
			const judges = await contestJudges(tx, round.contestId);
			const on = await tx
				.select({ entryId: assignments.entryId, judgeId: assignments.judgeId })
				.from(assignments)
				.where(
					and(
						eq(assignments.roundId, input.roundId),
						isNull(assignments.removedAt),
						inArray(
							assignments.entryId,
							found.map((f) => f.entryId)
						)
					)
				);
			const already = new Set(on.map((a) => `${a.entryId}:${a.judgeId}`));
			const rows: (typeof assignments.$inferInsert)[] = [];
			for (const f of found)
				for (const j of judges) {
					if (already.has(`${f.entryId}:${j.id}`)) continue;
					if (isConflict(j.unitPath, f.authorPath, j.conflictDepth ?? null)) {
						conflicts++;
						continue;
					}
					rows.push({
						roundId: input.roundId,
						entryId: f.entryId,
						judgeId: j.id,
						source: 'manual',
						createdBy: input.actorId,
						createdAt: now
					});
				}
			if (rows.length > 0) await tx.insert(assignments).values(rows);
			assigned = rows.length;
		}
		await recordAudit(tx, {
			actorId: input.actorId,
			contestId: round.contestId,
			entity: 'essay_round',
			entityId: input.roundId,
			action: 'calibration.set',
			after: { codes: found.map((f) => f.code), assigned, conflicts },
			at: now
		});
		return ok({ entries: found.length, assigned, conflicts });
	});
}

/** Whether an entry is a calibration entry of its round (the extra-judge rule leaves those alone). */
export async function isCalibrationEntry(db: Handle, roundId: number, entryId: number): Promise<boolean> {
	const [row] = await db
		.select({ one: sql<number>`1` })
		.from(calibrationEntries)
		.where(and(eq(calibrationEntries.roundId, roundId), eq(calibrationEntries.entryId, entryId)));
	return row !== undefined;
}

/**
 * Per round, the calibration entries a judge is on, and whether the judge still has one to submit: while so, the
 * judge's queue shows only those. Rounds without calibration are absent.
 */
export async function calibrationHold(
	db: Handle,
	judgeId: number,
	roundIds: number[]
): Promise<Map<number, { entryIds: Set<number>; pending: boolean }>> {
	const hold = new Map<number, { entryIds: Set<number>; pending: boolean }>();
	if (roundIds.length === 0) return hold;
	const rows = await db
		.select({
			roundId: calibrationEntries.roundId,
			entryId: calibrationEntries.entryId,
			status: scores.status
		})
		.from(calibrationEntries)
		.innerJoin(
			assignments,
			and(
				eq(assignments.roundId, calibrationEntries.roundId),
				eq(assignments.entryId, calibrationEntries.entryId),
				eq(assignments.judgeId, judgeId),
				isNull(assignments.removedAt)
			)
		)
		.innerJoin(entries, and(eq(entries.id, calibrationEntries.entryId), eq(entries.status, 'submitted')))
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(inArray(calibrationEntries.roundId, roundIds));
	for (const r of rows) {
		const h = hold.get(r.roundId) ?? { entryIds: new Set<number>(), pending: false };
		h.entryIds.add(r.entryId);
		if (r.status !== 'submitted') h.pending = true;
		hold.set(r.roundId, h);
	}
	return hold;
}

// ---------------------------------------------------------------------------------------------------------------
// How far each judge is from the panel

export function median(values: number[]): number | null {
	if (values.length === 0) return null;
	const s = [...values].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export type CalibrationMark = {
	judgeId: number;
	entryId: number;
	points: Record<string, number>;
	total: number;
};

export type JudgeDistance = {
	judgeId: number;
	/** calibration entries the judge has submitted */
	scored: number;
	/** criterion id → mean |points − panel median| over those entries; null before any */
	criteria: Record<number, number | null>;
	total: number | null;
};

/**
 * Each judge's mean absolute difference from the panel's median (all submitted scores of the entry, the judge's
 * own included), per criterion and for the total, over the calibration entries the judge has submitted.
 */
export function distancesFromPanel(
	criteria: { id: number }[],
	judgeIds: number[],
	marks: CalibrationMark[]
): JudgeDistance[] {
	const byEntry = new Map<number, CalibrationMark[]>();
	for (const mk of marks) byEntry.set(mk.entryId, [...(byEntry.get(mk.entryId) ?? []), mk]);
	const panel = new Map<number, { total: number; criteria: Map<number, number> }>();
	for (const [entryId, ms] of byEntry)
		panel.set(entryId, {
			total: median(ms.map((x) => x.total))!,
			criteria: new Map(criteria.map((c) => [c.id, median(ms.map((x) => x.points[c.id] ?? 0))!]))
		});
	return judgeIds.map((judgeId) => {
		const mine = marks.filter((x) => x.judgeId === judgeId);
		const mean = (values: number[]) =>
			values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
		return {
			judgeId,
			scored: mine.length,
			total: mean(mine.map((x) => Math.abs(x.total - panel.get(x.entryId)!.total))),
			criteria: Object.fromEntries(
				criteria.map((c) => [
					c.id,
					mean(mine.map((x) => Math.abs((x.points[c.id] ?? 0) - panel.get(x.entryId)!.criteria.get(c.id)!)))
				])
			)
		};
	});
}

export type CalibrationReport = {
	entries: { entryId: number; code: string; title: string; scores: number; median: number | null }[];
	criteria: { id: number; name: string; maxPoints: number }[];
	judges: (JudgeDistance & { name: string; of: number; flagged: boolean })[];
	scale: number;
};

/** The round's calibration entries and each judge's distance from the panel (organizers only: it names judges). */
export async function calibrationReport(db: Handle, roundId: number): Promise<CalibrationReport | null> {
	const [round] = await db
		.select({ contestId: essayRounds.contestId, scale: essayRounds.scale })
		.from(essayRounds)
		.where(eq(essayRounds.id, roundId));
	if (!round) return null;
	const picked = await db
		.select({ entryId: entries.id, code: entries.code, title: entries.title })
		.from(calibrationEntries)
		.innerJoin(entries, eq(entries.id, calibrationEntries.entryId))
		.where(eq(calibrationEntries.roundId, roundId))
		.orderBy(asc(entries.code));
	const criteria = await db
		.select({ id: rubricCriteria.id, name: rubricCriteria.name, maxPoints: rubricCriteria.maxPoints })
		.from(rubricCriteria)
		.where(eq(rubricCriteria.roundId, roundId))
		.orderBy(asc(rubricCriteria.position));
	const ids = picked.map((p) => p.entryId);
	const onRows =
		ids.length === 0
			? []
			: await db
					.select({
						judgeId: assignments.judgeId,
						name: users.fullName,
						entryId: assignments.entryId,
						status: scores.status,
						points: scores.points,
						total: scores.total
					})
					.from(assignments)
					.innerJoin(users, eq(users.id, assignments.judgeId))
					.leftJoin(scores, eq(scores.assignmentId, assignments.id))
					.where(
						and(
							eq(assignments.roundId, roundId),
							isNull(assignments.removedAt),
							inArray(assignments.entryId, ids)
						)
					)
					.orderBy(asc(users.fullName), asc(users.id));
	const marks: CalibrationMark[] = onRows
		.filter((r) => r.status === 'submitted')
		.map((r) => ({ judgeId: r.judgeId, entryId: r.entryId, points: r.points ?? {}, total: r.total ?? 0 }));
	const judges = new Map<number, { name: string; of: number }>();
	for (const r of onRows) {
		const j = judges.get(r.judgeId) ?? { name: r.name, of: 0 };
		j.of++;
		judges.set(r.judgeId, j);
	}
	const distances = distancesFromPanel(criteria, [...judges.keys()], marks);
	return {
		scale: round.scale,
		criteria,
		entries: picked.map((p) => {
			const totals = marks.filter((x) => x.entryId === p.entryId).map((x) => x.total);
			return { ...p, scores: totals.length, median: median(totals) };
		}),
		judges: distances.map((d) => ({
			...d,
			name: judges.get(d.judgeId)!.name,
			of: judges.get(d.judgeId)!.of,
			flagged: d.total !== null && d.total > CALIBRATION_FLAG_SHARE * round.scale
		}))
	};
}
