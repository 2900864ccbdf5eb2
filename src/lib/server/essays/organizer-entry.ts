import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import {
	assignments,
	entries,
	entryFiles,
	essayRounds,
	roundEntries,
	rubricCriteria,
	scoreAudit,
	scores,
	units,
	users
} from '../db/schema';
import { roundClosed } from './judging-common';
import { settleScore, type SettleRule } from './scoring';
import type { Handle } from '../result';

// One entry in full, for the organizer: author, judges, scores and their audit log, the original file.

type Snapshot = {
	points: Record<string, number>;
	total: number;
	comment: string;
	status: 'draft' | 'submitted';
};

export type AuditRow = {
	id: number;
	at: Date;
	actorName: string | null;
	judgeName: string;
	before: Snapshot | null;
	after: Snapshot;
};

export type EntryDetail = {
	entry: {
		id: number;
		code: string;
		title: string;
		body: string;
		wordCount: number;
		status: 'draft' | 'submitted' | 'withdrawn' | 'disqualified';
		authorName: string;
		unitName: string;
		file: { kind: string; name: string | null; sizeBytes: number } | null;
	};
	round: { id: number; name: string; scale: number; settleRule: SettleRule; closed: boolean };
	disagreement: boolean;
	settled: number | null;
	criteria: { id: number; name: string; maxPoints: number }[];
	judges: {
		assignmentId: number;
		judgeId: number;
		name: string;
		source: 'auto' | 'manual' | 'third';
		status: 'todo' | 'draft' | 'submitted';
		points: Record<string, number>;
		total: number | null;
		comment: string;
		submittedAt: Date | null;
		updatedAt: Date | null;
		reopenedAt: Date | null;
	}[];
	/** unassigned judges (kept for the record), oldest removal first */
	removed: {
		assignmentId: number;
		name: string;
		removedAt: Date;
		removedBy: string | null;
		reason: string;
	}[];
	/** newest first */
	audit: AuditRow[];
};

/** Organizer-only: names the author, their unit and the judges. Null when the entry is not in the round. */
export async function entryForOrganizer(
	db: Db,
	roundId: number,
	entryId: number,
	now = new Date()
): Promise<EntryDetail | null> {
	const [row] = await db
		.select({
			round: essayRounds,
			disagreement: roundEntries.disagreement,
			entry: entries,
			authorName: users.fullName,
			unitName: units.name,
			fileKind: entryFiles.kind,
			fileSize: entryFiles.sizeBytes
		})
		.from(roundEntries)
		.innerJoin(essayRounds, eq(essayRounds.id, roundEntries.roundId))
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.innerJoin(users, eq(users.id, entries.authorId))
		.innerJoin(units, eq(units.id, entries.authorUnitId))
		.leftJoin(entryFiles, eq(entryFiles.sha256, entries.fileSha256))
		.where(and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entryId)));
	if (!row) return null;
	const remover = alias(users, 'remover');
	const criteria = await db
		.select({ id: rubricCriteria.id, name: rubricCriteria.name, maxPoints: rubricCriteria.maxPoints })
		.from(rubricCriteria)
		.where(eq(rubricCriteria.roundId, roundId))
		.orderBy(asc(rubricCriteria.position));
	const judgeRows = await db
		.select({
			assignmentId: assignments.id,
			judgeId: assignments.judgeId,
			name: users.fullName,
			source: assignments.source,
			status: scores.status,
			points: scores.points,
			total: scores.total,
			comment: scores.comment,
			submittedAt: scores.submittedAt,
			updatedAt: scores.updatedAt,
			reopenedAt: scores.reopenedAt,
			removedAt: assignments.removedAt,
			removedBy: remover.fullName,
			reason: assignments.removalReason
		})
		.from(assignments)
		.innerJoin(users, eq(users.id, assignments.judgeId))
		.leftJoin(remover, eq(remover.id, assignments.removedBy))
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(and(eq(assignments.roundId, roundId), eq(assignments.entryId, entryId)))
		.orderBy(asc(assignments.id));
	const removed = judgeRows
		.filter((j) => j.removedAt !== null)
		.map((j) => ({
			assignmentId: j.assignmentId,
			name: j.name,
			removedAt: j.removedAt!,
			removedBy: j.removedBy,
			reason: j.reason ?? ''
		}));
	const judges = judgeRows
		.filter((j) => j.removedAt === null)
		.map(({ removedAt: _at, removedBy: _by, reason: _reason, ...j }) => ({
			...j,
			status: j.status ?? ('todo' as const),
			points: j.points ?? {},
			comment: j.comment ?? ''
		}))
		// marking order, as settleScore expects: submitted first judges by time, the third judge last
		.sort(
			(a, b) =>
				Number(a.source === 'third') - Number(b.source === 'third') ||
				(a.submittedAt?.getTime() ?? Infinity) - (b.submittedAt?.getTime() ?? Infinity) ||
				a.assignmentId - b.assignmentId
		);
	const submitted = judges.filter((j) => j.status === 'submitted');
	const submittedTotals = submitted.map((j) => j.total!);
	return {
		entry: {
			id: row.entry.id,
			code: row.entry.code,
			title: row.entry.title,
			body: row.entry.body,
			wordCount: row.entry.wordCount,
			status: row.entry.status,
			authorName: row.authorName,
			unitName: row.unitName,
			file:
				row.fileKind !== null
					? { kind: row.fileKind, name: row.entry.fileName, sizeBytes: row.fileSize ?? 0 }
					: null
		},
		round: {
			id: row.round.id,
			name: row.round.name,
			scale: row.round.scale,
			settleRule: row.round.settleRule,
			closed: roundClosed(row.round, now)
		},
		disagreement: row.disagreement,
		settled: settleScore(submittedTotals, row.round.settleRule, {
			extra: submitted.some((j) => j.source === 'third')
		}),
		criteria,
		judges,
		removed,
		audit: await scoreAuditOf(db, roundId, entryId)
	};
}

