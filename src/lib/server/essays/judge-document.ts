/**
 * What a judge reads of an entry's file, inline: a .docx as sanitized HTML (docx-html.ts), a PDF through the
 * browser's viewer in a sandboxed frame, a PNG/JPEG picture as an image (both from the judge's `view` route);
 * slides are downloaded. Both come from the author-free copy of the
 * version submitted (fileForJudge), never the original.
 */
import type { Db } from '../db/client';
import { readWhole, type FileStore } from '../files/store';
import { docxToHtml } from './docx-html';
import { fileForJudge } from './judge-side';

export type JudgeDocument =
	| { kind: 'docx'; html: string | null }
	| { kind: 'pdf' }
	/** a picture of the file kind, shown inline from the `view` route */
	| { kind: 'image' }
	/** slides of the file kind: downloaded */
	| { kind: 'slides' }
	| { kind: 'other' };

/** Converted copies by their content address: judges move back and forth between the same few entries. */
const converted = new Map<string, string | null>();
const CACHE_SIZE = 32;

async function htmlOf(store: FileStore, sha256: string): Promise<string | null> {
	if (converted.has(sha256)) {
		const html = converted.get(sha256)!;
		converted.delete(sha256);
		converted.set(sha256, html);
		return html;
	}
	const bytes = await readWhole(store, sha256);
	const html = bytes ? await docxToHtml(bytes) : null;
	converted.set(sha256, html);
	if (converted.size > CACHE_SIZE) converted.delete(converted.keys().next().value!);
	return html;
}

/** The entry's file as the judge reads it, or null when the entry has no file or is not this judge's. */
export async function documentForJudge(
	db: Db,
	store: FileStore,
	assignmentId: number,
	judgeId: number
): Promise<JudgeDocument | null> {
	const file = await fileForJudge(db, assignmentId, judgeId);
	if (!file) return null;
	if (file.kind === 'docx') return { kind: 'docx', html: await htmlOf(store, file.strippedSha256) };
	if (file.kind === 'pdf') return { kind: 'pdf' };
	if (file.kind === 'png' || file.kind === 'jpeg') return { kind: 'image' };
	if (file.kind === 'pptx') return { kind: 'slides' };
	return { kind: 'other' };
}
