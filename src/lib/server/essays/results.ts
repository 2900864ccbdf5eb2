/**
 * Essay contest results: the final ranking, award tiers given to entries, collective prizes for units, publishing,
 * and what participants and the public see once results are published. Settled scores come from judging.ts
 * (`entryResults`) and the ranking and tier suggestions from scoring.ts; this module feeds them rows and writes
 * awards in transactions.
 *
 * Before publication nothing here that a participant or the public reaches carries a score, a round reached or a
 * tier: `participantResults` and `publicResults` answer "not published" and nothing else.
 */
import { and, asc, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import {
	assignments,
	awardTiers,
	contests,
	entries,
	entryAwards,
	essayRounds,
	essaySettings,
	roundEntries,
	scores,
	unitAwards,
	units,
	users
} from '../db/schema';
import { authorsOf, earlierEntries, type EarlierRow } from './award-candidates';
import { decideRound, decidingRules, type DecidingBasis } from './deciding';
import { roundClosed } from './judging-common';
import { settleScore, suggestAwards } from './scoring';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Handle = Db | Tx;

export type Outcome<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };
const fail = <E extends string>(error: E) => ({ ok: false, error }) as const;

// ---------------------------------------------------------------------------------------------------------------
// Final ranking

export type FinalRound = { id: number; name: string; position: number; scale: number; closed: boolean };

/**
 * The last round (by position) that holds entries: the one the awards are decided on. Closed as judging.ts's
 * roundClosed says: closed by the organizer, or its closing time has passed.
 */
export async function finalRound(
	db: Handle,
	contestId: number,
	now = new Date()
): Promise<FinalRound | null> {
	const [round] = await db
		.select({
			id: essayRounds.id,
			name: essayRounds.name,
			position: essayRounds.position,
			scale: essayRounds.scale,
			closedAt: essayRounds.closedAt,
			closesAt: essayRounds.closesAt
		})
		.from(essayRounds)
		.where(
			and(
				eq(essayRounds.contestId, contestId),
				sql`exists (select 1 from ${roundEntries} re where re.round_id = ${essayRounds.id})`
			)
		)
		.orderBy(desc(essayRounds.position))
		.limit(1);
	if (!round) return null;
	const { closedAt, closesAt, ...rest } = round;
	return { ...rest, closed: roundClosed({ closedAt, closesAt }, now) };
}

export type RankedRow = {
	entryId: number;
	code: string;
	title: string;
	authorName: string;
	unitName: string;
	rank: number;
	tied: boolean;
	settled: number;
	normalizedMean: number | null;
	/** what ranks it: deciding.ts's deciding score (raw or normalized, as `basis.used` says) */
	deciding: number;
};

export type UnscoredRow = {
	entryId: number;
	code: string;
	title: string;
	authorName: string;
	unitName: string;
	done: number;
	assigned: number;
};

export type FinalRanking = {
	round: FinalRound | null;
	ranked: RankedRow[];
	unscored: UnscoredRow[];
	basis: DecidingBasis | null;
};

/**
 * The final round's submitted entries ranked by their deciding score (deciding.ts: raw or normalized, as the contest
 * chose; ties share a rank and are flagged). Entries not fully scored (rounds-admin.ts fullyScored) are listed
 * apart, not ranked. Organizer-only: it names authors.
 */
export async function finalRanking(db: Db, contestId: number, now = new Date()): Promise<FinalRanking> {
	const round = await finalRound(db, contestId, now);
	if (!round) return { round: null, ranked: [], unscored: [], basis: null };
	const decision = await decideRound(db, round.id);
	const who = await authorsOf(db, round.id);
	const person = (entryId: number) => who.get(entryId) ?? { authorName: '', unitName: '' };
	const base = (e: { entryId: number; code: string; title: string }) => ({
		entryId: e.entryId,
		code: e.code,
		title: e.title,
		authorName: person(e.entryId).authorName,
		unitName: person(e.entryId).unitName
	});
	const unscored: UnscoredRow[] = (decision?.unsettled ?? []).map((e) => ({
		...base(e),
		done: e.totals.length,
		assigned: e.assigned
	}));
	const ranked: RankedRow[] = (decision?.ranked ?? []).map((e) => ({
		...base(e),
		rank: e.rank,
		tied: e.tied,
		settled: e.settled!,
		normalizedMean: e.normalizedMean,
		deciding: e.deciding
	}));
	return { round, ranked, unscored, basis: decision?.basis ?? null };
}

