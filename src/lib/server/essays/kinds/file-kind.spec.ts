// The file kind end to end in the domain: the author's upload checked by content (PNG, JPEG, .pptx, PDF), the
// judge's copy without the author (no EXIF in pictures, no author in a .pptx's properties), and the copy kept
// from a judge the entry is not assigned to. Essay contests keep their .docx/.pdf rule.
import JSZip from 'jszip';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../../db/client';
import { PostgresStore } from '../../files/postgres-store';
import { readWhole } from '../../files/store';
import { createTestDb } from '../../testing/db';
import { makeUnit, makeUser } from '../../testing/fixtures';
import { attachFile, createEntry, submitEntry } from '../entries';
import { fileForJudge, judgeQueue } from '../judge-side';
import { autoAssign, openRound } from '../judging';
import { addJudge, createEssayContest, createRound, type EssayContestInput, setPublished } from '../setup';

let handle: DbHandle;
let db: Db;
let files: PostgresStore;
let units: { authors: number; judges: number; root: number };
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	files = new PostgresStore(db);
	const root = await makeUnit(db, 'FLK');
	const authors = await makeUnit(db, 'FLK-A', root.id);
	const judges = await makeUnit(db, 'FLK-J', root.id);
	units = { root: root.id, authors: authors.id, judges: judges.id };
});
afterAll(() => handle?.close());

const DURING = new Date('2026-04-10T02:00:00Z');
const AUTHOR = 'Nguyễn Văn Tác Giả';
let prefixes = 0;

async function openContest(kind: EssayContestInput['entryKind'], blind = true) {
	prefixes++;
	const made = await createEssayContest(db, {
		title: `Hội thi tệp ${prefixes}`,
		description: '',
		rules: '',
		eligibleUnitId: units.root,
		codePrefix: `FLK${prefixes}`,
		opensAt: new Date('2026-04-01T00:00:00Z'),
		closesAt: new Date('2026-05-01T00:00:00Z'),
		entriesPerAuthor: 1,
		minWords: null,
		maxWords: null,
		requirement: 'file',
		maxFileBytes: 1024 * 1024,
		entryKind: kind,
		blind,
		createdBy: null
	});
	if (!made.ok) throw new Error(made.error);
	const contestId = made.value.id;
	const round = await createRound(db, contestId, {
		name: 'Vòng chấm',
		scale: 10,
		judgesPerEntry: 1,
		disagreementThreshold: 10,
		settleRule: 'mean',
		advanceRule: null,
		advanceValue: null,
		closesAt: null,
		criteria: [{ name: 'Nội dung', maxPoints: 10 }]
	});
	if (!round.ok) throw new Error(round.error);
	expect((await setPublished(db, contestId, true)).ok).toBe(true);
	return { contestId, roundId: round.value.round.id };
}

async function draftIn(contestId: number) {
	const authorId = (await makeUser(db, units.authors, { fullName: AUTHOR })).id;
	const made = await createEntry(db, {
		contestId,
		authorId,
		authorUnitId: units.authors,
		title: 'Bài dự thi',
		now: DURING
	});
	if (!made.ok) throw new Error(made.error);
	return { authorId, entryId: made.entryId };
}

