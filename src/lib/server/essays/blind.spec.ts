// Blind judging, checked end to end: an author with a distinctive name, phone, e-mail and unit sends three entries
// (plain text; a .docx whose properties name her; a PDF whose Info dictionary names her), two judges are assigned
// and score, and everything a judge can receive — the domain functions the judge routes call, the route loads
// themselves, and every downloaded file taken apart — is scanned for anything that identifies her.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '../auth/session';
import type { Db, DbHandle } from '../db/client';
import { DiskStore } from '../files/disk-store';
import { readWhole } from '../files/store';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { createUnit } from '../units';
import { attachFile, createEntry, submitEntry } from './entries';
import { entryForJudge, fileForJudge, judgeQueue } from './judge-side';
import { autoAssign, openRound } from './judging';
import { saveScore } from './marking';
import { addJudge, createEssayContest, createRound, setPublished } from './setup';

// The route modules reach the database through $lib/server/db: point it at this file's test database.
const testDb = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('$lib/server/db', () => ({ db: () => testDb.current }));

const AUTHOR = {
	fullName: 'Khúc Thị Hằng Nguyệt',
	phone: '0987654321',
	email: 'khuc.hang.nguyet@vidu.vn'
};
const PARENT = { code: 'DB-KHXV', name: 'Đảng bộ Sở Khoa học Xuyên Việt' };
const UNIT = { code: 'CB-TNQL', name: 'Chi bộ Phòng Thử nghiệm Quỳnh Lưu' };
const FILE_NAMES = ['Bai du thi - Khuc Thi Hang Nguyet.docx', 'bai-viet-cua-nguyet-tnql.pdf'];
const NOW = new Date('2026-05-10T03:00:00Z');

const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/** What must never reach a judge, as text (compared case-insensitively, with and without diacritics). */
const SECRETS = [
	AUTHOR.fullName,
	'Khúc Thị',
	'Hằng Nguyệt',
	AUTHOR.phone,
	AUTHOR.phone.slice(1), // +84 987654321
	AUTHOR.email,
	'khuc.hang',
	PARENT.code,
	PARENT.name,
	UNIT.code,
	UNIT.name,
	'Quỳnh Lưu',
	...FILE_NAMES,
	...FILE_NAMES.map((f) => f.replace(/\.\w+$/, ''))
];