// ---------------------------------------------------------------------------------------------------------------
// Awards to entries

export type AwardRow = RankedRow & { suggested: string | null; boundaryTie: boolean; saved: string | null };

export type AwardsView = {
	round: FinalRound | null;
	tiers: { name: string; count: number }[];
	rows: AwardRow[];
	unscored: UnscoredRow[];
	/** awards saved for entries that are not in the ranking (e.g. not fully scored) */
	savedElsewhere: { entryId: number; code: string; title: string; tier: string }[];
	hasSaved: boolean;
	publishedAt: Date | null;
	/** entries stopped at earlier rounds, listed only when the contest allows awarding them */
	earlier: EarlierRow[];
	awardsAnyRound: boolean;
};

async function resultsPublishedAt(db: Db, contestId: number): Promise<Date | null | undefined> {
	const [row] = await db
		.select({ at: essaySettings.resultsPublishedAt })
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId));
	return row ? row.at : undefined;
}

/** The ranking with the suggested tier of each row (from the tiers' counts) and the saved one. */
export async function awardsView(
	db: Db,
	contestId: number,
	now = new Date()
): Promise<AwardsView & { ranking: FinalRanking }> {
	const [ranking, tiers, saved, publishedAt, rules] = await Promise.all([
		finalRanking(db, contestId, now),
		db
			.select({ name: awardTiers.name, count: awardTiers.count })
			.from(awardTiers)
			.where(eq(awardTiers.contestId, contestId))
			.orderBy(asc(awardTiers.position)),
		db
			.select({
				entryId: entryAwards.entryId,
				tier: entryAwards.tier,
				code: entries.code,
				title: entries.title
			})
			.from(entryAwards)
			.innerJoin(entries, eq(entries.id, entryAwards.entryId))
			.where(eq(entryAwards.contestId, contestId)),
		resultsPublishedAt(db, contestId),
		decidingRules(db, contestId)
	]);
	const earlier =
		rules.awardsAnyRound && ranking.round ? await earlierEntries(db, contestId, ranking.round.id) : [];
	const suggestions = new Map(
		suggestAwards(
			ranking.ranked.map((r) => ({
				entryId: String(r.entryId),
				score: r.deciding,
				rank: r.rank,
				tied: r.tied
			})),
			tiers
		).map((s) => [Number(s.entryId), s])
	);
	const savedTier = new Map(saved.map((s) => [s.entryId, s.tier]));
	const inRanking = new Set([...ranking.ranked, ...earlier].map((r) => r.entryId));
	return {
		round: ranking.round,
		tiers,
		rows: ranking.ranked.map((r) => ({
			...r,
			suggested: suggestions.get(r.entryId)?.tier ?? null,
			boundaryTie: suggestions.get(r.entryId)?.boundaryTie ?? false,
			saved: savedTier.get(r.entryId) ?? null
		})),
		unscored: ranking.unscored,
		savedElsewhere: saved.filter((s) => !inRanking.has(s.entryId)),
		hasSaved: saved.length > 0,
		publishedAt: publishedAt ?? null,
		earlier: earlier.map((e) => ({ ...e, saved: savedTier.get(e.entryId) ?? null })),
		awardsAnyRound: rules.awardsAnyRound,
		ranking
	};
}

export type AwardError =
	'not_found' | 'published' | 'unknown_tier' | 'foreign_entry' | 'duplicate_entry' | 'not_in_final_round';
export type TierOverflow = { tier: string; count: number; given: number };

/**
 * Replaces the contest's awards as a whole, in one transaction. Tiers must be the contest's; entries must be its
 * submitted entries. A tier given more often than its count is allowed (a tie at the boundary) and reported back.
 */