/** A photo as a phone writes it: EXIF naming its owner. */
async function photo(format: 'png' | 'jpeg'): Promise<Uint8Array> {
	const image = sharp({ create: { width: 64, height: 48, channels: 3, background: '#2e86c1' } })
		.withExif({ IFD0: { Artist: AUTHOR, Copyright: AUTHOR } })
		[format]();
	return new Uint8Array(await image.toBuffer());
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const PKG = 'http://schemas.openxmlformats.org/package/2006';
async function slidesBy(author: string): Promise<Uint8Array> {
	const zip = new JSZip();
	zip.file(
		'[Content_Types].xml',
		`${XML}<Types xmlns="${PKG}/content-types"><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`
	);
	zip.file(
		'_rels/.rels',
		`${XML}<Relationships xmlns="${PKG}/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/><Relationship Id="rId2" Type="${PKG}/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`
	);
	zip.file(
		'ppt/presentation.xml',
		`${XML}<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`
	);
	zip.file(
		'docProps/core.xml',
		`${XML}<cp:coreProperties xmlns:cp="${PKG}/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${author}</dc:creator><cp:lastModifiedBy>${author}</cp:lastModifiedBy></cp:coreProperties>`
	);
	zip.file(
		'docProps/app.xml',
		`${XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>Trường của ${author}</Company></Properties>`
	);
	zip.file(
		'ppt/commentAuthors.xml',
		`${XML}<p:cmAuthorLst xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" name="${author}"/></p:cmAuthorLst>`
	);
	return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function judgeCopyOf(entryId: number, authorId: number, bytes: Uint8Array, name: string) {
	const attached = await attachFile(db, files, entryId, authorId, bytes, name, DURING);
	expect(attached.ok).toBe(true);
	const [row] = (await db.query.entries.findMany({ where: (e, { eq }) => eq(e.id, entryId) })).map(
		(e) => e.fileSha256!
	);
	const file = await db.query.entryFiles.findFirst({ where: (f, { eq }) => eq(f.sha256, row) });
	return (await readWhole(files, file!.strippedSha256))!;
}

describe('a contest of files (slides, pictures)', () => {
	it('takes PNG, JPEG, .pptx and PDF by their content, whatever their names, and refuses the rest', async () => {
		const { contestId } = await openContest('file');
		const { authorId, entryId } = await draftIn(contestId);
		const docx = await new JSZip()
			.file('[Content_Types].xml', '<Types/>')
			.file('word/document.xml', '<w:document/>')
			.generateAsync({ type: 'uint8array' });
		expect(await attachFile(db, files, entryId, authorId, docx, 'anh.png', DURING)).toEqual({
			ok: false,
			error: 'not_slides_or_image'
		});
		const text = new TextEncoder().encode('không phải ảnh');
		expect(await attachFile(db, files, entryId, authorId, text, 'anh.jpg', DURING)).toEqual({
			ok: false,
			error: 'not_slides_or_image'
		});
		expect(
			await attachFile(db, files, entryId, authorId, await photo('png'), 'bai.pdf', DURING)
		).toMatchObject({
			ok: true,
			kind: 'png'
		});
		expect(await attachFile(db, files, entryId, authorId, await photo('jpeg'), 'x', DURING)).toMatchObject({
			ok: true,
			kind: 'jpeg'
		});
		expect(
			await attachFile(db, files, entryId, authorId, await slidesBy('Ai Đó'), 'x', DURING)
		).toMatchObject({
			ok: true,
			kind: 'pptx'
		});
	});

	it('enforces the contest size limit on pictures too', async () => {
		const { contestId } = await openContest('file');
		const { authorId, entryId } = await draftIn(contestId);
		const big = new Uint8Array(
			await sharp({ create: { width: 1500, height: 1500, channels: 3, background: '#000' } })
				.png({ compressionLevel: 0 })
				.toBuffer()
		);
		expect(big.length).toBeGreaterThan(1024 * 1024);
		expect(await attachFile(db, files, entryId, authorId, big, 'to.png', DURING)).toEqual({
			ok: false,
			error: 'too_large'
		});
	});

	it('leaves essay contests to .docx and PDF', async () => {
		const { contestId } = await openContest('essay');
		const { authorId, entryId } = await draftIn(contestId);
		expect(await attachFile(db, files, entryId, authorId, await photo('png'), 'a.png', DURING)).toEqual({
			ok: false,
			error: 'not_docx_or_pdf'
		});
	});

	it("gives judges pictures without EXIF and slides without their author's name", async () => {
		const { contestId } = await openContest('file');
		const { authorId, entryId } = await draftIn(contestId);
		for (const format of ['png', 'jpeg'] as const) {
			const original = await photo(format);
			expect((await sharp(original).metadata()).exif).toBeDefined();
			const copy = await judgeCopyOf(entryId, authorId, original, `a.${format}`);
			const meta = await sharp(copy).metadata();
			expect(meta.format).toBe(format);
			expect([meta.width, meta.height]).toEqual([64, 48]);
			expect(meta.exif).toBeUndefined();
			expect(Buffer.from(copy).includes(Buffer.from('Tác Giả'))).toBe(false);
		}
		const copy = await judgeCopyOf(entryId, authorId, await slidesBy(AUTHOR), 'slides.pptx');
		const zip = await JSZip.loadAsync(copy);
		const texts = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
		expect(texts.join('\n')).not.toContain('Tác Giả');
		expect(zip.file('ppt/presentation.xml')).not.toBeNull();
		expect(await zip.file('docProps/app.xml')!.async('string')).toContain('PowerPoint');
	});

	it("shows the entry's file to its judge only", async () => {
		const { contestId, roundId } = await openContest('file');
		const { authorId, entryId } = await draftIn(contestId);
		expect((await attachFile(db, files, entryId, authorId, await photo('png'), 'a.png', DURING)).ok).toBe(
			true
		);
		const submitted = await submitEntry(db, {
			entryId,
			authorId,
			title: 'Ảnh',
			body: '',
			files,
			now: DURING
		});
		expect(submitted).toEqual({ ok: true });
		const judge = (await makeUser(db, units.judges, { fullName: 'GK Được Giao' })).id;
		const other = (await makeUser(db, units.judges, { fullName: 'GK Khác' })).id;
		expect((await addJudge(db, contestId, judge)).ok).toBe(true);
		expect((await openRound(db, roundId)).ok).toBe(true);
		expect((await autoAssign(db, roundId, null)).ok).toBe(true);
		expect((await addJudge(db, contestId, other)).ok).toBe(true);
		const [queue] = await judgeQueue(db, judge);
		const assignmentId = queue.items[0].assignmentId;
		expect(await fileForJudge(db, assignmentId, judge)).toMatchObject({ kind: 'png' });
		expect(await fileForJudge(db, assignmentId, other)).toBeNull();
	});
});
