/**
 * The participant's side of an essay contest: the contests open to a unit, and an author's entries (draft, submit,
 * withdraw, attach a file). Functions take the database first and return error codes; routes translate them.
 *
 * The entry limit lives in the database: an entry holds a slot 1..entriesPerAuthor while it is not withdrawn,
 * unique per (contest, author, slot), so simultaneous creations can never exceed the limit; the entry number is
 * unique per contest. Both are taken by reading the current maximum and inserting, retrying on a unique violation.
 */
import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { cleanText } from '../../text';
import type { Db } from '../db/client';
import { type FileStore, readWhole } from '../files/store';
import { uniqueViolation } from '../db/errors';
import { contests, entries, entryFiles, essaySettings, units } from '../db/schema';
import {
	countWords,
	fileWordCount,
	type FileKind,
	inspectUpload,
	type RejectCode,
	stripAuthorMetadata
} from './files';
import {
	inspectOtherFile,
	judgeCopyOfOtherFile,
	type OtherFileKind,
	type OtherFileRefusal
} from './kinds/other-files';
import type { Stage } from './stages';

export type WindowState = 'upcoming' | 'open' | 'closed';
export type Requirement = (typeof essaySettings.$inferSelect)['requirement'];

export type EntryError =
	| 'not_found'
	| 'not_open'
	| 'registered_by_organizer'
	| 'closed'
	| 'limit_reached'
	| 'withdrawn'
	| 'disqualified'
	| 'busy'
	| 'title_required'
	| 'text_required'
	| 'file_required'
	| 'text_or_file_required'
	| 'text_and_file_required'
	| 'too_few_words'
	| 'too_many_words'
	| 'file_too_few_words'
	| 'file_too_many_words'
	| 'file_words_unknown'
	| RejectCode
	| OtherFileRefusal;

export type Result<T = object> = ({ ok: true } & T) | { ok: false; error: EntryError };

/** Longest title and text an entry may hold (6,000 words of Vietnamese are about 30,000 characters). */
export const ENTRY_LIMITS = { title: 300, body: 200_000, fileName: 255 } as const;

/**
 * Whether entries are accepted: the window, and the contest's stage (stages.ts): once submissions are closed, by
 * hand or by the deadline, and in every later stage, entries are frozen whatever the dates say.
 */
export function windowState(s: { opensAt: Date; closesAt: Date; stage?: Stage }, now: Date): WindowState {
	if (s.stage && s.stage !== 'draft' && s.stage !== 'submissions') return 'closed';
	if (now < s.opensAt) return 'upcoming';
	return now < s.closesAt ? 'open' : 'closed';
}

/** The text of an entry: NFC, Unix line ends, no trailing spaces, at most one blank line between paragraphs. */
export function cleanBody(value: string): string {
	return value
		.normalize('NFC')
		.replace(/\r\n?/g, '\n')
		.replace(/[^\S\n]+$/gm, '')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

const contestColumns = {
	id: contests.id,
	title: contests.title,
	description: contests.description,
	rules: contests.rules,
	opensAt: essaySettings.opensAt,
	closesAt: essaySettings.closesAt,
	entriesPerAuthor: essaySettings.entriesPerAuthor,
	minWords: essaySettings.minWords,
	maxWords: essaySettings.maxWords,
	requirement: essaySettings.requirement,
	maxFileBytes: essaySettings.maxFileBytes,
	stage: essaySettings.stage,
	entryKind: essaySettings.entryKind
};

/** Published essay contests whose eligible unit is the person's unit or one of its ancestors (or everyone). */
export async function essayContestsFor(db: Db, unitPath: string, now: Date = new Date(), contestId?: number) {
	const rows = await db
		.select(contestColumns)
		.from(contests)
		.innerJoin(essaySettings, eq(essaySettings.contestId, contests.id))
		.leftJoin(units, eq(units.id, contests.eligibleUnitId))
		.where(
			and(
				eq(contests.kind, 'essay'),
				eq(contests.published, true),
				contestId === undefined ? undefined : eq(contests.id, contestId),
				sql`(${contests.eligibleUnitId} is null or left(${unitPath}, length(${units.path})) = ${units.path})`
			)
		)
		.orderBy(desc(essaySettings.closesAt), desc(contests.id));
	return rows.map((row) => ({ ...row, state: windowState(row, now) }));
}

export type EssayContest = Awaited<ReturnType<typeof essayContestsFor>>[number];

/** One contest as `essayContestsFor` shows it, or undefined when the unit may not see it. */
export async function essayContestForUnit(db: Db, unitId: number, contestId: number, now = new Date()) {
	const path = await unitPathOf(db, unitId);
	if (path === undefined) return undefined;
	const [found] = await essayContestsFor(db, path, now, contestId);
	return found;
}

export async function unitPathOf(db: Db, unitId: number): Promise<string | undefined> {
	const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, unitId));
	return unit?.path;
}

