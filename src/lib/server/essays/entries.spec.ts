import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { contests, entries, entryFiles, essaySettings } from '../db/schema';
import { PostgresStore } from '../files/postgres-store';
import { readWhole } from '../files/store';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import {
	attachFile,
	createEntry,
	essayContestsFor,
	getEntryForAuthor,
	listMyEntries,
	submitEntry,
	updateDraft,
	withdrawEntry
} from './entries';
import { countWords as browserCountWords } from '../../components/essays/word-count';
import { countWords } from './files';

let handle: DbHandle;
let files: PostgresStore;
let parent: { id: number; path: string };
let child: { id: number; path: string };
let other: { id: number; path: string };

const OPENS = new Date('2026-03-01T00:00:00Z');
const CLOSES = new Date('2026-04-01T00:00:00Z');
const DURING = new Date('2026-03-15T00:00:00Z');
const AFTER = new Date('2026-04-01T00:00:01Z');
const AUTHOR = 'Trần Thị Bình';

beforeAll(async () => {
	handle = await createTestDb();
	files = new PostgresStore(handle.db);
	parent = await makeUnit(handle.db, 'EP');
	child = await makeUnit(handle.db, 'EC', parent.id);
	other = await makeUnit(handle.db, 'EO');
});
afterAll(async () => {
	await handle.close();
});

let prefixes = 0;
async function makeContest(
	settings: Partial<typeof essaySettings.$inferInsert> = {},
	contest: Partial<typeof contests.$inferInsert> = {}
) {
	const [row] = await handle.db
		.insert(contests)
		.values({ kind: 'essay', title: 'Cuộc thi viết', published: true, eligibleUnitId: parent.id, ...contest })
		.returning({ id: contests.id });
	prefixes += 1;
	const codePrefix = `BLV${prefixes}`;
	await handle.db.insert(essaySettings).values({
		contestId: row.id,
		codePrefix,
		opensAt: OPENS,
		closesAt: CLOSES,
		entriesPerAuthor: 2,
		...settings
	});
	return { contestId: row.id, codePrefix };
}

async function author(unitId = child.id) {
	return (await makeUser(handle.db, unitId, { fullName: AUTHOR })).id;
}

async function draft(contestId: number, authorId: number, body = '') {
	const created = await createEntry(handle.db, {
		contestId,
		authorId,
		authorUnitId: child.id,
		title: 'Bài viết',
		body,
		now: DURING
	});
	if (!created.ok) throw new Error(created.error);
	return created.entryId;
}

function words(n: number) {
	return Array.from({ length: n }, (_, i) => `chữ${i}`).join(' ');
}

async function docx(text: string, creator = AUTHOR): Promise<Uint8Array> {
	const z = new JSZip();
	z.file(
		'[Content_Types].xml',
		`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`
	);
	z.file(
		'_rels/.rels',
		`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`
	);
	z.file(
		'word/document.xml',
		`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`
	);
	z.file(
		'docProps/core.xml',
		`<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy></cp:coreProperties>`
	);
	return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function row(entryId: number) {
	const [found] = await handle.db.select().from(entries).where(eq(entries.id, entryId));
	return found;
}

describe('essay contests open to a unit', () => {
	it('lists a published essay contest to its unit’s subtree only', async () => {
		const { contestId } = await makeContest();
		const { contestId: hidden } = await makeContest({}, { published: false });
		const inChild = (await essayContestsFor(handle.db, child.path, DURING)).map((c) => c.id);
		expect(inChild).toContain(contestId);
		expect(inChild).not.toContain(hidden);
		const found = (await essayContestsFor(handle.db, child.path, DURING)).find((c) => c.id === contestId);
		expect(found?.state).toBe('open');
		expect((await essayContestsFor(handle.db, other.path, DURING)).map((c) => c.id)).not.toContain(contestId);
	});

	it('refuses an entry from a unit outside the contest’s subtree', async () => {
		const { contestId } = await makeContest();
		const outsider = await author(other.id);
		const result = await createEntry(handle.db, {
			contestId,
			authorId: outsider,
			authorUnitId: other.id,
			title: 'Bài',
			now: DURING
		});
		expect(result).toEqual({ ok: false, error: 'not_found' });
	});
});

describe('slots and codes', () => {
	it('never gives one author more entries than allowed, even with 10 creations at once', async () => {
		const { contestId } = await makeContest({ entriesPerAuthor: 3 });
		const me = await author();
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, i) =>
				createEntry(handle.db, {
					contestId,
					authorId: me,
					authorUnitId: child.id,
					title: `Bài ${i}`,
					now: DURING
				})
			)
		);
		expect(results.filter((r) => r.ok)).toHaveLength(3);
		expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(Array(7).fill('limit_reached'));
		const mine = await listMyEntries(handle.db, me, contestId);
		expect(mine).toHaveLength(3);
		const slots = (await handle.db.select().from(entries).where(eq(entries.contestId, contestId))).map(
			(e) => e.slot
		);
		expect(slots.sort()).toEqual([1, 2, 3]);
	});

	it('numbers entries of a contest one after another with unique codes', async () => {
		const { contestId, codePrefix } = await makeContest({ entriesPerAuthor: 1 });
		const people = await Promise.all(Array.from({ length: 8 }, () => author()));
		const results = await Promise.all(
			people.map((authorId) =>
				createEntry(handle.db, { contestId, authorId, authorUnitId: child.id, title: 'Bài', now: DURING })
			)
		);
		const codes = results.map((r) => (r.ok ? r.code : r.error)).sort();
		expect(codes).toEqual(
			Array.from({ length: 8 }, (_, i) => `${codePrefix}-${String(i + 1).padStart(4, '0')}`)
		);
	});

	it('frees a slot when an entry is withdrawn', async () => {
		const { contestId } = await makeContest({ entriesPerAuthor: 1 });
		const me = await author();
		const first = await draft(contestId, me);
		const input = { contestId, authorId: me, authorUnitId: child.id, title: 'Bài hai', now: DURING };
		expect(await createEntry(handle.db, input)).toEqual({ ok: false, error: 'limit_reached' });
		expect(await withdrawEntry(handle.db, { entryId: first, authorId: me, now: DURING })).toEqual({
			ok: true
		});
		expect((await row(first)).slot).toBeNull();
		expect((await row(first)).status).toBe('withdrawn');
		const second = await createEntry(handle.db, input);
		expect(second.ok).toBe(true);
	});
});

