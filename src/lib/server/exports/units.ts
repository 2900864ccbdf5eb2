import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '$lib/server/db/client';

export interface UnitTrail {
	name: string;
	code: string;
	/** "Đảng bộ Khối › Đảng bộ Sở Y tế › Chi bộ Văn phòng": the unit's place in the tree */
	trail: string;
}

/**
 * Every unit's name and path of names, from one query: exports show where a row's unit sits in the tree without a
 * query per row. 5,000 units take well under a megabyte.
 */
export async function unitTrails(db: Db): Promise<Map<number, UnitTrail>> {
	const rows = rowsOf<{ id: number; code: string; name: string; path: string }>(
		await db.execute(sql`select id, code, name, path from units`)
	);
	const names = new Map(rows.map((r) => [Number(r.id), r.name]));
	const trails = new Map<number, UnitTrail>();
	for (const r of rows) {
		const trail = r.path
			.split('/')
			.filter(Boolean)
			.map((id) => names.get(Number(id)) ?? '?')
			.join(' › ');
		trails.set(Number(r.id), { name: r.name, code: r.code, trail });
	}
	return trails;
}
