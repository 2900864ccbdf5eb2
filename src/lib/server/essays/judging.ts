/**
 * Essay judging on the database: who judges which entry, blind reading, scoring with an audit trail, the third
 * judge on disagreement and the organizer's aggregates. The rules themselves are the pure functions of
 * assignment.ts and scoring.ts; this module feeds them rows and writes their results in transactions.
 *
 * Blindness: nothing a judge-facing function returns names the author, the author's unit or the file name the
 * author gave; the entry code is all a judge knows of an entry's identity.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { uniqueViolation } from '../db/errors';
import {
	assignments,
	contests,
	entries,
	entryVersions,
	essayRounds,
	essaySettings,
	roleGrants,
	roundEntries,
	rubricCriteria,
	scoreAudit,
	scores,
	units,
	users
} from '../db/schema';
import { enterJudging } from './stages';
import { assignJudges, isConflict, pickThirdJudge, type JudgeRef, type Unassignable } from './assignment';
import {
	aggregateScores,
	needsThirdJudge,
	rubricTotal,
	settleScore,
	type RubricErrorCode,
	type SettleRule
} from './scoring';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Handle = Db | Tx;

export type JudgingError =
	| 'not_found'
	| 'not_first_round'
	| 'bad_rounds'
	| 'not_in_round'
	| 'not_judge'
	| 'conflict'
	| 'already_assigned'
	| 'has_submitted_score'
	| 'not_assigned'
	| 'closed'
	| 'withdrawn'
	| 'invalid'
	| 'results_published'
	| 'reason_required'
	| 'already_submitted'
	| 'not_submitted'
	| 'submissions_open'
	| 'stage';

export type Result<T> = ({ ok: true } & T) | { ok: false; error: JudgingError };

/** Closed once the organizer closes it, or from its closing time on. */
export function roundClosed(round: { closesAt: Date | null; closedAt: Date | null }, now: Date): boolean {
	if (round.closedAt && round.closedAt.getTime() <= now.getTime()) return true;
	return round.closesAt !== null && now.getTime() >= round.closesAt.getTime();
}

/**
 * True once the contest's results are published. Takes the essay_settings row FOR SHARE: publishResults and
 * unpublishResults take it FOR UPDATE, so a change to judging (opening, assigning, reopening, advancing) and a
 * publication run one after the other and published results never change underneath. Call it first in the
 * transaction, before any round lock (publish locks essay_settings first too).
 */
export async function resultsPublishedLocked(tx: Handle, contestId: number): Promise<boolean> {
	const [row] = await tx
		.select({ at: essaySettings.resultsPublishedAt })
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId))
		.for('share');
	return row?.at != null;
}

/** The contest of a round, read without a lock (a round never moves to another contest). */
async function contestOfRound(db: Handle, roundId: number): Promise<number | null> {
	const [row] = await db
		.select({ contestId: essayRounds.contestId })
		.from(essayRounds)
		.where(eq(essayRounds.id, roundId));
	return row?.contestId ?? null;
}

async function roundById(db: Handle, roundId: number) {
	const [round] = await db.select().from(essayRounds).where(eq(essayRounds.id, roundId));
	return round;
}

/**
 * The judges of a contest (contest-scoped grant), with their unit paths and the contest's conflict level (so every
 * conflict check, automatic, manual or third judge, applies it); disabled accounts are left out.
 */
export async function contestJudges(db: Handle, contestId: number): Promise<(JudgeRef & { name: string })[]> {
	return db
		.select({
			id: users.id,
			unitPath: units.path,
			name: users.fullName,
			conflictDepth: essaySettings.conflictDepth
		})
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.innerJoin(units, eq(units.id, users.unitId))
		.leftJoin(essaySettings, eq(essaySettings.contestId, roleGrants.contestId))
		.where(
			and(eq(roleGrants.role, 'judge'), eq(roleGrants.contestId, contestId), sql`${users.disabledAt} is null`)
		)
		.orderBy(asc(users.id));
}

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

// ---------------------------------------------------------------------------------------------------------------
// The judge's side

export type QueueItem = {
	assignmentId: number;
	roundId: number;
	code: string;
	title: string;
	status: 'todo' | 'draft' | 'submitted';
	third: boolean;
};

export type QueueRound = {
	roundId: number;
	contestId: number;
	roundName: string;
	contestTitle: string;
	closed: boolean;
	done: number;
	left: number;
	items: QueueItem[];
};

/** A judge's assignments grouped by round with done (submitted) / left; withdrawn entries leave the queue. */
export async function judgeQueue(
	db: Db,
	judgeId: number,
	roundId?: number,
	now = new Date()
): Promise<QueueRound[]> {
	const rows = await db
		.select({
			assignmentId: assignments.id,
			roundId: essayRounds.id,
			roundName: essayRounds.name,
			contestId: contests.id,
			contestTitle: contests.title,
			closesAt: essayRounds.closesAt,
			closedAt: essayRounds.closedAt,
			code: entries.code,
			title: entries.title,
			source: assignments.source,
			scoreStatus: scores.status
		})
		.from(assignments)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.innerJoin(essayRounds, eq(essayRounds.id, assignments.roundId))
		.innerJoin(contests, eq(contests.id, essayRounds.contestId))
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(
			and(
				eq(assignments.judgeId, judgeId),
				isNull(assignments.removedAt),
				eq(entries.status, 'submitted'),
				roundId === undefined ? undefined : eq(assignments.roundId, roundId)
			)
		)
		.orderBy(asc(essayRounds.id), asc(entries.code));
	const rounds = new Map<number, QueueRound>();
	for (const r of rows) {
		let round = rounds.get(r.roundId);
		if (!round) {
			round = {
				roundId: r.roundId,
				roundName: r.roundName,
				contestId: r.contestId,
				contestTitle: r.contestTitle,
				closed: roundClosed(r, now),
				done: 0,
				left: 0,
				items: []
			};
			rounds.set(r.roundId, round);
		}
		const status = r.scoreStatus ?? 'todo';
		if (status === 'submitted') round.done++;
		else round.left++;
		round.items.push({
			assignmentId: r.assignmentId,
			roundId: r.roundId,
			code: r.code,
			title: r.title,
			status,
			third: r.source === 'third'
		});
	}
	return [...rounds.values()];
}

