/**
 * The stages of an essay contest, and the one place that moves a contest from one to the next:
 *
 *   draft → submissions → closed → judging → settled → published
 *
 * Each move is an operated act (publishing the contest, closing submissions, opening the first round, settling,
 * publishing the results), recorded in the audit log in the same transaction. What a stage allows is `allows`;
 * the other modules ask it rather than reading dates or flags. The database holds the floor under the same rules
 * (migration 0010, "hand-written (stages)"): entries do not change past `submissions`, the submission window does
 * not move once judging has begun, awards and certificates do not change once `published` except inside
 * `correctResults`, whose transaction sets `app.essay_correction`.
 *
 * `submissions` past its closing time counts as `closed` (`effectiveStage`): the deadline freezes entries by itself,
 * closing by hand only does it earlier.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import {
	contests,
	entries,
	entryVersions,
	essayRounds,
	essaySettings,
	roundEntries,
	type EssayStage
} from '../db/schema';
import { fail, ok, type Handle, type Result } from '../result';

export type Stage = EssayStage;
export const STAGES: readonly Stage[] = ['draft', 'submissions', 'closed', 'judging', 'settled', 'published'];

/** What an organizer, author or judge may do; `allows(stage, act)` answers for a stage. */
export type StageAct =
	| 'edit_settings'
	| 'edit_window'
	| 'delete_contest'
	| 'edit_rounds'
	| 'edit_entry'
	| 'close_submissions'
	| 'reopen_submissions'
	| 'open_round'
	| 'judge'
	| 'save_awards'
	| 'settle'
	| 'unsettle'
	| 'publish_results'
	| 'issue_certificates'
	| 'correct_results'
	| 'disqualify_entry'
	| 'make_anthology';

const ALLOWED: Record<Stage, readonly StageAct[]> = {
	draft: ['edit_settings', 'edit_window', 'delete_contest', 'edit_rounds'],
	submissions: ['edit_settings', 'edit_window', 'edit_rounds', 'edit_entry', 'close_submissions'],
	closed: ['edit_settings', 'edit_rounds', 'reopen_submissions', 'open_round', 'disqualify_entry'],
	judging: [
		'edit_settings',
		'edit_rounds',
		'open_round',
		'judge',
		'save_awards',
		'settle',
		'publish_results',
		'disqualify_entry'
	],
	// past settled the awards are published: a disqualification then is a correction of the results
	settled: ['save_awards', 'unsettle', 'publish_results', 'disqualify_entry'],
	published: ['issue_certificates', 'correct_results', 'make_anthology']
};

export function allows(stage: Stage, act: StageAct): boolean {
	return ALLOWED[stage].includes(act);
}

/** The acts a stage allows, in a fixed order (the organizer's stage panel lists them). */
export function allowedActs(stage: Stage): readonly StageAct[] {
	return ALLOWED[stage];
}

/** The stage as it stands now: accepting entries past the closing time means closed. */
export function effectiveStage(s: { stage: Stage; closesAt: Date }, now: Date): Stage {
	if ((s.stage === 'draft' || s.stage === 'submissions') && now.getTime() >= s.closesAt.getTime())
		return 'closed';
	return s.stage;
}

export type StageRow = { stage: Stage; stored: Stage; closesAt: Date; opensAt: Date; published: boolean };

/**
 * The contest's stage, optionally locking its essay_settings row (FOR UPDATE before a transition, FOR SHARE before
 * an act the stage must not change under).
 */
export async function stageOf(
	db: Handle,
	contestId: number,
	now = new Date(),
	lock?: 'update' | 'share'
): Promise<StageRow | null> {
	const query = db
		.select({
			stored: essaySettings.stage,
			closesAt: essaySettings.closesAt,
			opensAt: essaySettings.opensAt,
			published: contests.published
		})
		.from(essaySettings)
		.innerJoin(contests, eq(contests.id, essaySettings.contestId))
		.where(eq(essaySettings.contestId, contestId));
	const [row] = lock ? await query.for(lock, { of: essaySettings }) : await query;
	if (!row) return null;
	return { ...row, stage: effectiveStage({ stage: row.stored, closesAt: row.closesAt }, now) };
}

export type StageError =
	| 'not_found'
	| 'stage'
	| 'not_open_yet'
	| 'reason_required'
	| 'bad_deadline'
	| 'final_round_open'
	| 'no_final_round';

/** Writes the new stage and its audit row; the caller holds the row FOR UPDATE. */
export async function moveStage(
	tx: Handle,
	contestId: number,
	from: Stage,
	to: Stage,
	audit: { actorId: number | null; action: string; reason?: string; after?: Record<string, unknown> },
	now: Date,
	extra: Partial<typeof essaySettings.$inferInsert> = {}
): Promise<void> {
	await tx
		.update(essaySettings)
		.set({ stage: to, stageChangedAt: now, ...extra })
		.where(eq(essaySettings.contestId, contestId));
	await recordAudit(tx, {
		actorId: audit.actorId,
		contestId,
		entity: 'contest',
		entityId: contestId,
		action: audit.action,
		reason: audit.reason ?? '',
		before: { stage: from },
		after: { stage: to, ...audit.after },
		at: now
	});
}

