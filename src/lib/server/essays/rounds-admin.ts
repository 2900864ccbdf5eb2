/**
 * The organizer's side of a judging round once scores come in: closing and reopening it, advancing the best
 * entries to the next round, one entry in full (author included: organizers may see it, judges never) with the
 * audit log of its scores, and paging the results table. Ranking and cuts are the pure rules of scoring.ts.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { recordAudit } from '../audit';
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
import { advanceEntries } from './judging';
import { resultsPublishedLocked, roundClosed } from './judging-common';
import { fullyScored, type EntryResult } from './round-results';
import { decideRound, type DecidingBasis } from './deciding';
import { advance, settleScore, type AdvanceRule, type SettleRule } from './scoring';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Handle = Db | Tx;

export type RoundAdminError =
	| 'not_found'
	| 'not_closed'
	| 'later_round_started'
	| 'deadline_passed'
	| 'no_next_round'
	| 'no_rule'
	| 'nothing_to_advance'
	| 'preview_changed'
	| 'results_published';

export type AdminResult<T> = ({ ok: true } & T) | { ok: false; error: RoundAdminError };

// ---------------------------------------------------------------------------------------------------------------
// Closing and reopening

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

// ---------------------------------------------------------------------------------------------------------------
// Fully scored, advancing

export type AdvanceRow = {
	entryId: number;
	code: string;
	title: string;
	settled: number;
	normalizedMean: number | null;
	/** what ranks and advances it (deciding.ts) */
	deciding: number;
	rank: number;
	tied: boolean;
	/** advance: within the cut; cut: tied across it (the organizer decides); out: below it */
	decision: 'advance' | 'cut' | 'out';
	inNextRound: boolean;
};

export type AdvancePreview = {
	round: { id: number; name: string; closed: boolean; scale: number; settleRule: SettleRule };
	nextRound: { id: number; name: string } | null;
	/** the round's rule, or the organizer's override for this action; null when neither is set */
	rule: AdvanceRule | null;
	/** raw or normalized, and why normalized fell back to raw */
	basis: DecidingBasis;
	ranked: AdvanceRow[];
	/** submitted entries whose score is not settled yet */
	unsettled: { entryId: number; code: string; title: string; scored: number; assigned: number }[];
	advance: number[];
	cut: number[];
	/** identifies exactly this preview: the advance action refuses if the lists changed since it was shown */
	fingerprint: string;
};