export type EntryForJudge = {
	assignmentId: number;
	roundId: number;
	roundName: string;
	code: string;
	title: string;
	body: string;
	hasFile: boolean;
	closed: boolean;
	criteria: { id: number; name: string; maxPoints: number }[];
	/** the entry version read (entry_versions); null for an entry without one */
	version: number | null;
	score: { points: Record<string, number>; total: number; comment: string; submitted: boolean } | null;
	/** the other judges' submitted totals, only once this judge has submitted and the round is closed */
	otherTotals: number[] | null;
};

/** What a judge reads and scores: blind (see the module comment), and only for the judge it is assigned to. */
export async function entryForJudge(
	db: Db,
	assignmentId: number,
	judgeId: number,
	now = new Date()
): Promise<Result<{ entry: EntryForJudge }>> {
	const [row] = await db
		.select({
			judgeId: assignments.judgeId,
			removedAt: assignments.removedAt,
			entryId: assignments.entryId,
			round: essayRounds,
			code: entries.code,
			title: entries.title,
			body: entries.body,
			fileSha256: entries.fileSha256,
			status: entries.status
		})
		.from(assignments)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.innerJoin(essayRounds, eq(essayRounds.id, assignments.roundId))
		.where(eq(assignments.id, assignmentId));
	if (!row || row.judgeId !== judgeId || row.removedAt) return { ok: false, error: 'not_assigned' };
	if (row.status !== 'submitted') return { ok: false, error: 'withdrawn' };
	// the version submitted (entries freeze when submissions close): what every judge of the entry reads
	const [version] = await db
		.select()
		.from(entryVersions)
		.where(eq(entryVersions.entryId, row.entryId))
		.orderBy(desc(entryVersions.versionNo))
		.limit(1);
	const criteria = await db
		.select({ id: rubricCriteria.id, name: rubricCriteria.name, maxPoints: rubricCriteria.maxPoints })
		.from(rubricCriteria)
		.where(eq(rubricCriteria.roundId, row.round.id))
		.orderBy(asc(rubricCriteria.position));
	const [own] = await db.select().from(scores).where(eq(scores.assignmentId, assignmentId));
	let otherTotals: number[] | null = null;
	// independent marking: nobody sees another judge's mark while the round is open
	if (own?.status === 'submitted' && roundClosed(row.round, now)) {
		const others = await db
			.select({ total: scores.total })
			.from(assignments)
			.innerJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(
				and(
					eq(assignments.roundId, row.round.id),
					eq(assignments.entryId, row.entryId),
					eq(scores.status, 'submitted'),
					isNull(assignments.removedAt),
					sql`${assignments.id} <> ${assignmentId}`
				)
			)
			.orderBy(asc(scores.submittedAt));
		otherTotals = others.map((o) => o.total);
	}
	return {
		ok: true,
		entry: {
			assignmentId,
			roundId: row.round.id,
			roundName: row.round.name,
			code: row.code,
			title: version?.title ?? row.title,
			body: version?.body ?? row.body,
			version: version?.versionNo ?? null,
			hasFile: (version ? version.fileSha256 : row.fileSha256) !== null,
			closed: roundClosed(row.round, now),
			criteria,
			score: own
				? {
						points: own.points,
						total: own.total,
						comment: own.comment,
						submitted: own.status === 'submitted'
					}
				: null,
			otherTotals
		}
	};
}

/** The stripped copy's address and the entry code a judge may download, or null when not theirs / no file. */
export async function fileForJudge(
	db: Db,
	assignmentId: number,
	judgeId: number
): Promise<{ code: string; strippedSha256: string; kind: string } | null> {
	const rows = rowsOf<{
		code: string;
		stripped_sha256: string;
		kind: string;
		judge_id: number;
		status: string;
	}>(
		await db.execute(sql`
			select e.code, f.stripped_sha256, f.kind, a.judge_id, e.status
			from assignments a
			join entries e on e.id = a.entry_id
			join entry_files f on f.sha256 = coalesce((select v.file_sha256 from entry_versions v
				where v.entry_id = e.id order by v.version_no desc limit 1), e.file_sha256)
			where a.id = ${assignmentId} and a.removed_at is null`)
	);
	const row = rows[0];
	if (!row || row.judge_id !== judgeId || row.status !== 'submitted') return null;
	return { code: row.code, strippedSha256: row.stripped_sha256, kind: row.kind };
}

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
async function callExtraJudgeIfNeeded(
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
		!needsThirdJudge(totals, context.round.disagreementThreshold)
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