/** Every change of the entry's scores in the round, newest first: who changed it, whose score, before → after. */
export async function scoreAuditOf(db: Handle, roundId: number, entryId: number): Promise<AuditRow[]> {
	const actor = alias(users, 'actor');
	const judge = alias(users, 'judge');
	const rows = await db
		.select({
			id: scoreAudit.id,
			at: scoreAudit.at,
			actorName: actor.fullName,
			judgeName: judge.fullName,
			before: scoreAudit.before,
			after: scoreAudit.after
		})
		.from(scoreAudit)
		.innerJoin(assignments, eq(assignments.id, scoreAudit.assignmentId))
		.innerJoin(judge, eq(judge.id, assignments.judgeId))
		.leftJoin(actor, eq(actor.id, scoreAudit.actorId))
		.where(and(eq(assignments.roundId, roundId), eq(assignments.entryId, entryId)))
		.orderBy(desc(scoreAudit.at), desc(scoreAudit.id));
	return rows.map((r) => ({
		...r,
		before: (r.before as Snapshot | null) ?? null,
		after: r.after as Snapshot
	}));
}

/** The original file of an entry in the round (organizers may have it, author metadata and name included). */
export async function originalFileOf(
	db: Db,
	roundId: number,
	entryId: number
): Promise<{ code: string; sha256: string; kind: string; fileName: string | null } | null> {
	const [row] = await db
		.select({
			code: entries.code,
			sha256: entryFiles.sha256,
			kind: entryFiles.kind,
			fileName: entries.fileName
		})
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.innerJoin(entryFiles, eq(entryFiles.sha256, entries.fileSha256))
		.where(and(eq(roundEntries.roundId, roundId), eq(roundEntries.entryId, entryId)));
	return row ?? null;
}

/** The assignment, if it puts a judge on this entry in this round (the unassign button's guard). */
export async function assignmentOnEntry(
	db: Db,
	roundId: number,
	entryId: number,
	assignmentId: number
): Promise<boolean> {
	const [row] = await db
		.select({ id: assignments.id })
		.from(assignments)
		.where(
			and(
				eq(assignments.id, assignmentId),
				eq(assignments.roundId, roundId),
				eq(assignments.entryId, entryId),
				isNull(assignments.removedAt)
			)
		);
	return row !== undefined;
}