export async function saveEntryAwards(
	db: Db,
	contestId: number,
	awards: { entryId: number; tier: string }[],
	awardedBy: number | null
): Promise<Outcome<{ saved: number; overflows: TierOverflow[] }, AwardError>> {
	const seen = new Set<number>();
	for (const a of awards) {
		if (seen.has(a.entryId)) return fail('duplicate_entry');
		seen.add(a.entryId);
	}
	return db.transaction(async (tx) => {
		const [settings] = await tx
			.select({ publishedAt: essaySettings.resultsPublishedAt, anyRound: essaySettings.awardsAnyRound })
			.from(essaySettings)
			.where(eq(essaySettings.contestId, contestId))
			.for('update');
		if (!settings) return fail('not_found');
		if (settings.publishedAt) return fail('published');
		const tiers = await tx
			.select({ name: awardTiers.name, count: awardTiers.count })
			.from(awardTiers)
			.where(eq(awardTiers.contestId, contestId))
			.orderBy(asc(awardTiers.position));
		const tierNames = new Set(tiers.map((t) => t.name));
		if (awards.some((a) => !tierNames.has(a.tier))) return fail('unknown_tier');
		if (awards.length > 0) {
			const ok = await tx
				.select({ id: entries.id })
				.from(entries)
				.where(
					and(
						eq(entries.contestId, contestId),
						eq(entries.status, 'submitted'),
						inArray(
							entries.id,
							awards.map((a) => a.entryId)
						)
					)
				);
			if (ok.length !== awards.length) return fail('foreign_entry');
		}
		if (!settings.anyRound && awards.length > 0) {
			// awards go to the final round's entries unless the contest allows any round
			const round = await finalRound(tx, contestId);
			const inFinal = round
				? await tx
						.select({ id: roundEntries.entryId })
						.from(roundEntries)
						.where(
							and(
								eq(roundEntries.roundId, round.id),
								inArray(
									roundEntries.entryId,
									awards.map((a) => a.entryId)
								)
							)
						)
				: [];
			if (inFinal.length !== awards.length) return fail('not_in_final_round');
		}
		const before = await tx
			.select({ entryId: entryAwards.entryId, tier: entryAwards.tier })
			.from(entryAwards)
			.where(eq(entryAwards.contestId, contestId))
			.orderBy(asc(entryAwards.entryId));
		await tx.delete(entryAwards).where(eq(entryAwards.contestId, contestId));
		if (awards.length > 0)
			await tx
				.insert(entryAwards)
				.values(awards.map((a) => ({ entryId: a.entryId, contestId, tier: a.tier, awardedBy })));
		// every change of the award list leaves a trace: who, when, the list before and after
		const after = [...awards].sort((a, b) => a.entryId - b.entryId);
		if (JSON.stringify(before) !== JSON.stringify(after.map((a) => ({ entryId: a.entryId, tier: a.tier }))))
			await recordAudit(tx, {
				actorId: awardedBy,
				contestId,
				entity: 'contest',
				entityId: contestId,
				action: 'award.set',
				before,
				after: after.map((a) => ({ entryId: a.entryId, tier: a.tier }))
			});
		const overflows = tiers
			.map((t) => ({ tier: t.name, count: t.count, given: awards.filter((a) => a.tier === t.name).length }))
			.filter((t) => t.given > t.count);
		return { ok: true, value: { saved: awards.length, overflows } };
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Units: statistics and collective prizes

/**
 * The unit under which statistics split: the contest's eligible unit, or the only top-level unit when the contest
 * is open to everyone and the tree has one root. Null: everyone, several roots (split at the top level).
 */
async function statsRoot(db: Db, contestId: number): Promise<{ path: string; depth: number } | null> {
	const [row] = await db
		.select({ path: units.path, depth: units.depth })
		.from(contests)
		.innerJoin(units, eq(units.id, contests.eligibleUnitId))
		.where(eq(contests.id, contestId));
	if (row) return row;
	const roots = await db
		.select({ path: units.path, depth: units.depth })
		.from(units)
		.where(sql`${units.parentId} is null and ${units.active}`)
		.limit(2);
	return roots.length === 1 ? roots[0] : null;
}

export type UnitLevels = { levels: number[]; defaultLevel: number };

/** Depths the organizer may split units at: below the eligible root, down to the deepest unit in its subtree. */
export async function unitLevels(
	db: Db,
	contestId: number,
	knownRoot?: { path: string; depth: number } | null
): Promise<UnitLevels & { root: { path: string; depth: number } | null }> {
	const root = knownRoot === undefined ? await statsRoot(db, contestId) : knownRoot;
	const first = root ? root.depth + 1 : 0;
	const [{ deepest }] = rowsOf<{ deepest: number | null }>(
		await db.execute(sql`select max(depth)::int as deepest from ${units}
			where active ${root ? sql`and path ~>=~ ${root.path} and path ~<~ (${root.path} || '~')` : sql``}`)
	);
	const last = Math.max(first, deepest ?? first);
	return { levels: Array.from({ length: last - first + 1 }, (_, i) => first + i), defaultLevel: first, root };
}

export type UnitStanding = {
	unitId: number;
	name: string;
	entries: number;
	authors: number;
	awarded: number;
	/** mean deciding score of the unit's entries ranked in the final round; null when none is */
	meanScore: number | null;
	rank: number;
	saved: string | null;
};

type UnitCountRow = {
	id: number;
	name: string;
	entries: number | string;
	authors: number | string;
	awarded: number | string;
	entry_ids: number[] | string | null;
};

/** Per unit at `level` (subtree roll-up by materialized path): submitted entries, authors and awarded entries. */
async function unitCounts(
	db: Db,
	contestId: number,
	level: number | null,
	knownRoot?: { path: string; depth: number } | null
): Promise<UnitCountRow[]> {
	const root = knownRoot === undefined ? await statsRoot(db, contestId) : knownRoot;
	const depth = level ?? (root ? root.depth + 1 : 0);
	return rowsOf<UnitCountRow>(
		await db.execute(sql`
			select c.id, c.name,
				count(e.id)::int as entries,
				count(distinct e.author_id)::int as authors,
				count(a.entry_id)::int as awarded,
				coalesce(json_agg(e.id) filter (where e.id is not null), '[]') as entry_ids
			from ${units} c
			join ${units} d on d.path ~>=~ c.path and d.path ~<~ (c.path || '~')
			left join ${entries} e on e.author_unit_id = d.id and e.contest_id = ${contestId} and e.status = 'submitted'
			left join ${entryAwards} a on a.entry_id = e.id
			where c.active and c.depth = ${depth}
				${root ? sql`and c.path ~>=~ ${root.path} and c.path ~<~ (${root.path} || '~')` : sql``}
			group by c.id, c.name
			order by c.name, c.id`)
	);
}

function idList(value: number[] | string | null): number[] {
	if (value === null) return [];
	return (typeof value === 'string' ? (JSON.parse(value) as number[]) : value).map(Number);
}

/**
 * Units at a level ranked for collective prizes: awarded entries, then submitted entries, then the mean settled
 * score of their entries in the final ranking (units without one last), then name. Ties share a rank. Pass the
 * ranking (and the statistics root, from unitLevels) when already computed: the final ranking aggregates the whole
 * round.
 */
export async function unitStandings(
	db: Db,
	contestId: number,
	level: number | null,
	known: { ranking?: FinalRanking; root?: { path: string; depth: number } | null } = {}
): Promise<UnitStanding[]> {
	const [rows, ranking, saved] = await Promise.all([
		unitCounts(db, contestId, level, known.root),
		known.ranking ?? finalRanking(db, contestId),
		db
			.select({ unitId: unitAwards.unitId, title: unitAwards.title })
			.from(unitAwards)
			.where(eq(unitAwards.contestId, contestId))
	]);
	const settled = new Map(ranking.ranked.map((r) => [r.entryId, r.deciding]));
	const savedTitle = new Map(saved.map((s) => [s.unitId, s.title]));
	const list = rows.map((r) => {
		const mine = idList(r.entry_ids)
			.map((id) => settled.get(id))
			.filter((s): s is number => s !== undefined);
		return {
			unitId: r.id,
			name: r.name,
			entries: Number(r.entries),
			authors: Number(r.authors),
			awarded: Number(r.awarded),
			meanScore:
				mine.length > 0 ? Math.round((mine.reduce((a, b) => a + b, 0) / mine.length) * 100) / 100 : null,
			rank: 0,
			saved: savedTitle.get(r.id) ?? null
		};
	});
	const key = (u: (typeof list)[number]) => [u.awarded, u.entries, u.meanScore ?? -1];
	const compare = (a: (typeof list)[number], b: (typeof list)[number]) => {
		const ka = key(a);
		const kb = key(b);
		for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i];
		return 0;
	};
	list.sort((a, b) => compare(a, b) || a.name.localeCompare(b.name, 'vi'));
	list.forEach((u, i) => {
		u.rank = i > 0 && compare(list[i - 1], u) === 0 ? list[i - 1].rank : i + 1;
	});
	return list;
}

export type UnitAwardError = 'not_found' | 'published' | 'bad_title' | 'foreign_unit';

/** Replaces the contest's collective prizes as a whole: the ticked units, all with the given title. */
export async function saveUnitAwards(
	db: Db,
	contestId: number,
	unitIds: number[],
	title: string,
	actorId: number | null = null
): Promise<Outcome<{ saved: number }, UnitAwardError>> {
	const clean = title.normalize('NFC').trim();
	if (unitIds.length > 0 && (clean === '' || clean.length > 200)) return fail('bad_title');
	const ids = [...new Set(unitIds)];
	return db.transaction(async (tx) => {
		const [settings] = await tx
			.select({ publishedAt: essaySettings.resultsPublishedAt, eligibleUnitId: contests.eligibleUnitId })
			.from(essaySettings)
			.innerJoin(contests, eq(contests.id, essaySettings.contestId))
			.where(eq(essaySettings.contestId, contestId))
			.for('update', { of: essaySettings });
		if (!settings) return fail('not_found');
		if (settings.publishedAt) return fail('published');
		if (ids.length > 0) {
			const [root] = settings.eligibleUnitId
				? await tx.select({ path: units.path }).from(units).where(eq(units.id, settings.eligibleUnitId))
				: [];
			const found = await tx
				.select({ id: units.id })
				.from(units)
				.where(
					and(
						inArray(units.id, ids),
						root
							? sql`${units.path} ~>=~ ${root.path} and ${units.path} ~<~ (${root.path} || '~')`
							: undefined
					)
				);
			if (found.length !== ids.length) return fail('foreign_unit');
		}
		const before = await tx
			.select({ unitId: unitAwards.unitId, title: unitAwards.title })
			.from(unitAwards)
			.where(eq(unitAwards.contestId, contestId))
			.orderBy(asc(unitAwards.unitId));
		await tx.delete(unitAwards).where(eq(unitAwards.contestId, contestId));
		if (ids.length > 0)
			await tx.insert(unitAwards).values(ids.map((unitId) => ({ contestId, unitId, title: clean })));
		await recordAudit(tx, {
			actorId,
			contestId,
			entity: 'contest',
			entityId: contestId,
			action: 'award.units',
			before,
			after: [...ids].sort((a, b) => a - b).map((unitId) => ({ unitId, title: clean }))
		});
		return { ok: true, value: { saved: ids.length } };
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Publishing

// Publishing and correcting results are stage moves: essays/publication.ts.

/** What the organizer's contest page shows of the results. */
export async function resultsStatus(db: Db, contestId: number) {
	const [row] = await db
		.select({
			publishedAt: essaySettings.resultsPublishedAt,
			awards: sql<number>`(select count(*) from ${entryAwards} a where a.contest_id = ${contestId})::int`,
			unitAwards: sql<number>`(select count(*) from ${unitAwards} u where u.contest_id = ${contestId})::int`
		})
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId));
	return row ?? { publishedAt: null, awards: 0, unitAwards: 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// The participant's own results

export type ParticipantEntryResult = {
	entryId: number;
	/** names of the rounds the entry took part in, in order */
	rounds: string[];
	/** settled score in the last round it was in, on that round's scale */
	score: number | null;
	scale: number | null;
	tier: string | null;
};

export type ParticipantResults =
	{ published: false } | { published: true; publishedAt: Date; entries: ParticipantEntryResult[] };

/**
 * An author's submitted entries in a contest with their results, only once results are published. Before that the
 * answer is `{ published: false }`: no score, round or tier leaves the server.
 */
export async function participantResults(
	db: Db,
	contestId: number,
	authorId: number
): Promise<ParticipantResults> {
	const publishedAt = await resultsPublishedAt(db, contestId);
	if (!publishedAt) return { published: false };
	const mine = await db
		.select({ id: entries.id, tier: entryAwards.tier })
		.from(entries)
		.leftJoin(entryAwards, eq(entryAwards.entryId, entries.id))
		.where(
			and(eq(entries.contestId, contestId), eq(entries.authorId, authorId), eq(entries.status, 'submitted'))
		);
	if (mine.length === 0) return { published: true, publishedAt, entries: [] };
	const ids = mine.map((e) => e.id);
	const [taken, marks] = await Promise.all([
		db
			.select({
				entryId: roundEntries.entryId,
				roundId: essayRounds.id,
				name: essayRounds.name,
				scale: essayRounds.scale,
				settleRule: essayRounds.settleRule
			})
			.from(roundEntries)
			.innerJoin(essayRounds, eq(essayRounds.id, roundEntries.roundId))
			.where(inArray(roundEntries.entryId, ids))
			.orderBy(asc(essayRounds.position)),
		db
			.select({
				entryId: assignments.entryId,
				roundId: assignments.roundId,
				third: sql<boolean>`${assignments.source} = 'third'`,
				total: scores.total,
				submittedAt: scores.submittedAt,
				id: assignments.id
			})
			.from(assignments)
			.innerJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(
				and(inArray(assignments.entryId, ids), eq(scores.status, 'submitted'), isNotNull(scores.submittedAt))
			)
	]);
	// a normalized deciding score needs the whole round (deciding.ts); the raw one settles from the entry's own marks
	const normalized = new Map<number, Map<number, number | null>>();
	if ((await decidingRules(db, contestId)).decidingScore === 'normalized') {
		const lastRounds = mine.map((e) => taken.filter((t) => t.entryId === e.id).at(-1)?.roundId);
		for (const roundId of new Set(lastRounds.filter((id) => id !== undefined))) {
			const decision = await decideRound(db, roundId);
			if (decision?.basis.used === 'normalized')
				normalized.set(roundId, new Map(decision.entries.map((d) => [d.entryId, d.deciding])));
		}
	}
	return {
		published: true,
		publishedAt,
		entries: mine.map((e) => {
			const rounds = taken.filter((t) => t.entryId === e.id);
			const last = rounds.at(-1);
			// marking order as judging.ts's entryResults: first judges by submission time, the third judge last
			const totals = last
				? marks
						.filter((s) => s.entryId === e.id && s.roundId === last.roundId)
						.sort(
							(a, b) =>
								Number(a.third) - Number(b.third) ||
								a.submittedAt!.getTime() - b.submittedAt!.getTime() ||
								a.id - b.id
						)
						.map((s) => s.total)
				: [];
			return {
				entryId: e.id,
				rounds: rounds.map((r) => r.name),
				score: !last
					? null
					: (normalized.get(last.roundId)?.get(e.id) ?? settleScore(totals, last.settleRule)),
				scale: last?.scale ?? null,
				tier: e.tier ?? null
			};
		})
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Public results

export type PublicResults = {
	contest: { id: number; title: string; publishedAt: Date };
	tiers: { name: string; winners: { name: string; unitName: string; title: string }[] }[];
	unitAwards: { unitName: string; title: string }[];
	stats: { rows: { unitName: string; entries: number; authors: number }[]; entries: number; authors: number };
};

type PublicRow = {
	id: number;
	title: string;
	published_at: string | Date;
	winners: { tier: string; name: string; unit: string; title: string }[] | string;
	tiers: string[] | string;
	unit_awards: { unit: string; title: string }[] | string;
	entries_total: number | string;
	authors_total: number | string;
};

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

/**
 * The public results page: winners by tier (name, unit, entry title, no scores), collective prizes and entries by
 * unit. Null unless the contest is published and its results too.
 */
export async function publicResults(db: Db, contestId: number): Promise<PublicResults | null> {
	const [row] = rowsOf<PublicRow>(
		await db.execute(sql`
			select c.id, c.title, s.results_published_at as published_at,
				coalesce((select json_agg(json_build_object('tier', a.tier, 'name', u.full_name, 'unit', un.name, 'title', e.title)
						order by t.position, u.full_name, e.id)
					from ${entryAwards} a
					join ${entries} e on e.id = a.entry_id
					join ${users} u on u.id = e.author_id
					join ${units} un on un.id = e.author_unit_id
					left join ${awardTiers} t on t.contest_id = a.contest_id and t.name = a.tier
					where a.contest_id = c.id), '[]') as winners,
				coalesce((select json_agg(t.name order by t.position) from ${awardTiers} t where t.contest_id = c.id), '[]')
					as tiers,
				(select count(*) from ${entries} e where e.contest_id = c.id and e.status = 'submitted')::int as entries_total,
				(select count(distinct e.author_id) from ${entries} e where e.contest_id = c.id and e.status = 'submitted')::int
					as authors_total,
				coalesce((select json_agg(json_build_object('unit', un.name, 'title', ua.title) order by ua.title, un.name)
					from ${unitAwards} ua join ${units} un on un.id = ua.unit_id
					where ua.contest_id = c.id), '[]') as unit_awards
			from ${contests} c
			join ${essaySettings} s on s.contest_id = c.id
			where c.id = ${contestId} and c.kind = 'essay' and c.published and s.results_published_at is not null`)
	);
	if (!row) return null;
	const winners = parsed(row.winners);
	const tierNames = parsed(row.tiers);
	const counts = await unitCounts(db, contestId, null);
	const statsRows = counts.map((c) => ({
		unitName: c.name,
		entries: Number(c.entries),
		authors: Number(c.authors)
	}));
	// an award whose tier is no longer among the contest's tiers is still listed, under its stored name, last
	const known = new Set(tierNames);
	const unknown = [...new Set(winners.map((w) => w.tier).filter((t) => !known.has(t)))];
	return {
		contest: { id: row.id, title: row.title, publishedAt: new Date(row.published_at) },
		tiers: [...tierNames, ...unknown]
			.map((name) => ({
				name,
				winners: winners
					.filter((w) => w.tier === name)
					.map((w) => ({ name: w.name, unitName: w.unit, title: w.title }))
			}))
			.filter((t) => t.winners.length > 0),
		unitAwards: parsed(row.unit_awards).map((u) => ({ unitName: u.unit, title: u.title })),
		stats: {
			rows: statsRows,
			entries: Number(row.entries_total),
			authors: Number(row.authors_total)
		}
	};
}

/** Contests whose results are published, newest first: the public list. */
export async function publishedResultsList(db: Db) {
	return db
		.select({ id: contests.id, title: contests.title, publishedAt: essaySettings.resultsPublishedAt })
		.from(contests)
		.innerJoin(essaySettings, eq(essaySettings.contestId, contests.id))
		.where(
			and(
				eq(contests.kind, 'essay'),
				eq(contests.published, true),
				isNotNull(essaySettings.resultsPublishedAt)
			)
		)
		.orderBy(desc(essaySettings.resultsPublishedAt), desc(contests.id));
}

/** The collective prizes saved for a contest, whatever level their units are at. */
export async function savedUnitAwards(db: Db, contestId: number) {
	return db
		.select({ unitId: unitAwards.unitId, unitName: units.name, title: unitAwards.title })
		.from(unitAwards)
		.innerJoin(units, eq(units.id, unitAwards.unitId))
		.where(eq(unitAwards.contestId, contestId))
		.orderBy(asc(units.name));
}
