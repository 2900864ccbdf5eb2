import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { units } from '../db/schema';
import { unitBreadcrumb } from '../units';
import type { LedUnit } from '../auth/scope';

/** Names of these units, by id (one query). */
export async function unitNames(db: Db, ids: number[]): Promise<Map<number, string>> {
	const unique = [...new Set(ids)];
	if (unique.length === 0) return new Map();
	const rows = await db
		.select({ id: units.id, name: units.name })
		.from(units)
		.where(inArray(units.id, unique));
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** The breadcrumb from the leader's root down to `unit` (the root first); nothing above the root is named. */
export async function trailFromRoot(db: Db, root: LedUnit, unit: LedUnit) {
	const trail = await unitBreadcrumb(db, unit.unitId);
	const depth = root.path.split('/').filter(Boolean).length - 1;
	return trail.slice(depth);
}
