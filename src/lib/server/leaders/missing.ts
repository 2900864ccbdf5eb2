import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { entries, roundResults, units, users } from '../db/schema';
import { keysetBatches, type TableExport } from '../exports/table-stream';

/** A counted round as the insights read them (practice rounds never count). */
export interface RoundTimes {
	id: number;
	name: string;
	opensAt: Date;
	closesAt: Date;
}

/**
 * The round a leader reminds people about: the counted round open now, else the latest one that has opened, else
 * the first one to come (rounds in contest order). Null without any counted round.
 */
export function openRound<R extends RoundTimes>(rounds: R[], now = new Date()): R | null {
	const t = now.getTime();
	const open = rounds.find((r) => r.opensAt.getTime() <= t && t < r.closesAt.getTime());
	if (open) return open;
	const opened = rounds.filter((r) => r.opensAt.getTime() <= t);
	return opened.at(-1) ?? rounds[0] ?? null;
}

/**
 * What taking part means: a finished attempt (a result) in a quiz round, or a submitted entry in an essay contest
 * (a disqualified entry was submitted too; a draft or a withdrawn entry was not).
 */
export type TookPart = { roundId: number } | { essayContestId: number };

function tookPart(target: TookPart) {
	return 'roundId' in target
		? sql`exists (select 1 from ${roundResults} rr where rr.round_id = ${target.roundId} and rr.user_id = u.id)`
		: sql`exists (select 1 from ${entries} e where e.author_id = u.id and e.contest_id = ${target.essayContestId}
				and e.status in ('submitted', 'disqualified'))`;
}

/** A member of a led subtree who has not taken part (no finished attempt in the round, no submitted entry). No answers, no scores: who and where. */
export interface MissingMember {
	userId: number;
	fullName: string;
	phone: string;
	unitId: number;
	unitName: string;
	unitPath: string;
}

export type MissingKey = { unitPath: string; fullName: string; userId: number };

type Raw = {
	user_id: number;
	full_name: string;
	phone: string;
	unit_id: number;
	unit_name: string;
	unit_path: string;
};

/**
 * Enabled members of the active units under `rootPath` (the root included) who have not taken part, grouped
 * by unit (path order) and by name; keyset-paged on (unit path, name, id), so each page is one index-friendly
 * query whatever the page number.
 */
export async function missingMembers(
	db: Db,
	target: TookPart,
	rootPath: string,
	after: MissingKey | undefined,
	limit: number
): Promise<MissingMember[]> {
	const rows = rowsOf<Raw>(
		await db.execute(sql`
			select u.id as user_id, u.full_name, u.phone, un.id as unit_id, un.name as unit_name, un.path as unit_path
			from ${users} u join ${units} un on un.id = u.unit_id
			where un.path ~>=~ ${rootPath} and un.path ~<~ (${rootPath} || '~') and un.active
				and u.disabled_at is null
				and not ${tookPart(target)}
				${
					after
						? sql`and (un.path collate "C", u.full_name collate "C", u.id) >
							(${after.unitPath} collate "C", ${after.fullName} collate "C", ${after.userId})`
						: sql``
				}
			order by un.path collate "C", u.full_name collate "C", u.id
			limit ${limit}`)
	);
	return rows.map((r) => ({
		userId: Number(r.user_id),
		fullName: r.full_name,
		phone: r.phone,
		unitId: Number(r.unit_id),
		unitName: r.unit_name,
		unitPath: r.unit_path
	}));
}

export const keyOfMissing = (row: MissingMember): MissingKey => ({
	unitPath: row.unitPath,
	fullName: row.fullName,
	userId: row.userId
});

/** The whole missing list of a subtree as a table export (every page, streamed batch by batch). */
export function missingExport(db: Db, target: TookPart, rootPath: string): TableExport<MissingMember> {
	return {
		sheetName: m.lead_missing_sheet(),
		columns: [
			{ header: m.export_col_unit(), value: (r) => r.unitName, width: 36 },
			{ header: m.export_col_name(), value: (r) => r.fullName, width: 30 },
			{ header: m.export_col_phone(), value: (r) => r.phone, width: 14 }
		],
		batches: keysetBatches(
			(after: MissingKey | undefined, size) => missingMembers(db, target, rootPath, after, size),
			keyOfMissing
		)
	};
}
