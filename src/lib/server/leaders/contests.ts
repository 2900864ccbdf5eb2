import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { LedUnit } from '../auth/scope';
import type { Db } from '../db/client';
import { contests, units } from '../db/schema';

export type ContestKind = 'quiz' | 'essay';

/** A contest a leader follows, with the units (one per led unit) whose subtree they see in it. */
export interface LeaderContest {
	id: number;
	title: string;
	/** a quiz: taking part is a finished attempt in the round; an essay contest: a submitted entry */
	kind: ContestKind;
	eligibleUnitId: number | null;
	/** where the leader's view starts: their led unit, or the contest's eligible unit when that lies below it */
	roots: LedUnit[];
}

/**
 * The part of a led subtree a contest is open to: the whole subtree when the contest is open to everyone or to an
 * ancestor-or-self of the led unit, the eligible unit's subtree when it lies inside, else nothing.
 */
export function rootFor(lead: LedUnit, eligible: LedUnit | null): LedUnit | null {
	if (eligible === null || lead.path.startsWith(eligible.path)) return lead;
	if (eligible.path.startsWith(lead.path)) return eligible;
	return null;
}

/** Roots of every led unit, without one lying inside another (a leader of a unit and of its child sees it once). */
export function rootsFor(leads: LedUnit[], eligible: LedUnit | null): LedUnit[] {
	const roots = leads.map((lead) => rootFor(lead, eligible)).filter((r): r is LedUnit => r !== null);
	return roots
		.filter(
			(r, i) => !roots.some((o, j) => j !== i && r.path.startsWith(o.path) && (r.path !== o.path || j < i))
		)
		.sort((a, b) => a.path.localeCompare(b.path));
}

/** Published contests (what a leader can follow) matching `where`, newest first, with their eligible path. */
async function publishedContests(db: Db, where: SQL | undefined, limit = 200) {
	return db
		.select({
			id: contests.id,
			title: contests.title,
			kind: contests.kind,
			eligibleUnitId: contests.eligibleUnitId,
			eligiblePath: units.path
		})
		.from(contests)
		.leftJoin(units, eq(units.id, contests.eligibleUnitId))
		.where(and(eq(contests.published, true), where))
		.orderBy(desc(contests.id))
		.limit(limit);
}

function withRoots(leads: LedUnit[], rows: Awaited<ReturnType<typeof publishedContests>>): LeaderContest[] {
	return rows.flatMap((row) => {
		const eligible =
			row.eligibleUnitId === null || row.eligiblePath === null
				? null
				: { unitId: row.eligibleUnitId, path: row.eligiblePath };
		const roots = rootsFor(leads, eligible);
		return roots.length === 0
			? []
			: [{ id: row.id, title: row.title, kind: row.kind, eligibleUnitId: row.eligibleUnitId, roots }];
	});
}

/**
 * The published contests (quiz and essay) open to a leader's units (eligible unit null, or an ancestor, descendant or the led
 * unit itself), newest first. The filter runs in the database; the roots are worked out per row.
 */
export async function leaderContests(db: Db, leads: LedUnit[]): Promise<LeaderContest[]> {
	if (leads.length === 0) return [];
	const paths = leads.map((l) => l.path);
	const related = sql.join(
		paths.map((p) => sql`(${units.path} like ${p + '%'} or ${p} like ${units.path} || '%')`),
		sql` or `
	);
	const rows = await publishedContests(db, sql`(${contests.eligibleUnitId} is null or ${related})`);
	return withRoots(leads, rows);
}

/**
 * One contest of this kind as a leader may see it; undefined when it is missing, unpublished, of the other kind or
 * not open to their units (a quiz page never opens an essay contest, nor the reverse).
 */
export async function leaderContest(
	db: Db,
	leads: LedUnit[],
	contestId: number,
	kind: ContestKind = 'quiz'
): Promise<LeaderContest | undefined> {
	if (leads.length === 0) return undefined;
	const where = and(eq(contests.id, contestId), eq(contests.kind, kind));
	return withRoots(leads, await publishedContests(db, where, 1))[0];
}

/** The root asked for (a unit id among the contest's roots, or any unit inside one of them), else the first root. */
export async function chosenRoot(
	db: Db,
	contest: LeaderContest,
	requested: number | undefined
): Promise<LedUnit> {
	if (requested !== undefined) {
		const [unit] = await db
			.select({ id: units.id, path: units.path })
			.from(units)
			.where(eq(units.id, requested));
		if (unit && contest.roots.some((r) => unit.path.startsWith(r.path)))
			return { unitId: unit.id, path: unit.path };
	}
	return contest.roots[0];
}
