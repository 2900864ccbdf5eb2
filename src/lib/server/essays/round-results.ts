/** The organizer's results of a round: every entry's totals, settled score and judges' statistics. */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { assignments, entries, essaySettings, roundEntries, scores, users } from '../db/schema';
import { aggregateScores, settleScore, type SettleRule } from './scoring';

import { type Handle, contestJudges, roundById } from './judging-common';

// ---------------------------------------------------------------------------------------------------------------
// The organizer's results

export type EntryResult = {
	entryId: number;
	code: string;
	title: string;
	/** in marking order: first judges by submission time, the third judge last */
	totals: { judgeId: number; total: number; third: boolean }[];
	assigned: number;
	mean: number | null;
	median: number | null;
	spread: number | null;
	settled: number | null;
	normalizedMean: number | null;
	/** the marks normalized per judge, in marking order; null when a judge of the entry cannot be normalized */
	normalizedTotals: number[] | null;
	disagreement: boolean;
};

export type JudgeResult = {
	judgeId: number;
	name: string;
	assigned: number;
	done: number;
	mean: number | null;
	sd: number | null;
	meanVsPool: number | null;
	normalizable: boolean;
};

export type RoundResults = {
	round: {
		id: number;
		contestId: number;
		name: string;
		scale: number;
		settleRule: SettleRule;
		judgesPerEntry: number;
	};
	pool: { count: number; mean: number; sd: number };
	entries: EntryResult[];
	judges: JudgeResult[];
};

/** Minimum submitted scores before a judge's scores are z-normalized. */
export const MIN_SCORES_TO_NORMALIZE = 5;

/** The contest's "enough scores to normalize a judge" (essay_settings.normalize_min_scores; deciding.ts). */
async function normalizeMinScores(db: Handle, contestId: number): Promise<number> {
	const [row] = await db
		.select({ n: essaySettings.normalizeMinScores })
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId));
	return row?.n ?? MIN_SCORES_TO_NORMALIZE;
}

/** Raw and normalized aggregates side by side, per entry and per judge. Organizer-only: it names judges. */
export async function entryResults(db: Handle, roundId: number): Promise<RoundResults | null> {
	const round = await roundById(db, roundId);
	if (!round) return null;
	const entryRows = await db
		.select({
			entryId: entries.id,
			code: entries.code,
			title: entries.title,
			disagreement: roundEntries.disagreement
		})
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.where(and(eq(roundEntries.roundId, round.id), eq(entries.status, 'submitted')))
		.orderBy(asc(entries.code));
	const assignmentRows = await db
		.select({
			id: assignments.id,
			entryId: assignments.entryId,
			judgeId: assignments.judgeId,
			source: assignments.source,
			status: scores.status,
			total: scores.total,
			submittedAt: scores.submittedAt
		})
		.from(assignments)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(
			and(eq(assignments.roundId, round.id), eq(entries.status, 'submitted'), isNull(assignments.removedAt))
		);
	const submitted = assignmentRows
		.filter((a) => a.status === 'submitted')
		.sort(
			(a, b) =>
				Number(a.source === 'third') - Number(b.source === 'third') ||
				a.submittedAt!.getTime() - b.submittedAt!.getTime() ||
				a.id - b.id
		);
	const aggregates = aggregateScores(
		submitted.map((s) => ({ entryId: String(s.entryId), judgeId: String(s.judgeId), total: s.total! })),
		{ scale: round.scale, minScores: await normalizeMinScores(db, round.contestId) }
	);

	const byEntry = new Map<number, typeof submitted>();
	for (const s of submitted) byEntry.set(s.entryId, [...(byEntry.get(s.entryId) ?? []), s]);
	const assignedPerEntry = new Map<number, number>();
	for (const a of assignmentRows) assignedPerEntry.set(a.entryId, (assignedPerEntry.get(a.entryId) ?? 0) + 1);

	const entryResultsList: EntryResult[] = entryRows.map((e) => {
		const marks = byEntry.get(e.entryId) ?? [];
		const aggregate = aggregates.entries.get(String(e.entryId));
		return {
			...e,
			totals: marks.map((m) => ({ judgeId: m.judgeId, total: m.total!, third: m.source === 'third' })),
			assigned: assignedPerEntry.get(e.entryId) ?? 0,
			mean: aggregate?.mean ?? null,
			median: aggregate?.median ?? null,
			spread: aggregate?.spread ?? null,
			settled: settleScore(
				marks.map((m) => m.total!),
				round.settleRule,
				{ extra: marks.some((m) => m.source === 'third') }
			),
			normalizedMean: aggregate?.normalizedMean ?? null,
			normalizedTotals: aggregate?.normalizedTotals ?? null
		};
	});

	const judges = await contestJudges(db, round.contestId);
	const names = new Map(judges.map((j) => [j.id, j.name]));
	const judgeIds = new Set([...judges.map((j) => j.id), ...assignmentRows.map((a) => a.judgeId)]);
	const missingNames = [...judgeIds].filter((id) => !names.has(id));
	if (missingNames.length > 0) {
		const rows = await db
			.select({ id: users.id, name: users.fullName })
			.from(users)
			.where(inArray(users.id, missingNames));
		for (const r of rows) names.set(r.id, r.name);
	}
	const judgeResults: JudgeResult[] = [...judgeIds]
		.sort((a, b) => a - b)
		.map((judgeId) => {
			const stats = aggregates.judges.get(String(judgeId));
			const mine = assignmentRows.filter((a) => a.judgeId === judgeId);
			return {
				judgeId,
				name: names.get(judgeId) ?? '',
				assigned: mine.length,
				done: mine.filter((a) => a.status === 'submitted').length,
				mean: stats?.mean ?? null,
				sd: stats?.sd ?? null,
				meanVsPool: stats?.meanVsPool ?? null,
				normalizable: stats?.normalizable ?? false
			};
		});
	return {
		round: {
			id: round.id,
			contestId: round.contestId,
			name: round.name,
			scale: round.scale,
			settleRule: round.settleRule,
			judgesPerEntry: round.judgesPerEntry
		},
		pool: aggregates.pool,
		entries: entryResultsList,
		judges: judgeResults
	};
}

/** The entry of a round with this code (organizer forms take codes, not ids). */
export async function roundEntryByCode(db: Db, roundId: number, code: string): Promise<number | null> {
	const [row] = await db
		.select({ id: entries.id })
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.where(and(eq(roundEntries.roundId, roundId), eq(entries.code, code.trim().toUpperCase())));
	return row?.id ?? null;
}

/**
 * An entry's score is settled once it has its judges' scores, every judge on it has submitted, and, when the
 * judges disagreed, a third score is in. Before that its settled number would move, so it is neither ranked nor
 * advanced.
 */
export function fullyScored(
	entry: Pick<EntryResult, 'totals' | 'assigned' | 'disagreement'>,
	judgesPerEntry: number
): boolean {
	const n = entry.totals.length;
	return (
		n >= judgesPerEntry && n === entry.assigned && (!entry.disagreement || entry.totals.some((t) => t.third))
	);
}