/** Every byte form a secret could take in a file: UTF-8 (NFC, NFD, no diacritics), UTF-16 LE/BE, PDF hex. */
function byteForms(secret: string): Buffer[] {
	const forms = new Set([secret, secret.normalize('NFD'), strip(secret)]);
	const out: Buffer[] = [];
	for (const s of forms) {
		const be = Buffer.from(s, 'utf16le').swap16();
		out.push(Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le'), be);
		out.push(Buffer.from(be.toString('hex')), Buffer.from(be.toString('hex').toUpperCase()));
	}
	return out;
}

/** The secrets found in `text` (lower-cased, also without diacritics). */
function secretsInText(text: string): string[] {
	const hay = [text.toLowerCase(), strip(text).toLowerCase()];
	return SECRETS.filter((s) =>
		hay.some((h) => h.includes(s.toLowerCase()) || h.includes(strip(s).toLowerCase()))
	);
}

function secretsInBytes(bytes: Uint8Array): string[] {
	const buf = Buffer.from(bytes);
	const lower = Buffer.from(buf.toString('latin1').toLowerCase(), 'latin1');
	return SECRETS.filter((s) =>
		byteForms(s).some(
			(form) =>
				buf.indexOf(form) >= 0 ||
				lower.indexOf(Buffer.from(form.toString('latin1').toLowerCase(), 'latin1')) >= 0
		)
	);
}

const BODY = [
	'Tấm gương bình dị mà tôi muốn kể là một người thầy ở điểm trường vùng cao.',
	'Thầy bám trụ hơn mười lăm năm, đi bộ qua con dốc dài mỗi sáng để đón học trò.',
	'Học Bác, thầy sống giản dị, tiết kiệm và luôn đặt học sinh lên trên hết.'
].join('\n\n');

async function authorDocx(): Promise<Uint8Array> {
	const z = new JSZip();
	z.file(
		'[Content_Types].xml',
		`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`
	);
	z.file(
		'_rels/.rels',
		`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`
	);
	const paragraphs = BODY.split('\n\n')
		.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`)
		.join('');
	z.file(
		'word/document.xml',
		`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}</w:body></w:document>`
	);
	z.file(
		'docProps/core.xml',
		`<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Bài dự thi</dc:title><dc:creator>${AUTHOR.fullName}</dc:creator><cp:lastModifiedBy>${strip(AUTHOR.fullName)}</cp:lastModifiedBy></cp:coreProperties>`
	);
	z.file(
		'docProps/app.xml',
		`<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>${UNIT.name}</Company><Manager>${AUTHOR.fullName}</Manager></Properties>`
	);
	return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function authorPdf(): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	const page = doc.addPage([400, 400]);
	page.drawText('Tam guong binh di ma cao quy', {
		x: 20,
		y: 300,
		font: await doc.embedFont(StandardFonts.Helvetica)
	});
	doc.setTitle('Bài dự thi');
	doc.setAuthor(AUTHOR.fullName);
	doc.setCreator(`Microsoft Word - ${AUTHOR.fullName}`);
	doc.setProducer(`${UNIT.name} (${AUTHOR.email})`);
	return doc.save();
}

let handle: DbHandle;
let db: Db;
let root: string;
let store: DiskStore;
const judges: SessionUser[] = [];
const entryIds: number[] = [];

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	testDb.current = db;
	root = await fs.mkdtemp(path.join(os.tmpdir(), 'blind-'));
	store = new DiskStore(root);
	// the file route reads its storage folder from the configuration when first imported
	vi.stubEnv('FILES_DIR', root);
	const top = await makeUnit(db, 'BLROOT');
	const parent = await createUnit(db, { ...PARENT, parentId: top.id, headcount: 5 });
	if (!parent.ok) throw new Error(parent.error);
	const unit = await createUnit(db, { ...UNIT, parentId: parent.value.id, headcount: 5 });
	if (!unit.ok) throw new Error(unit.error);
	const judgeParent = await makeUnit(db, 'BLJ', top.id);
	const author = await makeUser(db, unit.value.id, AUTHOR);

	const contest = await createEssayContest(db, {
		title: 'Tấm gương bình dị mà cao quý',
		description: '',
		rules: '',
		eligibleUnitId: top.id,
		codePrefix: 'BLIND-2026',
		opensAt: new Date('2026-04-01T00:00:00Z'),
		closesAt: new Date('2026-06-01T00:00:00Z'),
		entriesPerAuthor: 3,
		minWords: null,
		maxWords: null,
		requirement: 'text_or_file',
		maxFileBytes: 5 * 1024 * 1024,
		createdBy: null
	});
	if (!contest.ok) throw new Error(contest.error);
	const contestId = contest.value.id;
	const round = await createRound(db, contestId, {
		name: 'Sơ khảo',
		scale: 100,
		judgesPerEntry: 2,
		disagreementThreshold: 20,
		settleRule: 'mean',
		advanceRule: null,
		advanceValue: null,
		closesAt: null,
		criteria: [
			{ name: 'Nội dung', maxPoints: 90 },
			{ name: 'Hình thức', maxPoints: 10 }
		]
	});
	if (!round.ok) throw new Error(round.error);
	expect((await setPublished(db, contestId, true)).ok).toBe(true);

	const files: (null | [Uint8Array, string])[] = [
		null,
		[await authorDocx(), FILE_NAMES[0]],
		[await authorPdf(), FILE_NAMES[1]]
	];
	for (const [i, file] of files.entries()) {
		const made = await createEntry(db, {
			contestId,
			authorId: author.id,
			authorUnitId: unit.value.id,
			title: `Người thầy nơi điểm trường ${i + 1}`,
			now: NOW
		});
		if (!made.ok) throw new Error(made.error);
		entryIds.push(made.entryId);
		if (file) {
			const attached = await attachFile(db, store, made.entryId, author.id, file[0], file[1], NOW);
			if (!attached.ok) throw new Error(attached.error);
		}
		const edit = { entryId: made.entryId, authorId: author.id, files: store, now: NOW };
		const sent = await submitEntry(db, {
			...edit,
			title: `Người thầy nơi điểm trường ${i + 1}`,
			body: file ? '' : BODY
		});
		if (!sent.ok) throw new Error(sent.error);
	}

	for (const name of ['Giám Khảo Một', 'Giám Khảo Hai']) {
		const u = await makeUser(db, judgeParent.id, { fullName: name });
		expect((await addJudge(db, contestId, u.id)).ok).toBe(true);
		judges.push({
			id: u.id,
			fullName: name,
			unitId: judgeParent.id,
			mustChangePassword: false,
			roles: [],
			judges: true,
			organizer: null,
			leads: []
		});
	}
	expect((await openRound(db, round.value.round.id)).ok).toBe(true);
	const assigned = await autoAssign(db, round.value.round.id, null);
	expect(assigned.ok && assigned.created).toBe(6);
});

afterAll(async () => {
	vi.unstubAllEnvs();
	await handle?.close();
	await fs.rm(root, { recursive: true, force: true });
});

/** Everything the judge can be shown, from the domain functions and the judge routes, and every file's bytes. */
async function judgeFacing(judge: SessionUser) {
	const texts: [string, string][] = [];
	const files: [string, Uint8Array, string][] = [];
	const queue = await judgeQueue(db, judge.id);
	texts.push(['judgeQueue', JSON.stringify(queue)]);
	const routeHome = await import('../../../routes/(judge)/judge/+page.server');
	const routeEntry = await import('../../../routes/(judge)/judge/assignments/[assignmentId]/+page.server');
	const routeFile = await import('../../../routes/(judge)/judge/assignments/[assignmentId]/file/+server');
	const routeView = await import('../../../routes/(judge)/judge/assignments/[assignmentId]/view/+server');
	const event = (params: Record<string, string>, pathname: string) =>
		({
			locals: { user: judge },
			params,
			url: new URL(`http://localhost${pathname}`),
			request: new Request(`http://localhost${pathname}`)
		}) as never;
	texts.push(['/judge load', JSON.stringify(await routeHome.load(event({}, '/judge')))]);
	const items = queue.flatMap((r) => r.items);
	expect(items).toHaveLength(3);
	for (const item of items) {
		const id = String(item.assignmentId);
		texts.push([`entryForJudge ${id}`, JSON.stringify(await entryForJudge(db, item.assignmentId, judge.id))]);
		const page = `/judge/assignments/${id}`;
		texts.push([`${page} load`, JSON.stringify(await routeEntry.load(event({ assignmentId: id }, page)))]);
		const file = await fileForJudge(db, item.assignmentId, judge.id);
		texts.push([`fileForJudge ${id}`, JSON.stringify(file)]);
		if (!file) continue;
		const stored = await readWhole(store, file.strippedSha256);
		files.push([`stored copy ${id}`, stored!, file.kind]);
		const response = await routeFile.GET(event({ assignmentId: id }, `${page}/file`));
		texts.push([`${page}/file headers`, JSON.stringify([...response.headers])]);
		files.push([`${page}/file`, new Uint8Array(await response.arrayBuffer()), file.kind]);
		// a PDF is also shown inline in the workspace's frame (a .docx inline as HTML: in the page load above)
		if (file.kind !== 'pdf') continue;
		const inline = await routeView.GET(event({ assignmentId: id }, `${page}/view`));
		texts.push([`${page}/view headers`, JSON.stringify([...inline.headers])]);
		files.push([`${page}/view`, new Uint8Array(await inline.arrayBuffer()), file.kind]);
	}
	return { texts, files, items };
}