/** Entries (not withdrawn) an author holds in each contest. */
export async function myEntryCounts(db: Db, authorId: number): Promise<Map<number, number>> {
	const rows = await db
		.select({ contestId: entries.contestId, count: sql<number>`count(*)::int` })
		.from(entries)
		.where(and(eq(entries.authorId, authorId), isNotNull(entries.slot)))
		.groupBy(entries.contestId);
	return new Map(rows.map((r) => [r.contestId, r.count]));
}

const entryColumns = {
	id: entries.id,
	contestId: entries.contestId,
	code: entries.code,
	title: entries.title,
	body: entries.body,
	wordCount: entries.wordCount,
	fileName: entries.fileName,
	fileSha256: entries.fileSha256,
	fileKind: entryFiles.kind,
	fileBytes: entryFiles.sizeBytes,
	status: entries.status,
	submittedAt: entries.submittedAt,
	withdrawnAt: entries.withdrawnAt,
	createdAt: entries.createdAt,
	updatedAt: entries.updatedAt
};

/** An author's entries in a contest, withdrawn ones included, oldest first. */
export async function listMyEntries(db: Db, authorId: number, contestId: number) {
	return db
		.select(entryColumns)
		.from(entries)
		.leftJoin(entryFiles, eq(entryFiles.sha256, entries.fileSha256))
		.where(and(eq(entries.authorId, authorId), eq(entries.contestId, contestId)))
		.orderBy(asc(entries.createdAt), asc(entries.id));
}

/** An entry with its contest's rules, only for its author. */
export async function getEntryForAuthor(db: Db, entryId: number, authorId: number, now = new Date()) {
	const [row] = await db
		.select({ entry: entryColumns, contest: contestColumns })
		.from(entries)
		.innerJoin(contests, eq(contests.id, entries.contestId))
		.innerJoin(essaySettings, eq(essaySettings.contestId, entries.contestId))
		.leftJoin(entryFiles, eq(entryFiles.sha256, entries.fileSha256))
		.where(and(eq(entries.id, entryId), eq(entries.authorId, authorId)));
	if (!row) return undefined;
	const state = windowState(row.contest, now);
	return {
		entry: row.entry,
		contest: { ...row.contest, state },
		editable: state === 'open' && row.entry.status !== 'withdrawn' && row.entry.status !== 'disqualified'
	};
}

export type AuthorEntry = NonNullable<Awaited<ReturnType<typeof getEntryForAuthor>>>;

export interface NewEntry {
	contestId: number;
	authorId: number;
	authorUnitId: number;
	title: string;
	body?: string;
	now?: Date;
}

/** A new draft in the author's lowest free slot, numbered after the contest's last entry. */
export async function createEntry(
	db: Db,
	input: NewEntry
): Promise<Result<{ entryId: number; code: string }>> {
	const now = input.now ?? new Date();
	const contest = await essayContestForUnit(db, input.authorUnitId, input.contestId, now);
	if (!contest) return { ok: false, error: 'not_found' };
	if (contest.state === 'upcoming') return { ok: false, error: 'not_open' };
	if (contest.state === 'closed') return { ok: false, error: 'closed' };
	// video and performance entries are the organizer's to register (kinds/register.ts)
	if (contest.entryKind === 'video' || contest.entryKind === 'performance')
		return { ok: false, error: 'registered_by_organizer' };
	const title = cleanText(input.title).slice(0, ENTRY_LIMITS.title);
	if (!title) return { ok: false, error: 'title_required' };
	const body = cleanBody(input.body ?? '').slice(0, ENTRY_LIMITS.body);
	const [settings] = await db
		.select({ codePrefix: essaySettings.codePrefix })
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contest.id));

	for (let attempt = 0; attempt < 50; attempt++) {
		const taken = await db
			.select({ slot: entries.slot })
			.from(entries)
			.where(
				and(eq(entries.contestId, contest.id), eq(entries.authorId, input.authorId), isNotNull(entries.slot))
			);
		const used = new Set(taken.map((t) => t.slot));
		let slot = 1;
		while (used.has(slot)) slot++;
		if (slot > contest.entriesPerAuthor) return { ok: false, error: 'limit_reached' };
		const [{ last }] = await db
			.select({ last: sql<number>`coalesce(max(${entries.entryNo}), 0)::int` })
			.from(entries)
			.where(eq(entries.contestId, contest.id));
		const entryNo = last + 1;
		const code = `${settings.codePrefix}-${String(entryNo).padStart(4, '0')}`;
		try {
			const [row] = await db
				.insert(entries)
				.values({
					contestId: contest.id,
					entryNo,
					code,
					authorId: input.authorId,
					authorUnitId: input.authorUnitId,
					slot,
					title,
					body,
					wordCount: countWords(body),
					createdAt: now,
					updatedAt: now
				})
				.returning({ id: entries.id });
			return { ok: true, entryId: row.id, code };
		} catch (err) {
			// Another creation took this slot or this number first: read again and take the next free ones.
			if (uniqueViolation(err)) {
				await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt + 1, 10)));
				continue;
			}
			throw err;
		}
	}
	return { ok: false, error: 'busy' };
}

