import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { contests, essaySettings } from '../db/schema';
import { DiskStore } from '../files/disk-store';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { attachFile, createEntry, submitEntry } from './entries';
import { fileWordCount, pdfText } from './files';

const VIETNAMESE = 'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh';

/**
 * A PDF as Word writes Vietnamese: a Type0 font with Identity-H glyph ids and a ToUnicode CMap; words on two
 * lines, the second line shown with TJ and spaces as glyphs.
 */
function type0Pdf(text: string): Uint8Array {
	const chars = [...new Set([...text])];
	const cid = (c: string) => (chars.indexOf(c) + 1).toString(16).padStart(4, '0');
	const hex = (s: string) => [...s].map(cid).join('');
	const cmapLines = chars.map((c, i) => {
		const utf16 = c.codePointAt(0)!.toString(16).padStart(4, '0');
		return `<${(i + 1).toString(16).padStart(4, '0')}> <${utf16}>`;
	});
	const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <0000> <FFFF> endcodespacerange
${cmapLines.length} beginbfchar
${cmapLines.join('\n')}
endbfchar
endcmap CMapName currentdict /CMap defineresource pop end end`;
	const half = text.indexOf(' phong');
	const first = text.slice(0, half);
	const second = text.slice(half + 1).split(' ');
	const content = `BT /F1 12 Tf 20 150 Td <${hex(first)}> Tj 0 -14 Td [${second
		.map((w) => `<${hex(w)}>`)
		.join(' -300 ')}] TJ ET`;
	const objs = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
		`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
		'<< /Type /Font /Subtype /Type0 /BaseFont /TimesNewRoman /Encoding /Identity-H /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>',
		'<< /Type /Font /Subtype /CIDFontType2 /BaseFont /TimesNewRoman /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>',
		`<< /Length ${Buffer.byteLength(cmap, 'latin1')} >>\nstream\n${cmap}\nendstream`
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objs.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** pdf-lib's own output: a standard font (WinAnsi, no ToUnicode) in a Flate-compressed content stream. */
async function helveticaPdf(lines: string[]): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const page = doc.addPage([400, 400]);
	lines.forEach((line, i) => page.drawText(line, { x: 20, y: 380 - 14 * i, font, size: 10 }));
	return doc.save();
}

/** A scanned essay: a page with no text at all. */
async function emptyPdf(): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.addPage([300, 300]);
	return doc.save();
}

describe('words of a PDF', () => {
	it('reads Vietnamese text through the font’s ToUnicode map and counts syllable-words', async () => {
		const text = await pdfText(type0Pdf(VIETNAMESE));
		expect(text.replace(/\s+/g, ' ').trim()).toBe(VIETNAMESE);
		expect(await fileWordCount(type0Pdf(VIETNAMESE), 'pdf')).toBe(14);
	});

	it('reads a standard-font PDF with compressed content, line by line', async () => {
		expect(await fileWordCount(await helveticaPdf(['Bai du thi', 'so mot hai ba']), 'pdf')).toBe(7);
	});

	it('answers null for a PDF without text (a scan), so the limits cannot be met by accident', async () => {
		expect(await fileWordCount(await emptyPdf(), 'pdf')).toBeNull();
	});
});

describe('word limits on uploaded files', () => {
	let handle: DbHandle;
	let root: string;
	let files: DiskStore;
	let unitId: number;
	const DURING = new Date('2026-03-15T00:00:00Z');
	let n = 0;

	beforeAll(async () => {
		handle = await createTestDb();
		root = await fs.mkdtemp(path.join(os.tmpdir(), 'essay-file-words-'));
		files = new DiskStore(root);
		unitId = (await makeUnit(handle.db, 'FW')).id;
	});
	afterAll(async () => {
		await handle.close();
		await fs.rm(root, { recursive: true, force: true });
	});

	async function setup(settings: Partial<typeof essaySettings.$inferInsert>) {
		n++;
		const [c] = await handle.db
			.insert(contests)
			.values({ kind: 'essay', title: 'Cuộc thi viết', published: true, eligibleUnitId: unitId })
			.returning({ id: contests.id });
		await handle.db.insert(essaySettings).values({
			contestId: c.id,
			codePrefix: `FW${n}`,
			opensAt: new Date('2026-03-01T00:00:00Z'),
			closesAt: new Date('2026-04-01T00:00:00Z'),
			...settings
		});
		const me = (await makeUser(handle.db, unitId)).id;
		const created = await createEntry(handle.db, {
			contestId: c.id,
			authorId: me,
			authorUnitId: unitId,
			title: 'Bài viết',
			body: '',
			now: DURING
		});
		if (!created.ok) throw new Error(created.error);
		const edit = { entryId: created.entryId, authorId: me, title: 'Bài viết', body: '', files, now: DURING };
		return { me, entryId: created.entryId, edit };
	}

	it('counts a PDF’s words ("Số chữ") and refuses to submit it under the minimum', async () => {
		const { me, entryId, edit } = await setup({ requirement: 'file', minWords: 20 });
		const attached = await attachFile(handle.db, files, entryId, me, type0Pdf(VIETNAMESE), 'bai.pdf', DURING);
		expect(attached).toMatchObject({ ok: true, kind: 'pdf', wordCount: 14 });
		expect(await submitEntry(handle.db, edit)).toEqual({ ok: false, error: 'too_few_words' });
	});

	it('refuses a PDF over the maximum even when a short text is typed too', async () => {
		const { me, entryId, edit } = await setup({ requirement: 'text_and_file', maxWords: 10 });
		await attachFile(handle.db, files, entryId, me, type0Pdf(VIETNAMESE), 'bai.pdf', DURING);
		expect(await submitEntry(handle.db, { ...edit, body: 'Bài ngắn năm chữ thôi' })).toEqual({
			ok: false,
			error: 'file_too_many_words'
		});
	});

	it('refuses a PDF whose words cannot be counted when the contest has word limits', async () => {
		const { me, entryId, edit } = await setup({ requirement: 'file', minWords: 5 });
		await attachFile(handle.db, files, entryId, me, await emptyPdf(), 'scan.pdf', DURING);
		expect(await submitEntry(handle.db, edit)).toEqual({ ok: false, error: 'file_words_unknown' });
	});

	it('accepts a PDF within the limits', async () => {
		const { me, entryId, edit } = await setup({ requirement: 'file', minWords: 10, maxWords: 20 });
		await attachFile(handle.db, files, entryId, me, type0Pdf(VIETNAMESE), 'bai.pdf', DURING);
		expect(await submitEntry(handle.db, edit)).toEqual({ ok: true });
	});
});