describe('deadline', () => {
	it('refuses creating, editing, submitting, withdrawing and attaching after the close', async () => {
		const { contestId } = await makeContest({ requirement: 'text' });
		const me = await author();
		const entryId = await draft(contestId, me, 'Nội dung ban đầu');
		const closed = { ok: false, error: 'closed' };
		expect(
			await createEntry(handle.db, {
				contestId,
				authorId: me,
				authorUnitId: child.id,
				title: 'x',
				now: AFTER
			})
		).toEqual(closed);
		const edit = { entryId, authorId: me, title: 'Sửa', body: 'Sửa muộn', files, now: AFTER };
		expect(await updateDraft(handle.db, edit)).toEqual(closed);
		expect(await submitEntry(handle.db, edit)).toEqual(closed);
		expect(await withdrawEntry(handle.db, { entryId, authorId: me, now: AFTER })).toEqual(closed);
		expect(await attachFile(handle.db, files, entryId, me, await docx('muộn'), 'a.docx', AFTER)).toEqual(
			closed
		);
		expect((await row(entryId)).body).toBe('Nội dung ban đầu');
		const view = await getEntryForAuthor(handle.db, entryId, me, AFTER);
		expect(view?.editable).toBe(false);
	});

	it('shows an entry only to its author', async () => {
		const { contestId } = await makeContest();
		const me = await author();
		const entryId = await draft(contestId, me);
		expect(await getEntryForAuthor(handle.db, entryId, await author(), DURING)).toBeUndefined();
	});
});