interface EntryState {
	title: string;
	body: string;
	fileSha256: string | null;
	wordCount: number;
	/** where the word count comes from: the text, the file, or nothing countable (no text, no countable file) */
	counted: boolean;
	/** words of the attached file: undefined without a file, null when its text cannot be read (a scan) */
	fileWords?: number | null;
}

/** Whether an entry meets its contest's requirement and word limits: what submitting (and staying submitted) needs. */
export function submissionProblem(
	state: EntryState,
	rules: { requirement: Requirement; minWords: number | null; maxWords: number | null }
): EntryError | null {
	const hasText = countWords(state.body) > 0;
	const hasFile = state.fileSha256 !== null;
	if (!state.title) return 'title_required';
	if (rules.requirement === 'text' && !hasText) return 'text_required';
	if (rules.requirement === 'file' && !hasFile) return 'file_required';
	if (rules.requirement === 'text_or_file' && !hasText && !hasFile) return 'text_or_file_required';
	if (rules.requirement === 'text_and_file' && !(hasText && hasFile)) return 'text_and_file_required';
	if (state.counted) {
		if (rules.minWords !== null && state.wordCount < rules.minWords) return 'too_few_words';
		if (rules.maxWords !== null && state.wordCount > rules.maxWords) return 'too_many_words';
	}
	// the limits hold for the file's text too, so an upload cannot carry a longer (or shorter) essay than allowed
	const limited = rules.minWords !== null || rules.maxWords !== null;
	if (hasFile && limited && state.fileWords !== undefined) {
		if (state.fileWords === null) return 'file_words_unknown';
		if (rules.minWords !== null && state.fileWords < rules.minWords) return 'file_too_few_words';
		if (rules.maxWords !== null && state.fileWords > rules.maxWords) return 'file_too_many_words';
	}
	return null;
}

/**
 * Words of the text when it has any, otherwise of the attached file (.docx or PDF), and the file's own count: the
 * word limits apply to both (submissionProblem).
 */
async function wordCountOf(
	files: FileStore,
	body: string,
	file: { sha256: string | null; kind: string | null; bytes?: Uint8Array }
): Promise<{ wordCount: number; counted: boolean; fileWords?: number | null }> {
	const words = countWords(body);
	if (!file.sha256 || !file.kind) return { wordCount: words, counted: words > 0 };
	const bytes = file.bytes ?? (await readWhole(files, file.sha256));
	const fileWords = bytes ? await fileWordCount(bytes, file.kind) : null;
	if (words > 0) return { wordCount: words, counted: true, fileWords };
	return { wordCount: fileWords ?? 0, counted: fileWords !== null, fileWords };
}

export interface EntryEdit {
	entryId: number;
	authorId: number;
	title: string;
	body: string;
	/** where the entry's file is kept, to count its words */
	files: FileStore;
	now?: Date;
}

async function editable(db: Db, entryId: number, authorId: number, now: Date) {
	const found = await getEntryForAuthor(db, entryId, authorId, now);
	if (!found) return { ok: false as const, error: 'not_found' as const };
	if (found.entry.status === 'withdrawn') return { ok: false as const, error: 'withdrawn' as const };
	// an organizer's disqualification stands even if submissions reopen: the author cannot resubmit it
	if (found.entry.status === 'disqualified') return { ok: false as const, error: 'disqualified' as const };
	if (found.contest.state !== 'open') return { ok: false as const, error: 'closed' as const };
	return { ok: true as const, ...found };
}

