import { createHash } from 'node:crypto';
import { and, asc, eq, gt } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import { essayRounds, roundEntries } from '../db/schema';
import { advanceEntries } from './judging';
import { resultsPublishedLocked, roundClosed } from './judging-common';
import { decideRound, type DecidingBasis } from './deciding';
import { advance, type AdvanceRule, type SettleRule } from './scoring';
import type { AdminResult } from './rounds-admin';
import type { Handle } from '../result';

// The fully scored entries of a round, ranked; advancing the best to the next round.

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
