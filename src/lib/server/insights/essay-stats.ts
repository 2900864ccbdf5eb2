import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { entries, essayRounds, essaySettings, roundEntries, units } from '../db/schema';
import { entryResults } from '../essays/round-results';
import { fullyScored } from '../essays/round-results';
import { round2 } from '../essays/scoring';
import { VIETNAM_OFFSET_MINUTES } from '../quiz/time';
import { bucketStart } from './timeline';

// The essay dashboard (docs/DASHBOARD.md): settled scores and judge disagreement of a round, entries by unit,
// submissions per day. Organizer-only figures; nothing here names an author or a judge.

export interface ScoreBin {
	/** lower bound, included */
	from: number;
	/** upper bound: excluded, except for the last bin which includes the scale's maximum */
	to: number;
	entries: number;
}

export interface SettledScores {
	bins: ScoreBin[];
	/** fully scored entries (their settled score can no longer move) */
	entries: number;
	mean: number | null;
	median: number | null;
}

export interface Disagreement {
	bins: (ScoreBin & { atThreshold: boolean })[];
	/** entries with at least two submitted totals */
	entries: number;
	/** entries whose spread reached the threshold */
	overThreshold: number;
	threshold: number;
}

const EPSILON = 1e-9;
export const SCORE_BINS = 10;

/** Equal-width bins over [0, scale], the last one closed: a perfect score falls in it. */
export function settledHistogram(
	scores: readonly number[],
	scale: number,
	binCount = SCORE_BINS
): SettledScores {
	const width = scale / binCount;
	const bins: ScoreBin[] = Array.from({ length: binCount }, (_, i) => ({
		from: round2(i * width),
		to: round2((i + 1) * width),
		entries: 0
	}));
	for (const s of scores) {
		const i = Math.min(binCount - 1, Math.max(0, Math.floor((s + EPSILON) / width)));
		bins[i].entries += 1;
	}
	const sorted = [...scores].sort((a, b) => a - b);
	const n = sorted.length;
	return {
		bins,
		entries: n,
		mean: n > 0 ? round2(sorted.reduce((a, b) => a + b, 0) / n) : null,
		median: n === 0 ? null : round2(n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2)
	};
}

/**
 * Spreads (max − min of an entry's judges' totals) in bins a quarter of the threshold wide, so the threshold is a
 * bin boundary: every bin from it up is marked (a third judge was, or will be, called for). Bins run up to the
 * largest spread seen (at least one past the threshold); a threshold tiny against the scale uses bins as wide as
 * the threshold, so the chart stays readable.
 */
export function disagreementHistogram(
	spreads: readonly number[],
	threshold: number,
	scale: number
): Disagreement {
	const width = scale / (threshold / 4) > 40 ? threshold : threshold / 4;
	const top = Math.max(threshold, ...spreads);
	const count = Math.min(Math.floor(top / width + EPSILON) + 1, Math.ceil(scale / width) + 1);
	const bins = Array.from({ length: count }, (_, i) => ({
		from: round2(i * width),
		to: round2((i + 1) * width),
		entries: 0,
		atThreshold: i * width >= threshold - EPSILON
	}));
	for (const s of spreads) {
		const i = Math.min(count - 1, Math.max(0, Math.floor((s + EPSILON) / width)));
		bins[i].entries += 1;
	}
	return {
		bins,
		entries: spreads.length,
		overThreshold: spreads.filter((s) => s >= threshold - EPSILON).length,
		threshold
	};
}

export interface RoundScoreStats {
	round: { id: number; name: string; scale: number; threshold: number };
	/** entries in the round (submitted) */
	entries: number;
	settled: SettledScores;
	disagreement: Disagreement;
}

/** A round's settled scores (fully scored entries only) and judge disagreement (entries with two totals or more). */
export async function roundScoreStats(db: Db, roundId: number): Promise<RoundScoreStats | null> {
	const [round] = await db
		.select({
			id: essayRounds.id,
			name: essayRounds.name,
			scale: essayRounds.scale,
			threshold: essayRounds.disagreementThreshold
		})
		.from(essayRounds)
		.where(eq(essayRounds.id, roundId));
	const results = round ? await entryResults(db, roundId) : null;
	if (!round || !results) return null;
	const judgesPerEntry = results.round.judgesPerEntry;
	const settled = results.entries
		.filter((e) => e.settled !== null && fullyScored(e, judgesPerEntry))
		.map((e) => e.settled!);
	const spreads = results.entries
		.filter((e) => e.totals.length >= 2)
		.map((e) => {
			const totals = e.totals.map((t) => t.total);
			return round2(Math.max(...totals) - Math.min(...totals));
		});
	return {
		round,
		entries: results.entries.length,
		settled: settledHistogram(settled, round.scale),
		disagreement: disagreementHistogram(spreads, round.threshold, round.scale)
	};
}

export async function essayRoundsOf(db: Db, contestId: number) {
	return db
		.select({ id: essayRounds.id, name: essayRounds.name })
		.from(essayRounds)
		.where(eq(essayRounds.contestId, contestId))
		.orderBy(asc(essayRounds.position));
}

export interface EntriesByUnitRow {
	unitId: number;
	name: string;
	/** the authors attached to the parent unit itself */
	direct: boolean;
	/** submitted entries whose author's unit (at creation) is in the subtree */
	entries: number;
	authors: number;
	/** of those, entries taking part in the chosen round */
	inRound: number;
	childCount: number;
}

