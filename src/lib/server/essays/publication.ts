/**
 * The last stages of an essay contest (stages.ts owns the others): publishing the results, and correcting them
 * afterwards. Publication is final: entries, awards and certificates no longer change (the database refuses it,
 * migration 0010), and results are not taken back. A published result changes only by `correctResults`: an
 * explicit act with a reason (the "quyết định điều chỉnh"), audited, which re-issues the certificates it touches;
 * their old codes keep verifying, as "replaced by …" (replaced_certificate_codes) or as revoked.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { issueEssayCertificates, type IssueSummary } from '../certificates/issue';
import type { Db } from '../db/client';
import { awardTiers, entries, entryAwards } from '../db/schema';
import { fail, ok, type Result } from '../result';
import { finalRound } from './results';
import { allows, moveStage, stageOf } from './stages';

export type PublishResultsError =
	'not_found' | 'no_final_round' | 'final_round_open' | 'no_awards' | 'stage' | 'published';

/**
 * Results go out once the final round is closed and at least one entry has an award. The essay_settings row is
 * locked FOR UPDATE first: everything that changes judging (judging.ts, rounds-admin.ts) shares it and refuses
 * once published, so the round read here cannot reopen or gain a successor before this commits. A contest still
 * in judging is settled on the way (both moves are audited).
 */
export async function publishResults(
	db: Db,
	contestId: number,
	options: { actorId?: number | null; now?: Date } = {}
): Promise<Result<{ publishedAt: Date }, PublishResultsError>> {
	const now = options.now ?? new Date();
	const actorId = options.actorId ?? null;
	return db.transaction(async (tx) => {
		const row = await stageOf(tx, contestId, now, 'update');
		if (!row) return fail('not_found');
		if (row.stage === 'published') return fail('published');
		// a contest moved through its rounds before stages existed may still read closed: its rounds say more
		if (!allows(row.stage, 'publish_results') && row.stage !== 'closed') return fail('stage');
		const round = await finalRound(tx, contestId, now);
		if (!round) return fail('no_final_round');
		if (!round.closed) return fail('final_round_open');
		const [award] = await tx
			.select({ id: entryAwards.entryId })
			.from(entryAwards)
			.where(eq(entryAwards.contestId, contestId))
			.limit(1);
		if (!award) return fail('no_awards');
		if (row.stage !== 'settled')
			await moveStage(tx, contestId, row.stored, 'settled', { actorId, action: 'stage.settle' }, now);
		await moveStage(
			tx,
			contestId,
			'settled',
			'published',
			{ actorId, action: 'results.publish', after: { finalRound: round.name } },
			now,
			{ resultsPublishedAt: now }
		);
		return ok({ publishedAt: now });
	});
}

/** Published results are final: they are corrected (`correctResults`), never taken back. */
export async function unpublishResults(
	db: Db,
	contestId: number
): Promise<Result<object, 'not_found' | 'published'>> {
	const row = await stageOf(db, contestId);
	if (!row) return fail('not_found');
	return fail('published');
}

export type Correction = { entryId: number; tier: string | null };
export type CorrectionError =
	| 'not_found'
	| 'not_published'
	| 'reason_required'
	| 'no_changes'
	| 'unknown_tier'
	| 'foreign_entry'
	| 'duplicate_entry';

/**
 * Changes the awards of a published contest: each change gives an entry a tier or takes its award away (null).
 * In one transaction: the awards, one audit row with the reason and every change before → after, and the
 * certificates re-issued (a changed award gets a new code, the old one verifies as replaced; a removed award's
 * certificate is revoked). Only this transaction may touch published awards and certificates
 * (`app.essay_correction`, read by the migration's triggers).
 */
export async function correctResults(
	db: Db,
	contestId: number,
	input: { actorId: number | null; reason: string; changes: Correction[]; now?: Date }
): Promise<Result<{ certificates: IssueSummary }, CorrectionError>> {
	const reason = input.reason.trim();
	const now = input.now ?? new Date();
	if (reason.length < 10) return fail('reason_required');
	if (input.changes.length === 0) return fail('no_changes');
	const ids = input.changes.map((c) => c.entryId);
	if (new Set(ids).size !== ids.length) return fail('duplicate_entry');
	return db.transaction(async (tx) => {
		const row = await stageOf(tx, contestId, now, 'update');
		if (!row) return fail('not_found');
		if (!allows(row.stage, 'correct_results')) return fail('not_published');
		const tiers = new Set(
			(
				await tx.select({ name: awardTiers.name }).from(awardTiers).where(eq(awardTiers.contestId, contestId))
			).map((t) => t.name)
		);
		if (input.changes.some((c) => c.tier !== null && !tiers.has(c.tier))) return fail('unknown_tier');
		const known = await tx
			.select({ id: entries.id })
			.from(entries)
			.where(
				and(eq(entries.contestId, contestId), eq(entries.status, 'submitted'), inArray(entries.id, ids))
			);
		if (known.length !== ids.length) return fail('foreign_entry');
		const before = new Map(
			(
				await tx
					.select({ entryId: entryAwards.entryId, tier: entryAwards.tier })
					.from(entryAwards)
					.where(and(eq(entryAwards.contestId, contestId), inArray(entryAwards.entryId, ids)))
			).map((a) => [a.entryId, a.tier])
		);
		await tx.execute(sql`select set_config('app.essay_correction', 'on', true)`);
		await tx
			.delete(entryAwards)
			.where(and(eq(entryAwards.contestId, contestId), inArray(entryAwards.entryId, ids)));
		const given = input.changes.filter((c) => c.tier !== null);
		if (given.length > 0)
			await tx.insert(entryAwards).values(
				given.map((c) => ({
					entryId: c.entryId,
					contestId,
					tier: c.tier as string,
					awardedBy: input.actorId,
					awardedAt: now
				}))
			);
		await recordAudit(tx, {
			actorId: input.actorId,
			contestId,
			entity: 'contest',
			entityId: contestId,
			action: 'results.correct',
			reason,
			before: input.changes.map((c) => ({ entryId: c.entryId, tier: before.get(c.entryId) ?? null })),
			after: input.changes,
			at: now
		});
		const issued = await issueEssayCertificates(tx, contestId, {
			participation: false,
			issuedBy: input.actorId,
			now,
			correction: true
		});
		if (!issued.ok) throw new Error(`certificates after a correction: ${issued.error}`);
		await tx.execute(sql`select set_config('app.essay_correction', '', true)`);
		return ok({ certificates: issued.value });
	});
}
