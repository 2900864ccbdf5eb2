/**
 * The anthology ("kỷ yếu") of a contest whose results are published: the winning entries in award order (the
 * tiers' order, then the author's name, as the public results list them), each typeset from the version judges
 * read (entry_versions): its typed text, or the text of its .docx (headings and paragraphs kept) or PDF. The
 * organizer may leave entries out (an author who declined); every download is audited with what was left out.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { TIME_ZONE } from '$lib/format';
import { recordAudit } from '../../audit';
import type { Db } from '../../db/client';
import {
	awardTiers,
	contests,
	entries,
	entryAwards,
	entryFiles,
	entryVersions,
	units,
	users
} from '../../db/schema';
import type { FileStore } from '../../files/store';
import { fail, ok, type Handle, type Result } from '../../result';
import { allows, stageOf } from '../stages';
import { entryBlocks } from './blocks';
import { typesetAnthology } from './typeset';

export { typesetAnthology, type AnthologyBook, type AnthologyEntry } from './typeset';
export { docxBlocks, pdfParagraphs, textBlocks, type Block } from './blocks';

const COLLATOR = new Intl.Collator('vi');

export type AnthologyError = 'not_found' | 'not_published' | 'none_chosen' | 'foreign_entry';

export type AnthologyRow = {
	entryId: number;
	code: string;
	title: string;
	author: string;
	unit: string;
	tier: string;
	body: string;
	fileSha256: string | null;
	fileKind: string | null;
};

/** The winning entries in award order, as their latest submitted version reads; refused before publication. */
export async function anthologyEntries(
	db: Handle,
	contestId: number,
	now = new Date()
): Promise<Result<{ title: string; entries: AnthologyRow[] }, AnthologyError>> {
	const stage = await stageOf(db, contestId, now);
	if (!stage) return fail('not_found');
	if (!allows(stage.stage, 'make_anthology')) return fail('not_published');
	const [contest] = await db
		.select({ title: contests.title })
		.from(contests)
		.where(eq(contests.id, contestId));
	const latest = sql`(select max(v2.version_no) from ${entryVersions} v2 where v2.entry_id = ${entries.id})`;
	const rows = await db
		.select({
			entryId: entries.id,
			code: entries.code,
			title: sql<string>`coalesce(${entryVersions.title}, ${entries.title})`,
			author: users.fullName,
			unit: units.name,
			tier: entryAwards.tier,
			body: sql<string>`coalesce(${entryVersions.body}, ${entries.body})`,
			fileSha256: sql<string | null>`case when ${entryVersions.entryId} is null then ${entries.fileSha256}
				else ${entryVersions.fileSha256} end`,
			fileKind: entryFiles.kind
		})
		.from(entryAwards)
		.innerJoin(entries, eq(entries.id, entryAwards.entryId))
		.innerJoin(users, eq(users.id, entries.authorId))
		.innerJoin(units, eq(units.id, entries.authorUnitId))
		.leftJoin(
			awardTiers,
			and(eq(awardTiers.contestId, entryAwards.contestId), eq(awardTiers.name, entryAwards.tier))
		)
		.leftJoin(
			entryVersions,
			and(eq(entryVersions.entryId, entries.id), sql`${entryVersions.versionNo} = ${latest}`)
		)
		.leftJoin(
			entryFiles,
			eq(entryFiles.sha256, sql`coalesce(${entryVersions.fileSha256}, ${entries.fileSha256})`)
		)
		.where(and(eq(entryAwards.contestId, contestId), eq(entries.status, 'submitted')))
		// a tier no longer among the contest's tiers comes last, as on the public results
		.orderBy(sql`${awardTiers.position} asc nulls last`, asc(entryAwards.tier), asc(entries.id));
	// within a tier, by the author's name in Vietnamese alphabetical order (Đ after D, not after Z)
	const tierOrder = new Map<string, number>();
	for (const r of rows) if (!tierOrder.has(r.tier)) tierOrder.set(r.tier, tierOrder.size);
	const sorted = rows
		.map((r, i) => ({ r, i }))
		.sort(
			(a, b) =>
				tierOrder.get(a.r.tier)! - tierOrder.get(b.r.tier)! ||
				COLLATOR.compare(a.r.author, b.r.author) ||
				a.i - b.i
		)
		.map(({ r }) => r);
	return ok({ title: contest.title, entries: sorted });
}

function yearIn(at: Date): number {
	return Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, year: 'numeric' }).format(at));
}

/**
 * The anthology PDF. `include`: the entries the organizer kept (absent: every winner); an id that is not a winner
 * of this contest is refused. Records `anthology.download` with the entries printed and those left out.
 */
export async function makeAnthology(
	db: Db,
	files: FileStore | null,
	contestId: number,
	options: {
		actorId: number | null;
		include?: number[];
		now?: Date;
		/** after each entry is read (the typesetting after the last one is a short step) */
		onProgress?: (done: number, total: number) => Promise<void>;
	}
): Promise<Result<{ pdf: Uint8Array; printed: number; untyped: string[] }, AnthologyError>> {
	const now = options.now ?? new Date();
	const found = await anthologyEntries(db, contestId, now);
	if (!found.ok) return found;
	const winners = found.entries;
	const include = options.include ? new Set(options.include) : null;
	if (include) {
		const known = new Set(winners.map((w) => w.entryId));
		if ([...include].some((id) => !known.has(id))) return fail('foreign_entry');
		if (include.size === 0) return fail('none_chosen');
	}
	const chosen = include ? winners.filter((w) => include.has(w.entryId)) : winners;
	if (chosen.length === 0) return fail('none_chosen');
	const book = [];
	const untyped: string[] = [];
	for (const row of chosen) {
		const blocks = await entryBlocks(files, row);
		if (blocks.length === 0) untyped.push(row.code);
		book.push({
			code: row.code,
			title: row.title,
			author: row.author,
			unit: row.unit,
			tier: row.tier,
			blocks
		});
		await options.onProgress?.(book.length, chosen.length + 1);
	}
	const pdf = await typesetAnthology({ contestTitle: found.title, year: yearIn(now), entries: book });
	await recordAudit(db, {
		actorId: options.actorId,
		contestId,
		entity: 'contest',
		entityId: contestId,
		action: 'anthology.download',
		after: {
			entries: chosen.map((c) => c.code),
			excluded: winners.filter((w) => !chosen.includes(w)).map((w) => w.code),
			untyped
		},
		at: now
	});
	return ok({ pdf, printed: chosen.length, untyped });
}
