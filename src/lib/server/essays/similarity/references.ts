import { asc, eq, sql } from 'drizzle-orm';
import mammoth from 'mammoth';
import { recordAudit } from '../../audit';
import type { Db } from '../../db/client';
import { similarityReferences } from '../../db/schema';
import { fail, ok, type Handle, type Result } from '../../result';
import { cleanText } from '../../../text';
import { countWords, inspectUpload } from '../files';

const rowsOf = (r: unknown): Record<string, unknown>[] =>
	Array.isArray(r) ? r : (r as { rows: Record<string, unknown>[] }).rows;

export const REFERENCE_LIMITS = { bytes: 5 * 1024 * 1024, title: 300 } as const;

export type ReferenceError = 'title_required' | 'empty' | 'too_large' | 'unreadable' | 'not_found';

/**
 * The text of an uploaded reference: plain text (UTF-8) or a .docx, checked by content the way entries' files are.
 */
export async function referenceText(bytes: Uint8Array): Promise<Result<{ text: string }, ReferenceError>> {
	if (bytes.length > REFERENCE_LIMITS.bytes) return fail('too_large');
	if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
		const inspected = await inspectUpload(bytes, { maxBytes: REFERENCE_LIMITS.bytes });
		if (!inspected.ok || inspected.kind !== 'docx') return fail('unreadable');
		const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
		return ok({ text: value });
	}
	const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
	// binary that is not a .docx (a PDF, an image) decodes to replacement characters and NULs
	if (text.includes('\u0000') || text.includes('\uFFFD\uFFFD\uFFFD')) return fail('unreadable');
	return ok({ text });
}

export async function addReference(
	db: Db,
	input: { contestId: number; title: string; text: string; actorId: number }
): Promise<Result<{ id: number }, ReferenceError>> {
	const title = cleanText(input.title).slice(0, REFERENCE_LIMITS.title);
	if (!title) return fail('title_required');
	const body = input.text.normalize('NFC').replace(/\r\n?/g, '\n').trim();
	const wordCount = countWords(body);
	if (wordCount === 0) return fail('empty');
	return db.transaction(async (tx) => {
		const [row] = await tx
			.insert(similarityReferences)
			.values({ contestId: input.contestId, title, body, wordCount, createdBy: input.actorId })
			.returning({ id: similarityReferences.id });
		await recordAudit(tx, {
			actorId: input.actorId,
			contestId: input.contestId,
			entity: 'similarity_reference',
			entityId: row.id,
			action: 'similarity.reference_add',
			after: { title, wordCount }
		});
		return ok({ id: row.id });
	});
}

export async function listReferences(db: Handle, contestId: number) {
	return db
		.select({
			id: similarityReferences.id,
			title: similarityReferences.title,
			wordCount: similarityReferences.wordCount,
			createdAt: similarityReferences.createdAt
		})
		.from(similarityReferences)
		.where(eq(similarityReferences.contestId, contestId))
		.orderBy(asc(similarityReferences.id));
}

/** How far the contest's check has got: texts compared out of all there are to compare. */
export async function checkCoverage(db: Handle, contestId: number) {
	const [row] = rowsOf(
		await db.execute(sql`
		with latest as (
			select distinct on (v.entry_id) v.entry_id, v.version_no from entry_versions v join entries e on e.id = v.entry_id
			where e.contest_id = ${contestId} and e.status::text in ('submitted', 'disqualified')
			order by v.entry_id, v.version_no desc)
		select count(*)::int as entries,
			count(*) filter (where exists (select 1 from similarity_signatures s where s.entry_id = l.entry_id
				and s.version_no = l.version_no and s.checked_at is not null))::int as checked
		from latest l`)
	);
	return { entries: Number(row?.entries ?? 0), checked: Number(row?.checked ?? 0) };
}