function fingerprintOf(advanced: readonly number[], cut: readonly number[]): string {
	const text = `${[...advanced].sort((a, b) => a - b).join(',')}|${[...cut].sort((a, b) => a - b).join(',')}`;
	return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/** The round's advance rule from its settings (advanceValue holds K or the minimum score). */
export function roundAdvanceRule(round: {
	advanceRule: 'top_k' | 'min_score' | null;
	advanceValue: number | null;
}): AdvanceRule | null {
	if (round.advanceRule === null || round.advanceValue === null) return null;
	return round.advanceRule === 'top_k'
		? { rule: 'top_k', k: Math.floor(round.advanceValue) }
		: { rule: 'min_score', min: round.advanceValue };
}

/** Ranks the round's fully scored entries by their deciding score (deciding.ts) and splits them by the rule. */
export async function advancePreview(
	db: Handle,
	roundId: number,
	override: AdvanceRule | null = null,
	now = new Date()
): Promise<AdminResult<{ preview: AdvancePreview }>> {
	const [round] = await db.select().from(essayRounds).where(eq(essayRounds.id, roundId));
	if (!round) return { ok: false, error: 'not_found' };
	const decision = await decideRound(db, roundId);
	if (!decision) return { ok: false, error: 'not_found' };
	const [next] = await db
		.select({ id: essayRounds.id, name: essayRounds.name })
		.from(essayRounds)
		.where(and(eq(essayRounds.contestId, round.contestId), gt(essayRounds.position, round.position)))
		.orderBy(asc(essayRounds.position))
		.limit(1);
	const inNext = new Set<number>();
	if (next) {
		const rows = await db
			.select({ entryId: roundEntries.entryId })
			.from(roundEntries)
			.where(eq(roundEntries.roundId, next.id));
		for (const r of rows) inNext.add(r.entryId);
	}
	const rule = override ?? roundAdvanceRule(round);
	const unsettled = decision.unsettled.map((e) => ({
		entryId: e.entryId,
		code: e.code,
		title: e.title,
		scored: e.totals.length,
		assigned: e.assigned
	}));
	const byCode = new Map(decision.ranked.map((e) => [e.code, e]));
	const ranked = decision.ranked.map((e) => ({
		entryId: e.code,
		score: e.deciding,
		rank: e.rank,
		tied: e.tied
	}));
	const split = rule ? advance(ranked, rule) : { advanced: [], cut: [] };
	const advanced = new Set(split.advanced);
	const cut = new Set(split.cut);
	const rows: AdvanceRow[] = ranked.map((r) => {
		const e = byCode.get(r.entryId)!;
		return {
			entryId: e.entryId,
			code: e.code,
			title: e.title,
			settled: e.settled!,
			normalizedMean: e.normalizedMean,
			deciding: r.score,
			rank: r.rank,
			tied: r.tied,
			decision: advanced.has(r.entryId) ? 'advance' : cut.has(r.entryId) ? 'cut' : 'out',
			inNextRound: inNext.has(e.entryId)
		};
	});
	const advanceIds = rows.filter((r) => r.decision === 'advance').map((r) => r.entryId);
	const cutIds = rows.filter((r) => r.decision === 'cut').map((r) => r.entryId);
	return {
		ok: true,
		preview: {
			round: {
				id: round.id,
				name: round.name,
				closed: roundClosed(round, now),
				scale: round.scale,
				settleRule: round.settleRule
			},
			nextRound: next ?? null,
			rule,
			basis: decision.basis,
			ranked: rows,
			unsettled,
			advance: advanceIds,
			cut: cutIds,
			fingerprint: fingerprintOf(advanceIds, cutIds)
		}
	};
}

/**
 * Advances the previewed set into the next round: the entries within the cut, and those tied at it when the
 * organizer says so. Refused while the round is open, without a next round or a rule, with nothing to advance,
 * or when `expected` (the preview's fingerprint) no longer matches, or once results are published. Advancing twice
 * adds nothing the second time.
 */
export async function advanceRound(
	db: Db,
	roundId: number,
	options: {
		override?: AdvanceRule | null;
		includeTied: boolean;
		expected?: string;
		actorId?: number | null;
	},
	now = new Date()
): Promise<AdminResult<{ added: number; advanced: number; nextRound: { id: number; name: string } }>> {
	return db.transaction(async (tx) => {
		const [owner] = await tx
			.select({ contestId: essayRounds.contestId })
			.from(essayRounds)
			.where(eq(essayRounds.id, roundId));
		if (!owner) return { ok: false, error: 'not_found' } as const;
		// a later round holding entries would become the final round under published results
		if (await resultsPublishedLocked(tx, owner.contestId))
			return { ok: false, error: 'results_published' } as const;
		// shares the lock reopenRound takes: the round cannot reopen while its entries move on
		const [locked] = await tx
			.select({ id: essayRounds.id })
			.from(essayRounds)
			.where(eq(essayRounds.id, roundId))
			.for('share');
		if (!locked) return { ok: false, error: 'not_found' } as const;
		const result = await advancePreview(tx, roundId, options.override ?? null, now);
		if (!result.ok) return result;
		const { preview } = result;
		if (!preview.round.closed) return { ok: false, error: 'not_closed' } as const;
		if (!preview.nextRound) return { ok: false, error: 'no_next_round' } as const;
		if (!preview.rule) return { ok: false, error: 'no_rule' } as const;
		if (options.expected !== undefined && options.expected !== preview.fingerprint)
			return { ok: false, error: 'preview_changed' } as const;
		const ids = options.includeTied ? [...preview.advance, ...preview.cut] : preview.advance;
		if (ids.length === 0) return { ok: false, error: 'nothing_to_advance' } as const;
		const moved = await advanceEntries(tx, roundId, preview.nextRound.id, ids);
		if (!moved.ok) throw new Error(`advanceEntries: ${moved.error}`);
		await recordAudit(tx, {
			actorId: options.actorId ?? null,
			contestId: owner.contestId,
			entity: 'essay_round',
			entityId: roundId,
			action: 'round.advance',
			after: {
				nextRoundId: preview.nextRound.id,
				entryIds: ids,
				rule: preview.rule,
				includeTied: options.includeTied
			},
			at: now
		});
		return { ok: true, added: moved.added, advanced: ids.length, nextRound: preview.nextRound } as const;
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Paging the results table

export const RESULTS_PAGE_SIZE = 100;

export type ResultsFilter = 'all' | 'disagreement' | 'unscored';

export type ResultsPage<T> = {
	rows: T[];
	total: number;
	/** the index of the page's first row among the filtered rows */
	offset: number;
	/** `?before=` for the previous page, `?after=` for the next; null when there is none */
	before: string | null;
	after: string | null;
};

/**
 * Keyset paging by entry code over rows computed in memory (aggregates need every score of the round, so the
 * whole round is computed and then sliced). `after` gives the page after that code, `before` the page before it.
 */
export function pageOfResults<T extends EntryResult>(
	all: readonly T[],
	options: {
		judgesPerEntry: number;
		filter?: ResultsFilter;
		after?: string | null;
		before?: string | null;
		size?: number;
	}
): ResultsPage<T> {
	const size = options.size ?? RESULTS_PAGE_SIZE;
	const filter = options.filter ?? 'all';
	const rows = all
		.filter((e) =>
			filter === 'disagreement'
				? e.disagreement
				: filter === 'unscored'
					? !fullyScored(e, options.judgesPerEntry)
					: true
		)
		.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	let start: number;
	if (options.before) {
		const end = rows.findIndex((r) => r.code >= options.before!);
		const stop = end === -1 ? rows.length : end;
		start = Math.max(0, stop - size);
	} else if (options.after) {
		const first = rows.findIndex((r) => r.code > options.after!);
		start = first === -1 ? rows.length : first;
	} else start = 0;
	const page = rows.slice(start, start + size);
	return {
		rows: page,
		total: rows.length,
		offset: start,
		before: start > 0 ? (page[0]?.code ?? options.after ?? null) : null,
		after: start + size < rows.length ? page[page.length - 1].code : null
	};
}

// ---------------------------------------------------------------------------------------------------------------
// One entry, for the organizer

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