async function saveContent(db: Db, input: EntryEdit, submit: boolean): Promise<Result> {
	const now = input.now ?? new Date();
	const found = await editable(db, input.entryId, input.authorId, now);
	if (!found.ok) return found;
	const title = cleanText(input.title).slice(0, ENTRY_LIMITS.title);
	const body = cleanBody(input.body).slice(0, ENTRY_LIMITS.body);
	const file = { sha256: found.entry.fileSha256, kind: found.entry.fileKind };
	const count = await wordCountOf(input.files, body, file);
	const problem = submissionProblem({ title, body, fileSha256: file.sha256, ...count }, found.contest);
	const stays = found.entry.status === 'submitted';
	// A submitted entry always meets the rules: an edit that breaks them is refused. A draft is saved as it is,
	// even when submitting it is refused, so that nothing typed is lost.
	if (problem && (stays || !title)) return { ok: false, error: problem };
	const becomesSubmitted = submit && !problem;
	const updated = await db
		.update(entries)
		.set({
			title,
			body,
			wordCount: count.wordCount,
			updatedAt: now,
			...(becomesSubmitted && !stays ? { status: 'submitted' as const, submittedAt: now } : {})
		})
		.where(
			and(
				eq(entries.id, input.entryId),
				eq(entries.authorId, input.authorId),
				sql`${entries.status} not in ('withdrawn', 'disqualified')`
			)
		)
		.returning({ id: entries.id });
	if (updated.length === 0) return { ok: false, error: 'withdrawn' };
	return problem && submit ? { ok: false, error: problem } : { ok: true };
}

/** Saves title and text. A submitted entry stays submitted, so the edit must still meet the rules. */
export function updateDraft(db: Db, input: EntryEdit): Promise<Result> {
	return saveContent(db, input, false);
}

/** Saves title and text and submits; when the rules are not met the draft is saved and the reason returned. */
export function submitEntry(db: Db, input: EntryEdit): Promise<Result> {
	return saveContent(db, input, true);
}

/** Withdraws the entry until submissions close: it frees its slot for a new entry. */
export async function withdrawEntry(
	db: Db,
	input: { entryId: number; authorId: number; now?: Date }
): Promise<Result> {
	const now = input.now ?? new Date();
	const found = await editable(db, input.entryId, input.authorId, now);
	if (!found.ok) return found;
	await db
		.update(entries)
		.set({ status: 'withdrawn', slot: null, withdrawnAt: now, updatedAt: now })
		.where(and(eq(entries.id, input.entryId), eq(entries.authorId, input.authorId)));
	return { ok: true };
}

/**
 * Checks an uploaded file by content, stores it and its author-free copy, and attaches it to the entry in place
 * of any earlier file. A refused file changes nothing: the draft keeps its title, text and previous file.
 */
export async function attachFile(
	db: Db,
	files: FileStore,
	entryId: number,
	authorId: number,
	bytes: Uint8Array,
	fileName: string,
	now: Date = new Date()
): Promise<Result<{ kind: FileKind | OtherFileKind; wordCount: number }>> {
	const found = await editable(db, entryId, authorId, now);
	if (!found.ok) return found;
	const limit = { maxBytes: found.contest.maxFileBytes };
	// a `file` contest takes slides, pictures and PDFs (kinds/other-files.ts); every other kind .docx or PDF
	const inspected =
		found.contest.entryKind === 'file'
			? await inspectOtherFile(bytes, limit)
			: await inspectUpload(bytes, limit);
	if (!inspected.ok) return { ok: false, error: inspected.code };
	const { kind, sha256 } = inspected;
	const count = await wordCountOf(files, found.entry.body, { sha256, kind, bytes });
	if (found.entry.status === 'submitted') {
		const problem = submissionProblem({ ...found.entry, fileSha256: sha256, ...count }, found.contest);
		if (problem) return { ok: false, error: problem };
	}
	await files.put(bytes);
	const judgeCopy =
		found.contest.entryKind === 'file'
			? await judgeCopyOfOtherFile(bytes, kind as OtherFileKind)
			: await stripAuthorMetadata(bytes, kind as FileKind);
	const { sha256: strippedSha256 } = await files.put(judgeCopy);
	await db
		.insert(entryFiles)
		.values({ sha256, kind, sizeBytes: bytes.length, strippedSha256, createdAt: now })
		.onConflictDoNothing();
	const name = cleanText(fileName).slice(-ENTRY_LIMITS.fileName) || `bai-du-thi.${kind}`;
	await db
		.update(entries)
		.set({ fileSha256: sha256, fileName: name, wordCount: count.wordCount, updatedAt: now })
		.where(and(eq(entries.id, entryId), eq(entries.authorId, authorId)));
	return { ok: true, kind, wordCount: count.wordCount };
}