describe('requirements and word limits', () => {
	it('refuses to submit without the required text, and keeps the draft', async () => {
		const { contestId } = await makeContest({ requirement: 'text' });
		const me = await author();
		const entryId = await draft(contestId, me);
		const result = await submitEntry(handle.db, {
			entryId,
			authorId: me,
			title: 'Tên mới',
			body: ' ',
			files,
			now: DURING
		});
		expect(result).toEqual({ ok: false, error: 'text_required' });
		expect((await row(entryId)).status).toBe('draft');
		expect((await row(entryId)).title).toBe('Tên mới');
	});

	it('requires a file, either, or both as the contest says', async () => {
		const me = await author();
		for (const [requirement, error] of [
			['file', 'file_required'],
			['text_or_file', 'text_or_file_required'],
			['text_and_file', 'text_and_file_required']
		] as const) {
			const { contestId } = await makeContest({ requirement });
			const entryId = await draft(contestId, me);
			const body = requirement === 'text_or_file' ? '' : 'Có chữ';
			expect(
				await submitEntry(handle.db, { entryId, authorId: me, title: 'T', body, files, now: DURING })
			).toEqual({
				ok: false,
				error
			});
			expect(
				(await attachFile(handle.db, files, entryId, me, await docx('Chữ trong tệp'), 'a.docx', DURING)).ok
			).toBe(true);
			expect(
				await submitEntry(handle.db, { entryId, authorId: me, title: 'T', body, files, now: DURING })
			).toEqual({
				ok: true
			});
			expect((await row(entryId)).status).toBe('submitted');
		}
	});

	it('checks word limits on the text, normalized to NFC with paragraphs kept', async () => {
		const { contestId } = await makeContest({ requirement: 'text', minWords: 5, maxWords: 10 });
		const me = await author();
		const entryId = await draft(contestId, me);
		const edit = { entryId, authorId: me, title: 'T', files, now: DURING };
		expect(await submitEntry(handle.db, { ...edit, body: words(4) })).toEqual({
			ok: false,
			error: 'too_few_words'
		});
		expect(await submitEntry(handle.db, { ...edit, body: words(11) })).toEqual({
			ok: false,
			error: 'too_many_words'
		});
		const body = 'Đoạn một có chữ.\r\n\r\n\r\n\r\nĐoạn hai có chữ.'.normalize('NFD');
		expect(await submitEntry(handle.db, { ...edit, body })).toEqual({ ok: true });
		const saved = await row(entryId);
		expect(saved.body).toBe('Đoạn một có chữ.\n\nĐoạn hai có chữ.');
		expect(saved.wordCount).toBe(8);
		// A submitted entry stays within the rules: an edit that breaks them is refused and changes nothing.
		expect(await updateDraft(handle.db, { ...edit, body: words(2) })).toEqual({
			ok: false,
			error: 'too_few_words'
		});
		expect((await row(entryId)).body).toBe('Đoạn một có chữ.\n\nĐoạn hai có chữ.');
	});

	it('counts the words of the .docx when there is no text', async () => {
		const { contestId } = await makeContest({ requirement: 'file', minWords: 3 });
		const me = await author();
		const entryId = await draft(contestId, me);
		const attached = await attachFile(
			handle.db,
			files,
			entryId,
			me,
			await docx('hai chữ'),
			'bai.docx',
			DURING
		);
		expect(attached).toMatchObject({ ok: true, kind: 'docx', wordCount: 2 });
		const edit = { entryId, authorId: me, title: 'T', body: '', files, now: DURING };
		expect(await submitEntry(handle.db, edit)).toEqual({ ok: false, error: 'too_few_words' });
		await attachFile(handle.db, files, entryId, me, await docx('đủ ba chữ rồi'), 'bai.docx', DURING);
		expect(await submitEntry(handle.db, edit)).toEqual({ ok: true });
		expect((await row(entryId)).wordCount).toBe(4);
	});
});

describe('files', () => {
	it('stores the original and an author-free copy, and attaches the original', async () => {
		const { contestId } = await makeContest();
		const me = await author();
		const entryId = await draft(contestId, me);
		const bytes = await docx('Bài của tôi');
		const result = await attachFile(
			handle.db,
			files,
			entryId,
			me,
			bytes,
			'Bài dự thi.docx'.normalize('NFD'),
			DURING
		);
		expect(result.ok).toBe(true);
		const saved = await row(entryId);
		expect(saved.fileName).toBe('Bài dự thi.docx');
		const [file] = await handle.db.select().from(entryFiles).where(eq(entryFiles.sha256, saved.fileSha256!));
		expect(file).toMatchObject({ kind: 'docx', sizeBytes: bytes.length });
		const original = (await readWhole(files, file.sha256))!;
		expect(Buffer.from(original)).toEqual(Buffer.from(bytes));
		const stripped = await JSZip.loadAsync((await readWhole(files, file.strippedSha256))!);
		const core = await stripped.file('docProps/core.xml')!.async('string');
		expect(core).not.toContain(AUTHOR);
		expect(await (await JSZip.loadAsync(original)).file('docProps/core.xml')!.async('string')).toContain(
			AUTHOR
		);
	});

	it('refuses a wrong or oversized file and leaves the draft as it was', async () => {
		const { contestId } = await makeContest({ maxFileBytes: 2048 });
		const me = await author();
		const entryId = await draft(contestId, me, 'Nội dung giữ nguyên');
		const good = await docx('Tệp đầu');
		expect((await attachFile(handle.db, files, entryId, me, good, 'dau.docx', DURING)).ok).toBe(true);
		const before = await row(entryId);
		const fake = new TextEncoder().encode('MZ not a document at all');
		expect(await attachFile(handle.db, files, entryId, me, fake, 'virus.docx', DURING)).toEqual({
			ok: false,
			error: 'not_docx_or_pdf'
		});
		const big = new Uint8Array(4096).fill(0x41);
		expect(await attachFile(handle.db, files, entryId, me, big, 'lon.pdf', DURING)).toEqual({
			ok: false,
			error: 'too_large'
		});
		expect(await row(entryId)).toEqual(before);
	});

	it('refuses attaching to someone else’s entry', async () => {
		const { contestId } = await makeContest();
		const entryId = await draft(contestId, await author());
		const result = await attachFile(
			handle.db,
			files,
			entryId,
			await author(),
			await docx('x'),
			'x.docx',
			DURING
		);
		expect(result).toEqual({ ok: false, error: 'not_found' });
	});
});

describe('word count in the browser', () => {
	it('counts as the server does', () => {
		for (const text of ['', 'Một hai ba', ' – • Đoạn một.\n\nĐoạn 2 – hết ', 'a\u00a0b c'.normalize('NFD')]) {
			expect(browserCountWords(text)).toBe(countWords(text));
		}
	});
});
