import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../../db/client';
import {
	auditLog,
	awardTiers,
	contests,
	entries,
	entryAwards,
	entryFiles,
	essaySettings
} from '../../db/schema';
import { PostgresStore } from '../../files/postgres-store';
import { sha256Of } from '../../files/store';
import { createTestDb } from '../../testing/db';
import { makeUnit, makeUser } from '../../testing/fixtures';
import { anthologyEntries, docxBlocks, makeAnthology, pdfParagraphs, typesetAnthology } from './index';

let handle: DbHandle;
let db: Db;
let files: PostgresStore;
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	files = new PostgresStore(handle.db);
});
afterAll(() => handle.close());

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** A .docx with a "heading 1" style, as Word writes one: headings and paragraphs. */
async function docx(parts: { heading?: string; text?: string }[]): Promise<Uint8Array> {
	const zip = new JSZip();
	zip.file(
		'[Content_Types].xml',
		`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`
	);
	zip.file(
		'_rels/.rels',
		`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`
	);
	zip.file(
		'word/_rels/document.xml.rels',
		`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	);
	zip.file(
		'word/styles.xml',
		`<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`
	);
	const body = parts
		.map((p) =>
			p.heading
				? `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${p.heading}</w:t></w:r></w:p>`
				: `<w:p><w:r><w:t xml:space="preserve">${p.text}</w:t></w:r></w:p>`
		)
		.join('');
	zip.file(
		'word/document.xml',
		`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="${W}"><w:body>${body}</w:body></w:document>`
	);
	return zip.generateAsync({ type: 'uint8array' });
}

const LONG = Array.from(
	{ length: 60 },
	(_, i) =>
		`Câu thứ ${i + 1}: những người lính Ưu tú giữ gìn từng tấc đất, vun đắp những ước mơ giản dị mà bền bỉ của quê hương.`
).join(' ');

/** Text on each page of a PDF, as poppler's pdftotext reads it. */
function pdfPages(pdf: Uint8Array): string[] {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anthology-'));
	try {
		const file = path.join(dir, 'book.pdf');
		fs.writeFileSync(file, pdf);
		return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).split('\f');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

let seeded = 0;

/**
 * A contest with three tiers (Nhất, Nhì, Ba) and four winners, awarded out of order: the Ba entry is the oldest,
 * the Nhất entry a .docx with headings; one entry without an award.
 */
async function contestWithWinners() {
	seeded++;
	const root = await makeUnit(db, `ANT${seeded}`);
	const school = await makeUnit(db, `ANT${seeded}-S`, root.id);
	const [contest] = await db
		.insert(contests)
		.values({
			kind: 'essay',
			title: 'Tấm gương bình dị mà cao quý',
			eligibleUnitId: root.id,
			published: true
		})
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `KY${seeded}`,
		opensAt: new Date('2026-01-01T00:00:00Z'),
		closesAt: new Date('2099-01-01T00:00:00Z'),
		stage: 'submissions'
	});
	await db.insert(awardTiers).values([
		{ contestId: contest.id, position: 1, name: 'Nhất', count: 1 },
		{ contestId: contest.id, position: 2, name: 'Nhì', count: 1 },
		{ contestId: contest.id, position: 3, name: 'Ba', count: 2 }
	]);
	const word = await docx([
		{ heading: 'Phần một: Ước mơ' },
		{ text: 'Người thầy dạy tôi chữ Ư đầu tiên, và những điều giữ gìn suốt đời.' },
		{ heading: 'Phần hai: Hành trình' },
		{ text: LONG }
	]);
	await files.put(word);
	const sha = sha256Of(word);
	await db
		.insert(entryFiles)
		.values({ sha256: sha, kind: 'docx', sizeBytes: word.length, strippedSha256: sha })
		.onConflictDoNothing();
	const specs = [
		{
			title: 'Bài giải Ba thứ nhất',
			author: 'Trần Thị Ba',
			tier: 'Ba',
			body: 'Dòng sông quê hương chảy mãi.'
		},
		{ title: 'Người gác đèn biển', author: 'Lê Văn Nhì', tier: 'Nhì', body: LONG },
		{ title: 'Chữ Ư và những ước mơ', author: 'Nguyễn Thị Nhất', tier: 'Nhất', body: '', file: sha },
		{ title: 'Bài không đoạt giải', author: 'Phạm Văn Không', tier: null, body: 'Không giải.' },
		{ title: 'Bài giải Ba thứ hai', author: 'Đỗ Thị Ánh', tier: 'Ba', body: 'Giữ gìn những gì quý giá.' }
	];
	const ids: Record<string, number> = {};
	for (const [i, s] of specs.entries()) {
		const author = await makeUser(db, school.id, { fullName: s.author });
		const [e] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: i + 1,
				code: `KY${seeded}-000${i + 1}`,
				authorId: author.id,
				authorUnitId: school.id,
				slot: 1,
				title: s.title,
				body: s.body,
				fileSha256: s.file ?? null,
				fileName: s.file ? 'bai-du-thi.docx' : null,
				status: 'submitted',
				submittedAt: new Date('2026-03-01T00:00:00Z')
			})
			.returning();
		ids[s.title] = e.id;
		if (s.tier) await db.insert(entryAwards).values({ entryId: e.id, contestId: contest.id, tier: s.tier });
	}
	await db.update(essaySettings).set({ stage: 'settled' }).where(eq(essaySettings.contestId, contest.id));
	const publish = () =>
		db
			.update(essaySettings)
			.set({ stage: 'published', resultsPublishedAt: new Date() })
			.where(eq(essaySettings.contestId, contest.id));
	return { contestId: contest.id, ids, publish, school };
}

describe('the anthology of a contest', () => {
	it('is refused before the results are published, and nothing is logged', async () => {
		const c = await contestWithWinners();
		const made = await makeAnthology(db, files, c.contestId, { actorId: null });
		expect(made).toEqual({ ok: false, error: 'not_published' });
		expect((await anthologyEntries(db, c.contestId)).ok).toBe(false);
		const logged = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.contestId, c.contestId), eq(auditLog.action, 'anthology.download')));
		expect(logged).toHaveLength(0);
	});

	it('lists the winners in award order, then by author, without the entry that won nothing', async () => {
		const c = await contestWithWinners();
		await c.publish();
		const found = await anthologyEntries(db, c.contestId);
		if (!found.ok) throw new Error(found.error);
		expect(found.entries.map((e) => [e.tier, e.author])).toEqual([
			['Nhất', 'Nguyễn Thị Nhất'],
			['Nhì', 'Lê Văn Nhì'],
			['Ba', 'Đỗ Thị Ánh'],
			['Ba', 'Trần Thị Ba']
		]);
		expect(found.entries[0].fileKind).toBe('docx');
	});

	it('prints a cover, a table of contents with the right page numbers and each entry with Vietnamese intact', async () => {
		const c = await contestWithWinners();
		await c.publish();
		const made = await makeAnthology(db, files, c.contestId, { actorId: null });
		if (!made.ok) throw new Error(made.error);
		expect(made.printed).toBe(4);
		// ANTHOLOGY_SAMPLE=file.pdf keeps the book, to look at (docs/screenshots/anthology.png comes from it)
		if (process.env.ANTHOLOGY_SAMPLE) fs.writeFileSync(process.env.ANTHOLOGY_SAMPLE, made.pdf);
		const pages = pdfPages(made.pdf);
		expect(pages[0]).toContain('KỶ YẾU');
		expect(pages[0]).toContain('TẤM GƯƠNG BÌNH DỊ MÀ CAO QUÝ');
		const toc = pages[1];
		expect(toc).toContain('MỤC LỤC');
		// the contents list each title with the page its entry starts on
		for (const title of [
			'Chữ Ư và những ước mơ',
			'Người gác đèn biển',
			'Bài giải Ba thứ hai',
			'Bài giải Ba thứ nhất'
		]) {
			const line = toc.split('\n').find((l) => l.includes(title));
			expect(line, title).toBeDefined();
			const page = Number(line!.trim().split(/\s+/).pop());
			expect(pages[page - 1], title).toContain(title);
		}
		expect(toc.indexOf('Giải Nhất')).toBeLessThan(toc.indexOf('Giải Nhì'));
		expect(toc.indexOf('Giải Nhì')).toBeLessThan(toc.indexOf('Giải Ba'));
		expect(toc.indexOf('Bài giải Ba thứ hai')).toBeLessThan(toc.indexOf('Bài giải Ba thứ nhất'));
		expect(toc).not.toContain('Bài không đoạt giải');
		const all = pages.join('\n');
		expect(all).not.toContain('Bài không đoạt giải');
		// the .docx is typeset from its text: headings and paragraphs, with Ư and ữ intact
		const first = pages[2];
		expect(first).toContain('GIẢI NHẤT');
		expect(first).toContain('Nguyễn Thị Nhất');
		expect(first).toContain('Phần một: Ước mơ');
		expect(first).toContain('Người thầy dạy tôi chữ Ư đầu tiên, và những điều giữ gìn suốt đời.');
		expect(all).toContain('ữ');
		// a long entry runs over pages that carry the running header and their number
		const nhi = pages.findIndex((p) => p.includes('Người gác đèn biển') && p.includes('GIẢI NHÌ'));
		expect(pages[nhi + 1]).toContain('Lê Văn Nhì');
		expect(pages[nhi + 1]).toContain('Tấm gương bình dị mà cao quý');
		expect(pages[nhi + 1].trim().split(/\s+/).pop()).toBe(String(nhi + 2));
	});

	it('carries an outline by award', async () => {
		const c = await contestWithWinners();
		await c.publish();
		const made = await makeAnthology(db, files, c.contestId, { actorId: null });
		if (!made.ok) throw new Error(made.error);
		const doc = await PDFDocument.load(made.pdf);
		const titles: string[] = [];
		const walk = (ref: unknown, depth: number) => {
			let node = ref instanceof PDFRef ? doc.context.lookup(ref, PDFDict) : null;
			while (node) {
				const t = node.get(PDFName.of('Title'));
				if (t instanceof PDFHexString || t instanceof PDFString) titles.push(`${depth}:${t.decodeText()}`);
				walk(node.get(PDFName.of('First')), depth + 1);
				const next = node.get(PDFName.of('Next'));
				node = next instanceof PDFRef ? doc.context.lookup(next, PDFDict) : null;
			}
		};
		const outlines = doc.catalog.lookup(PDFName.of('Outlines'), PDFDict);
		walk(outlines.get(PDFName.of('First')), 0);
		expect(titles).toEqual([
			'0:Giải Nhất',
			'1:Chữ Ư và những ước mơ — Nguyễn Thị Nhất',
			'0:Giải Nhì',
			'1:Người gác đèn biển — Lê Văn Nhì',
			'0:Giải Ba',
			'1:Bài giải Ba thứ hai — Đỗ Thị Ánh',
			'1:Bài giải Ba thứ nhất — Trần Thị Ba'
		]);
	});

	it('leaves out the entries the organizer unticks and logs the download with them', async () => {
		const c = await contestWithWinners();
		await c.publish();
		const keep = [c.ids['Chữ Ư và những ước mơ'], c.ids['Bài giải Ba thứ nhất']];
		const made = await makeAnthology(db, files, c.contestId, { actorId: null, include: keep });
		if (!made.ok) throw new Error(made.error);
		const all = pdfPages(made.pdf).join('\n');
		expect(all).not.toContain('Người gác đèn biển');
		expect(all).toContain('Bài giải Ba thứ nhất');
		const [row] = await db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.contestId, c.contestId), eq(auditLog.action, 'anthology.download')));
		expect(row.after).toMatchObject({
			entries: [`KY${seeded}-0003`, `KY${seeded}-0001`],
			excluded: [`KY${seeded}-0002`, `KY${seeded}-0005`]
		});
		expect(await makeAnthology(db, files, c.contestId, { actorId: null, include: [] })).toEqual({
			ok: false,
			error: 'none_chosen'
		});
		expect(
			await makeAnthology(db, files, c.contestId, { actorId: null, include: [c.ids['Bài không đoạt giải']] })
		).toEqual({ ok: false, error: 'foreign_entry' });
	});
});

describe('reading entry files', () => {
	it('keeps a .docx’s headings apart from its paragraphs', async () => {
		const blocks = await docxBlocks(await docx([{ heading: 'Mở đầu' }, { text: 'Lời &amp; ý.' }]));
		expect(blocks).toEqual([
			{ kind: 'heading', text: 'Mở đầu' },
			{ kind: 'paragraph', text: 'Lời & ý.' }
		]);
	});

	it('joins a PDF’s lines back into paragraphs', () => {
		const full = 'Một dòng chữ đủ dài để chiếm trọn bề ngang của trang giấy in ra';
		const text = `${full}\n${full}\nkết thúc đoạn.\n${full}\nhết.`;
		expect(pdfParagraphs(text).map((b) => b.text)).toEqual([
			`${full} ${full} kết thúc đoạn.`,
			`${full} hết.`
		]);
	});

	it('justifies lines to the measure without losing a word', async () => {
		const pdf = await typesetAnthology({
			contestTitle: 'Thử',
			year: 2026,
			entries: [
				{
					code: 'T-1',
					title: 'Thử dàn trang',
					author: 'Tác giả',
					unit: '',
					tier: 'Nhất',
					blocks: [{ kind: 'paragraph', text: LONG }]
				}
			]
		});
		const text = pdfPages(pdf).slice(2).join(' ').replace(/\s+/g, ' ');
		expect(text).toContain('Câu thứ 60: những người lính Ưu tú giữ gìn từng tấc đất');
		expect(text).toContain('Câu thứ 1: những người lính');
	});
});