/** Publishing the contest opens it to entries (draft → submissions); hiding it again only before any entry closes. */
export async function setContestStagePublished(
	tx: Handle,
	contestId: number,
	published: boolean,
	actorId: number | null,
	now: Date
): Promise<Result<object, StageError>> {
	const row = await stageOf(tx, contestId, now, 'update');
	if (!row) return fail('not_found');
	if (published && row.stored === 'draft')
		await moveStage(tx, contestId, 'draft', 'submissions', { actorId, action: 'stage.publish_contest' }, now);
	else if (!published && row.stored === 'submissions')
		await moveStage(
			tx,
			contestId,
			'submissions',
			'draft',
			{ actorId, action: 'stage.unpublish_contest' },
			now
		);
	else if (!published && row.stored !== 'draft') return fail('stage');
	return ok();
}

/** Closes submissions now (the deadline is brought forward to now): entries freeze from this moment. */
export async function closeSubmissions(
	db: Db,
	contestId: number,
	actorId: number | null,
	now = new Date()
): Promise<Result<object, StageError>> {
	return db.transaction(async (tx) => {
		const row = await stageOf(tx, contestId, now, 'update');
		if (!row) return fail('not_found');
		if (row.stored !== 'submissions') return fail('stage');
		if (now.getTime() <= row.opensAt.getTime()) return fail('not_open_yet');
		const closesAt = now.getTime() < row.closesAt.getTime() ? now : row.closesAt;
		await moveStage(
			tx,
			contestId,
			'submissions',
			'closed',
			{ actorId, action: 'stage.close_submissions', after: { closesAt: closesAt.toISOString() } },
			now,
			{ closesAt }
		);
		return ok();
	});
}

/**
 * Reopens submissions until a new deadline, only while no round has opened: an author's later edit becomes a new
 * version of the entry (entry_versions), shown to the organizer as "phiên bản 2".
 */
export async function reopenSubmissions(
	db: Db,
	contestId: number,
	input: { actorId: number | null; closesAt: Date; reason: string },
	now = new Date()
): Promise<Result<object, StageError>> {
	const reason = input.reason.trim();
	if (reason.length < 10) return fail('reason_required');
	if (!(input.closesAt.getTime() > now.getTime())) return fail('bad_deadline');
	return db.transaction(async (tx) => {
		const row = await stageOf(tx, contestId, now, 'update');
		if (!row) return fail('not_found');
		if (!allows(row.stage, 'reopen_submissions') || (await anyRoundOpened(tx, contestId)))
			return fail('stage');
		await moveStage(
			tx,
			contestId,
			row.stored,
			'submissions',
			{
				actorId: input.actorId,
				action: 'stage.reopen_submissions',
				reason,
				after: { closesAt: input.closesAt.toISOString() }
			},
			now,
			{ closesAt: input.closesAt }
		);
		return ok();
	});
}

async function anyRoundOpened(tx: Handle, contestId: number): Promise<boolean> {
	const [row] = await tx
		.select({ one: sql<number>`1` })
		.from(roundEntries)
		.innerJoin(essayRounds, eq(essayRounds.id, roundEntries.roundId))
		.where(eq(essayRounds.contestId, contestId))
		.limit(1);
	return row !== undefined;
}

/**
 * Called by openRound in its transaction: the first round opens only once submissions are closed (by hand or by
 * the deadline), and opening it moves the contest to judging.
 */
export async function enterJudging(
	tx: Handle,
	contestId: number,
	actorId: number | null,
	now: Date
): Promise<Result<object, 'not_found' | 'submissions_open' | 'results_published' | 'stage'>> {
	const row = await stageOf(tx, contestId, now, 'update');
	if (!row) return fail('not_found');
	if (row.stage === 'draft' || row.stage === 'submissions') return fail('submissions_open');
	if (row.stage === 'published') return fail('results_published');
	if (!allows(row.stage, 'open_round')) return fail('stage');
	if (row.stage === 'closed')
		await moveStage(tx, contestId, row.stored, 'judging', { actorId, action: 'stage.open_judging' }, now);
	return ok();
}

/** The last round holding entries, and whether it is closed (by hand or by its closing time). */
async function finalRoundClosed(tx: Handle, contestId: number, now: Date): Promise<boolean | null> {
	const [round] = await tx
		.select({ closedAt: essayRounds.closedAt, closesAt: essayRounds.closesAt })
		.from(essayRounds)
		.where(
			and(
				eq(essayRounds.contestId, contestId),
				sql`exists (select 1 from ${roundEntries} re where re.round_id = ${essayRounds.id})`
			)
		)
		.orderBy(sql`${essayRounds.position} desc`)
		.limit(1);
	if (!round) return null;
	if (round.closedAt && round.closedAt.getTime() <= now.getTime()) return true;
	return round.closesAt !== null && now.getTime() >= round.closesAt.getTime();
}