/** The secrets found in a downloaded file, part by part (a .docx unzipped; a PDF raw, re-saved flat, and its Info). */
async function scanFile(bytes: Uint8Array, kind: string): Promise<string[]> {
	const found: string[] = [];
	found.push(...secretsInBytes(bytes).map((s) => `raw: ${s}`));
	if (kind === 'docx') {
		const zip = await JSZip.loadAsync(bytes);
		const names = Object.keys(zip.files);
		expect(names).toContain('docProps/core.xml');
		for (const name of names) {
			found.push(...secretsInText(name).map((s) => `${name} (name): ${s}`));
			const part = await zip.files[name].async('uint8array');
			found.push(...secretsInBytes(part).map((s) => `${name}: ${s}`));
			found.push(...secretsInText(Buffer.from(part).toString('utf8')).map((s) => `${name}: ${s}`));
		}
	} else {
		const doc = await PDFDocument.load(bytes, { updateMetadata: false });
		const info = [
			doc.getAuthor(),
			doc.getCreator(),
			doc.getProducer(),
			doc.getTitle(),
			doc.getSubject(),
			doc.getKeywords()
		];
		found.push(...secretsInText(JSON.stringify(info)).map((s) => `Info: ${s}`));
		// object streams are compressed: look at every object uncompressed too
		const flat = await doc.save({ useObjectStreams: false });
		found.push(...secretsInBytes(flat).map((s) => `objects: ${s}`));
	}
	return found;
}

