import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rounds } from '../db/schema';
import { getUnit, unitBreadcrumb } from '../units';

/** The rounds a dashboard can show: the counted ones (practice rounds never count), in contest order. */
export async function countedRounds(db: Db, contestId: number) {
	return db
		.select({ id: rounds.id, name: rounds.name, opensAt: rounds.opensAt, closesAt: rounds.closesAt })
		.from(rounds)
		.where(and(eq(rounds.contestId, contestId), eq(rounds.practice, false)))
		.orderBy(asc(rounds.position));
}

/** The round shown when none is asked for: the latest one that has opened, else the whole contest. */
export function defaultRound(list: { id: number; opensAt: Date }[], now = new Date()): number | null {
	const opened = list.filter((r) => r.opensAt.getTime() <= now.getTime());
	return opened.length > 0 ? opened[opened.length - 1].id : null;
}

/**
 * The unit whose children the dashboard shows: the one asked for when it lies inside the contest's eligible subtree,
 * else the eligible root (null: the top of the tree, for a contest open to everyone). The trail runs from that root
 * down to the unit, for the breadcrumb.
 */
export async function dashboardParent(
	db: Db,
	eligibleUnitId: number | null,
	requested: number | null
): Promise<{ parentId: number | null; trail: { id: number; name: string }[] }> {
	const [root, asked] = await Promise.all([
		eligibleUnitId === null ? undefined : getUnit(db, eligibleUnitId),
		requested === null ? undefined : getUnit(db, requested)
	]);
	const inside = asked && (!root || asked.path.startsWith(root.path));
	const parent = inside ? asked : root;
	if (!parent) return { parentId: null, trail: [] };
	const trail = await unitBreadcrumb(db, parent.id);
	return { parentId: parent.id, trail: root ? trail.slice(root.depth) : trail };
}