/** Judging → settled: the final round is closed and its scores are what the awards are decided on. */
export async function settleResults(
	db: Db,
	contestId: number,
	actorId: number | null,
	now = new Date()
): Promise<Result<object, StageError>> {
	return db.transaction(async (tx) => {
		const row = await stageOf(tx, contestId, now, 'update');
		if (!row) return fail('not_found');
		if (!allows(row.stage, 'settle')) return fail('stage');
		const closed = await finalRoundClosed(tx, contestId, now);
		if (closed === null) return fail('no_final_round');
		if (!closed) return fail('final_round_open');
		await moveStage(tx, contestId, row.stored, 'settled', { actorId, action: 'stage.settle' }, now);
		return ok();
	});
}

/** Settled → judging again, with a reason (a round must be reopened, an entry looked at again). */
export async function unsettleResults(
	db: Db,
	contestId: number,
	input: { actorId: number | null; reason: string },
	now = new Date()
): Promise<Result<object, StageError>> {
	const reason = input.reason.trim();
	if (reason.length < 10) return fail('reason_required');
	return db.transaction(async (tx) => {
		const row = await stageOf(tx, contestId, now, 'update');
		if (!row) return fail('not_found');
		if (!allows(row.stage, 'unsettle')) return fail('stage');
		await moveStage(
			tx,
			contestId,
			'settled',
			'judging',
			{ actorId: input.actorId, action: 'stage.unsettle', reason },
			now
		);
		return ok();
	});
}

/** A contest with no entry yet, still in draft, can be deleted (with its rounds, tiers and judges' grants). */
export async function deleteDraftContest(
	db: Db,
	contestId: number,
	actorId: number | null,
	now = new Date()
): Promise<Result<object, StageError | 'has_entries'>> {
	return db.transaction(async (tx) => {
		const row = await stageOf(tx, contestId, now, 'update');
		if (!row) return fail('not_found');
		if (row.stored !== 'draft' || row.published) return fail('stage');
		const [entry] = await tx
			.select({ id: entries.id })
			.from(entries)
			.where(eq(entries.contestId, contestId))
			.limit(1);
		if (entry) return fail('has_entries');
		await recordAudit(tx, {
			actorId,
			contestId,
			entity: 'contest',
			entityId: contestId,
			action: 'stage.delete',
			at: now
		});
		await tx.delete(contests).where(eq(contests.id, contestId));
		return ok();
	});
}

/** A round that has never opened (no entry in it) can be deleted while the contest allows editing rounds. */
export async function deleteDraftRound(
	db: Db,
	roundId: number,
	actorId: number | null,
	now = new Date()
): Promise<Result<object, StageError | 'round_opened'>> {
	return db.transaction(async (tx) => {
		const [round] = await tx
			.select({ contestId: essayRounds.contestId, name: essayRounds.name })
			.from(essayRounds)
			.where(eq(essayRounds.id, roundId));
		if (!round) return fail('not_found');
		const row = await stageOf(tx, round.contestId, now, 'update');
		if (!row) return fail('not_found');
		if (!allows(row.stage, 'edit_rounds')) return fail('stage');
		const [opened] = await tx
			.select({ one: sql<number>`1` })
			.from(roundEntries)
			.where(eq(roundEntries.roundId, roundId))
			.limit(1);
		if (opened) return fail('round_opened');
		await recordAudit(tx, {
			actorId,
			contestId: round.contestId,
			entity: 'essay_round',
			entityId: roundId,
			action: 'round.delete',
			before: { name: round.name },
			at: now
		});
		await tx.delete(essayRounds).where(eq(essayRounds.id, roundId));
		return ok();
	});
}

/** The rounds of a contest in order, with whether each has opened: the stage panel's judging lines. */
export async function roundsOpened(db: Handle, contestId: number) {
	return db
		.select({
			id: essayRounds.id,
			name: essayRounds.name,
			opened: sql<boolean>`exists (select 1 from ${roundEntries} re where re.round_id = ${essayRounds.id})`
		})
		.from(essayRounds)
		.where(eq(essayRounds.contestId, contestId))
		.orderBy(asc(essayRounds.position));
}

/** The entry's latest submitted version (0: never submitted); above 1, the author changed it while submissions were open. */
export async function entryVersionNo(db: Handle, entryId: number): Promise<number> {
	const [row] = await db
		.select({ n: sql<number>`coalesce(max(${entryVersions.versionNo}), 0)::int` })
		.from(entryVersions)
		.where(eq(entryVersions.entryId, entryId));
	return row?.n ?? 0;
}