describe('blind judging: what a judge receives', () => {
	it('the author’s files do carry her name before stripping (the scan can see it)', async () => {
		expect(await scanFile(await authorDocx(), 'docx')).not.toEqual([]);
		expect(await scanFile(await authorPdf(), 'pdf')).not.toEqual([]);
		expect(secretsInText(JSON.stringify(AUTHOR))).not.toEqual([]);
	});

	it('names neither the author, her phone, e-mail, unit, parent unit nor her file names, before and after scoring', async () => {
		for (const judge of judges) {
			const before = await judgeFacing(judge);
			expect(before.files.map(([, , kind]) => kind).sort()).toEqual(['docx', 'docx', 'pdf', 'pdf', 'pdf']);
			// the .docx is in the page as HTML too, so the scan below reads what the judge reads inline
			expect(before.texts.some(([where, t]) => where.endsWith(' load') && t.includes('"html":"<p>'))).toBe(
				true
			);
			for (const [where, text] of before.texts) expect(secretsInText(text), where).toEqual([]);
			for (const [where, bytes, kind] of before.files) expect(await scanFile(bytes, kind), where).toEqual([]);
		}
		// both judges score (the second 30 points apart: a disagreement), then everything is looked at again
		for (const [k, judge] of judges.entries()) {
			const { items } = await judgeFacing(judge);
			for (const item of items) {
				const entry = await entryForJudge(db, item.assignmentId, judge.id);
				if (!entry.ok) throw new Error(entry.error);
				const [content, form] = entry.entry.criteria;
				const saved = await saveScore(
					db,
					item.assignmentId,
					judge.id,
					{
						points: { [content.id]: k === 0 ? 50 : 80, [form.id]: 8 },
						comment: 'Bài viết tốt.',
						submit: true
					},
					NOW
				);
				expect(secretsInText(JSON.stringify(saved))).toEqual([]);
			}
		}
		// independent marking: the others' totals are shown only once the round is closed
		await db.execute(sql`update essay_rounds set closed_at = now()`);
		for (const judge of judges) {
			const after = await judgeFacing(judge);
			const totals = after.texts.filter(([w]) => w.startsWith('entryForJudge'));
			expect(totals.every(([, t]) => t.includes('"otherTotals":['))).toBe(true);
			for (const [where, text] of after.texts) expect(secretsInText(text), where).toEqual([]);
			for (const [where, bytes, kind] of after.files) expect(await scanFile(bytes, kind), where).toEqual([]);
		}
	}, 120_000);
});
