import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { importBatches } from '../db/schema';
import type { Counts, ImportKind } from './types';

export interface BatchListItem {
	id: string;
	kind: ImportKind;
	fileName: string;
	status: 'previewed' | 'applied' | 'discarded';
	createdAt: Date;
	appliedAt: Date | null;
	/** what was written once applied, else what the preview found */
	counts: Counts;
}

/** The person's latest uploads, newest first (the rows themselves stay in the database). */
export async function recentBatches(db: Db, userId: number, limit = 10): Promise<BatchListItem[]> {
	const rows = await db
		.select({
			id: importBatches.id,
			kind: importBatches.kind,
			fileName: importBatches.fileName,
			status: importBatches.status,
			createdAt: importBatches.createdAt,
			appliedAt: importBatches.appliedAt,
			// not the whole summary: its list of problems can be long
			counts:
				sql<Counts>`coalesce(${importBatches.summary} -> 'applied', ${importBatches.summary} -> 'counts')`.mapWith(
					(value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as Counts
				)
		})
		.from(importBatches)
		.where(eq(importBatches.createdBy, userId))
		.orderBy(desc(importBatches.createdAt))
		.limit(limit);
	return rows;
}