type RawUnitRow = {
	unit_id: number;
	name: string;
	direct: boolean;
	entries: string | number;
	authors: string | number;
	in_round: string | number;
	child_count: string | number;
};

/**
 * Submitted entries and distinct authors per child of `parentId` (null: the top of the tree), rolled up over each
 * subtree by the materialized path, plus the parent's own row, so the rows add up to the totals (an author counted
 * once per unit; an author who moved between entries may count under two units). Units without entries are rows of 0.
 */
export async function entriesByUnit(
	db: Db,
	contestId: number,
	roundId: number | null,
	parentId: number | null
): Promise<{ rows: EntriesByUnitRow[]; totals: { entries: number; authors: number; inRound: number } }> {
	const inRound =
		roundId === null
			? sql`0`
			: sql`count(*) filter (where exists (select 1 from ${roundEntries} re where re.round_id = ${roundId} and re.entry_id = e.id))`;
	const children = parentId === null ? sql`c.parent_id is null` : sql`c.parent_id = ${parentId}`;
	const raw = rowsOf<RawUnitRow>(
		await db.execute(sql`
			with e as (
				select e.id, e.author_id, e.author_unit_id from ${entries} e
				where e.contest_id = ${contestId} and e.status = 'submitted'
			),
			per_unit as (
				select e.author_unit_id as unit_id, count(*) as entries, ${inRound} as in_round,
					array_agg(distinct e.author_id) as authors
				from e group by e.author_unit_id
			)
			select c.id as unit_id, c.name, false as direct,
				coalesce(sum(p.entries), 0) as entries,
				(select count(distinct a) from ${units} d2 join per_unit p2 on p2.unit_id = d2.id, unnest(p2.authors) a
					where d2.path ~>=~ c.path and d2.path ~<~ (c.path || '~') and d2.active) as authors,
				coalesce(sum(p.in_round), 0) as in_round,
				count(*) filter (where d.parent_id = c.id) as child_count
			from ${units} c
			join ${units} d on d.path ~>=~ c.path and d.path ~<~ (c.path || '~') and d.active
			left join per_unit p on p.unit_id = d.id
			where c.active and ${children}
			group by c.id, c.name
			${
				parentId === null
					? sql``
					: sql`union all
			select u.id, u.name, true, coalesce(p.entries, 0), coalesce(cardinality(p.authors), 0), coalesce(p.in_round, 0), 0
			from ${units} u left join per_unit p on p.unit_id = u.id
			where u.id = ${parentId} and u.active`
			}`)
	);
	const rows = raw
		.map((r) => ({
			unitId: r.unit_id,
			name: r.name,
			direct: r.direct,
			entries: Number(r.entries),
			authors: Number(r.authors),
			inRound: Number(r.in_round),
			childCount: Number(r.child_count)
		}))
		.filter((r) => !r.direct || r.entries > 0)
		.sort(
			(a, b) =>
				Number(a.direct) - Number(b.direct) || b.entries - a.entries || a.name.localeCompare(b.name, 'vi')
		);
	const sum = (pick: (r: EntriesByUnitRow) => number) => rows.reduce((t, r) => t + pick(r), 0);
	return {
		rows,
		totals: { entries: sum((r) => r.entries), authors: sum((r) => r.authors), inRound: sum((r) => r.inRound) }
	};
}

export interface SubmissionDay {
	/** midnight, Vietnam time */
	start: Date;
	entries: number;
	cumulative: number;
}

const DAY_MS = 86_400_000;

/**
 * Entries submitted (and still submitted, not withdrawn) per Vietnam-time day, from the opening of submissions to
 * their close (or today while open), with the running total. Every day is present, quiet ones as 0; a submission
 * outside the window (an organizer's late acceptance) widens it.
 */
export async function submissionsPerDay(
	db: Db,
	contestId: number,
	now = new Date()
): Promise<{ days: SubmissionDay[]; total: number }> {
	const [window] = await db
		.select({ opensAt: essaySettings.opensAt, closesAt: essaySettings.closesAt })
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId));
	if (!window) return { days: [], total: 0 };
	const raw = rowsOf<{ day: string | number; n: string | number }>(
		await db.execute(sql`
			select (extract(epoch from date_trunc('day', (submitted_at at time zone 'UTC')
					+ make_interval(mins => ${VIETNAM_OFFSET_MINUTES}))) * 1000)::bigint
					- ${VIETNAM_OFFSET_MINUTES * 60_000} as day,
				count(*) as n
			from ${entries}
			where ${and(eq(entries.contestId, contestId), eq(entries.status, 'submitted'))} and submitted_at is not null
			group by 1 order by 1`)
	);
	const counts = new Map(raw.map((r) => [Number(r.day), Number(r.n)]));
	// the close is an instant at which submissions stop: a close at midnight does not open one more day
	const end = Math.min(window.closesAt.getTime() - 1, Math.max(now.getTime(), window.opensAt.getTime()));
	let first = bucketStart(window.opensAt, 'day').getTime();
	let last = bucketStart(new Date(end), 'day').getTime();
	for (const day of counts.keys()) {
		first = Math.min(first, day);
		last = Math.max(last, day);
	}
	const days: SubmissionDay[] = [];
	let cumulative = 0;
	for (let t = first; t <= last; t += DAY_MS) {
		const n = counts.get(t) ?? 0;
		cumulative += n;
		days.push({ start: new Date(t), entries: n, cumulative });
	}
	return { days, total: cumulative };
}
