import path from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import {
	DOCX_LIMITS,
	NEUTRAL_AUTHOR,
	NEUTRAL_TITLE,
	contentAddress,
	countWords,
	docxWordCount,
	inspectUpload,
	storagePath,
	stripAuthorMetadata
} from './files';

const AUTHOR = 'Nguyễn Văn A';
const MAX = 20 * 1024 * 1024;
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

const parts: Record<string, string> = {
	'[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
<Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>`,
	'_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>
</Relationships>`,
	'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
<Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/>
</Relationships>`,
	// 6 + 6 words, a tracked insertion of 1 word and a tracked deletion (not text any more), both by the author.
	'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}"><w:body>
<w:p><w:r><w:t>Cuộc thi viết về Đảng</w:t></w:r><w:r><w:t xml:space="preserve"> bộ</w:t></w:r></w:p>
<w:p><w:r><w:t>Tôi yêu Việt Nam – quê hương</w:t></w:r>
<w:ins w:id="1" w:author="${AUTHOR}" w:date="2026-11-01T10:00:00Z"><w:r><w:t xml:space="preserve"> mới</w:t></w:r></w:ins>
<w:del w:id="2" w:author="${AUTHOR}" w:date="2026-11-01T10:00:00Z"><w:r><w:delText>cũ</w:delText></w:r></w:del>
<w:r><w:rPr><w:b/><w:rPrChange w:id="3" w:author="${AUTHOR}" w:date="2026-11-01T10:00:00Z"><w:rPr/></w:rPrChange></w:rPr><w:t xml:space="preserve"> </w:t></w:r>
<w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>
</w:body></w:document>`,
	'word/comments.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="${W}"><w:comment w:id="0" w:author="${AUTHOR}" w:initials="NVA" w:date="2026-11-01T10:00:00Z"><w:p><w:r><w:t>Xem lại</w:t></w:r></w:p></w:comment></w:comments>`,
	'word/people.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author='${AUTHOR}'><w15:presenceInfo w15:providerId="None" w15:userId="${AUTHOR}"/></w15:person></w15:people>`,
	'word/_rels/settings.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:\\Users\\${AUTHOR}\\AppData\\Roaming\\Microsoft\\Templates\\Normal.dotm" TargetMode="External"/></Relationships>`,
	'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Bài dự thi</dc:title><dc:creator>${AUTHOR}</dc:creator><cp:lastModifiedBy>${AUTHOR}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-01T10:00:00Z</dcterms:created></cp:coreProperties>`,
	'docProps/app.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Office Word</Application><Company>Chi bộ của ${AUTHOR}</Company><Manager>${AUTHOR}</Manager></Properties>`
};

async function zip(files: Record<string, string | Uint8Array>, level = 6): Promise<Uint8Array> {
	const z = new JSZip();
	for (const [name, data] of Object.entries(files)) z.file(name, data);
	return z.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level } });
}

const docx = () => zip(parts);

/** Every form the author's name could take in bytes: UTF-8 (NFC and NFD), UTF-16 BE/LE, as PDF hex. */
function nameForms(name: string): Buffer[] {
	const be = Buffer.from(name, 'utf16le').swap16();
	return [
		Buffer.from(name, 'utf8'),
		Buffer.from(name.normalize('NFD'), 'utf8'),
		Buffer.from(name, 'utf16le'),
		be,
		Buffer.from(be.toString('hex').toUpperCase()),
		Buffer.from(be.toString('hex')),
		Buffer.from('Nguy')
	];
}

function expectNoName(bytes: Uint8Array, where: string) {
	const buf = Buffer.from(bytes);
	for (const form of nameForms(AUTHOR))
		expect(buf.indexOf(form), `${where}: ${form.toString('hex')}`).toBe(-1);
}

const PNG = new Uint8Array([
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52
]);

/** A hand-written PDF: one empty page and an Info dictionary with a literal-string Author. */
function handPdf(extraTrailer = '', author = 'Nguyen Van A', orphans: string[] = []): Uint8Array {
	const objs = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
		`<< /Title (Bai du thi) /Author (${author}) >>`,
		...orphans
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
	out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Info 4 0 R ${extraTrailer}>>\nstartxref\n${xref}\n%%EOF\n`;
	return new Uint8Array(Buffer.from(out, 'latin1'));
}

async function libPdf(): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	const page = doc.addPage([300, 300]);
	page.drawText('Bai du thi', { x: 20, y: 200, font: await doc.embedFont(StandardFonts.Helvetica) });
	doc.setTitle('Bài dự thi');
	doc.setAuthor(AUTHOR);
	doc.setCreator(`Microsoft Word - ${AUTHOR}`);
	doc.setProducer(`Acrobat licensed to ${AUTHOR}`);
	const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>${AUTHOR}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`;
	const stream = doc.context.stream(Buffer.from(xmp, 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
	doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
	const note = doc.context.obj({
		Type: 'Annot',
		Subtype: 'Text',
		Rect: [10, 10, 30, 30],
		Contents: PDFHexString.fromText('Xem lại'),
		T: PDFHexString.fromText(AUTHOR)
	});
	page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(note)]));
	return doc.save({ useObjectStreams: false });
}

describe('inspectUpload', () => {
	it('accepts a real .docx and a real PDF, by content, with their sha256', async () => {
		const d = await docx();
		expect(await inspectUpload(d, { maxBytes: MAX })).toEqual({
			ok: true,
			kind: 'docx',
			sha256: contentAddress(d)
		});
		const p = await libPdf();
		expect(await inspectUpload(p, { maxBytes: MAX })).toEqual({
			ok: true,
			kind: 'pdf',
			sha256: contentAddress(p)
		});
		expect(await inspectUpload(handPdf(), { maxBytes: MAX })).toMatchObject({ ok: true, kind: 'pdf' });
	});

	it('refuses renamed files and other formats whatever their name (names are never looked at)', async () => {
		// "bai-du-thi.docx" that is really a PNG, a Word 97 .doc, a Windows .exe, plain text, a zip that is no docx.
		const cases: [Uint8Array, string][] = [
			[PNG, 'not_docx_or_pdf'],
			[new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), 'legacy_doc'],
			[new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 'not_docx_or_pdf'],
			[new Uint8Array(Buffer.from('Bài dự thi của tôi')), 'not_docx_or_pdf'],
			[await zip({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' }), 'not_docx_or_pdf'],
			[await zip({ 'word/document.xml': parts['word/document.xml'] }), 'not_docx_or_pdf']
		];
		for (const [bytes, code] of cases)
			expect(await inspectUpload(bytes, { maxBytes: MAX })).toEqual({ ok: false, code });
	});

	it('refuses empty, too large, truncated and corrupted files', async () => {
		const d = await docx();
		expect(await inspectUpload(new Uint8Array(), { maxBytes: MAX })).toEqual({ ok: false, code: 'empty' });
		expect(await inspectUpload(d, { maxBytes: d.length - 1 })).toEqual({ ok: false, code: 'too_large' });
		expect(await inspectUpload(d, { maxBytes: d.length })).toMatchObject({ ok: true });
		expect(await inspectUpload(d.subarray(0, d.length - 30), { maxBytes: MAX })).toEqual({
			ok: false,
			code: 'broken_docx'
		});
		// A wrong CRC in the central directory (a damaged part that still inflates).
		const flipped = Buffer.from(d);
		const cd = flipped.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
		flipped[cd + 16] ^= 0xff;
		expect(await inspectUpload(flipped, { maxBytes: MAX })).toEqual({ ok: false, code: 'broken_docx' });
		const p = await libPdf();
		expect(await inspectUpload(p.subarray(0, p.length - 2000), { maxBytes: MAX })).toEqual({
			ok: false,
			code: 'broken_pdf'
		});
		expect(
			await inspectUpload(new Uint8Array(Buffer.from('%PDF-1.4\nnothing\n%%EOF\n')), { maxBytes: MAX })
		).toEqual({
			ok: false,
			code: 'broken_pdf'
		});
	});

	it('refuses an encrypted PDF', async () => {
		const enc = handPdf('/Encrypt << /Filter /Standard /V 1 /R 2 /O (x) /U (y) /P -4 >> ');
		expect(await inspectUpload(enc, { maxBytes: MAX })).toEqual({ ok: false, code: 'encrypted_pdf' });
	});

	it('refuses zip bombs: large total, high ratio, lying sizes, too many entries, nested zips', async () => {
		const bomb = async (files: Record<string, string | Uint8Array>) =>
			inspectUpload(await zip({ ...parts, ...files }, 9), { maxBytes: MAX });

		// 60 MB of zeros deflate to about 60 KB.
		const big = await zip({ ...parts, 'word/media/a.bin': new Uint8Array(60 * 1024 * 1024) }, 9);
		expect(big.length).toBeLessThan(200 * 1024);
		expect(await inspectUpload(big, { maxBytes: MAX })).toEqual({ ok: false, code: 'zip_bomb' });

		// 6 MB (under the total limit) from a ~6 KB file: over 100× the file's size.
		expect(await bomb({ 'word/media/b.bin': new Uint8Array(6 * 1024 * 1024) })).toEqual({
			ok: false,
			code: 'zip_bomb'
		});
		// A legitimate 6 MB part that does not compress (random bytes) is fine.
		const noise = new Uint8Array(6 * 1024 * 1024).map(() => Math.floor(Math.random() * 256));
		expect(await bomb({ 'word/media/c.bin': noise })).toMatchObject({ ok: true });

		// A header that lies about the size: declared 1,000 bytes, inflates to 1 MB.
		const liar = Buffer.from(await zip({ ...parts, 'word/media/d.bin': new Uint8Array(1024 * 1024) }, 9));
		const name = Buffer.from('word/media/d.bin');
		for (let i = liar.indexOf(name); i >= 0; i = liar.indexOf(name, i + 1)) {
			if (liar.readUInt32LE(i - 30) === 0x04034b50) liar.writeUInt32LE(1000, i - 30 + 22);
			if (liar.readUInt32LE(i - 46) === 0x02014b50) liar.writeUInt32LE(1000, i - 46 + 24);
		}
		expect(await inspectUpload(new Uint8Array(liar), { maxBytes: MAX })).toEqual({
			ok: false,
			code: 'zip_bomb'
		});

		const many: Record<string, string> = {};
		for (let i = 0; i <= DOCX_LIMITS.maxEntries; i++) many[`word/media/${i}.txt`] = '';
		expect(await bomb(many)).toEqual({ ok: false, code: 'zip_bomb' });

		const inner = await zip({ 'x.txt': 'x' });
		expect(await bomb({ 'word/media/inner.zip': inner })).toEqual({ ok: false, code: 'zip_bomb' });
		// Word keeps embedded Excel charts as .xlsx (a zip) under word/embeddings/: allowed, never unpacked.
		expect(await bomb({ 'word/embeddings/Microsoft_Excel_Worksheet.xlsx': inner })).toMatchObject({
			ok: true
		});
	});
});

describe('docxWordCount', () => {
	it('counts Vietnamese words of the document text (whitespace-separated, punctuation alone is no word)', async () => {
		// "Cuộc thi viết về Đảng bộ" (6) + "Tôi yêu Việt Nam – quê hương mới" (7); deleted "cũ" and the comment do not count.
		expect(await docxWordCount(await docx())).toBe(13);
		expect(countWords('  Tôi   yêu\nViệt Nam – 2026 …  ')).toBe(5);
		expect(countWords('')).toBe(0);
	});

	it('refuses to count a file inspectUpload would refuse', async () => {
		const big = await zip({ ...parts, 'word/media/a.bin': new Uint8Array(60 * 1024 * 1024) }, 9);
		await expect(docxWordCount(big)).rejects.toThrow(/zip_bomb/);
	});
});

describe('stripAuthorMetadata', () => {
	it('docx: no trace of the author in the bytes or any part, and the file still reads the same', async () => {
		const before = await docx();
		expect(
			Buffer.from(
				await (await JSZip.loadAsync(before)).files['docProps/core.xml'].async('uint8array')
			).indexOf(AUTHOR)
		).toBeGreaterThan(0);
		const after = await stripAuthorMetadata(before, 'docx');

		expectNoName(after, 'raw');
		const z = await JSZip.loadAsync(after);
		const names = Object.keys(z.files).filter((n) => !n.endsWith('/'));
		// comments and the people who wrote them are gone (judge-copy.spec.ts checks each removal)
		const removed = ['word/comments.xml', 'word/people.xml'];
		expect(names.sort()).toEqual(
			Object.keys(parts)
				.filter((n) => !removed.includes(n))
				.sort()
		);
		for (const n of names) expectNoName(await z.files[n].async('uint8array'), n);

		const core = await z.files['docProps/core.xml'].async('string');
		expect(core).toContain(`<dc:creator>${NEUTRAL_AUTHOR}</dc:creator>`);
		expect(core).toContain(`<cp:lastModifiedBy>${NEUTRAL_AUTHOR}</cp:lastModifiedBy>`);
		expect(core).toContain('<dc:title>Bài dự thi</dc:title>');
		const app = await z.files['docProps/app.xml'].async('string');
		expect(app).not.toContain('Company');
		expect(app).toContain('<Application>Microsoft Office Word</Application>');
		const doc = await z.files['word/document.xml'].async('string');
		expect(doc).toContain(`<w:ins w:id="1" w:author="${NEUTRAL_AUTHOR}"`);

		expect(await inspectUpload(after, { maxBytes: MAX })).toMatchObject({ ok: true, kind: 'docx' });
		const text = async (b: Uint8Array) => (await mammoth.extractRawText({ buffer: Buffer.from(b) })).value;
		expect(await text(after)).toBe(await text(before));
		expect(await docxWordCount(after)).toBe(13);
	});

	it('pdf made by pdf-lib: Info Author/Creator/Producer and XMP dc:creator gone, still loads', async () => {
		const before = await libPdf();
		expect(Buffer.from(before).indexOf(Buffer.from(AUTHOR, 'utf8'))).toBeGreaterThan(0); // the XMP copy
		const after = await stripAuthorMetadata(before, 'pdf');
		expectNoName(after, 'pdf');
		const doc = await PDFDocument.load(after, { updateMetadata: false });
		expect(doc.getPageCount()).toBe(1);
		expect(doc.getAuthor()).toBeUndefined();
		expect(doc.getCreator()).toBeUndefined();
		expect(doc.getProducer()).toBeUndefined();
		expect(doc.getTitle()).toBe('Bài dự thi');
		expect(doc.catalog.get(PDFName.of('Metadata'))).toBeUndefined();
		// pdf-lib packs objects into compressed object streams: search them uncompressed too.
		expectNoName(await doc.save({ useObjectStreams: false }), 'pdf objects');
		// the comment (its author in /T, its text in /Contents) is gone with every other annotation
		expect(doc.getPage(0).node.Annots()).toBeUndefined();
		expect(await inspectUpload(after, { maxBytes: MAX })).toMatchObject({ ok: true, kind: 'pdf' });
	});

	it('pdf with an earlier revision left in the file: the old Info and XMP objects nothing points to are gone', async () => {
		const after = await stripAuthorMetadata(
			handPdf('', 'Tac gia moi', [
				'<< /Title (Ban nhap) /Author (Nguyen Van A) >>',
				'<< /Type /Metadata /Subtype /XML /Length 30 >>\nstream\n<dc:creator>Nguyen Van A</dc:creator>\nendstream'
			]),
			'pdf'
		);
		const doc = await PDFDocument.load(after);
		expect(doc.getPageCount()).toBe(1);
		expect(doc.getTitle()).toBe(NEUTRAL_TITLE);
		// search every object uncompressed
		const plain = Buffer.from(await doc.save({ useObjectStreams: false }));
		expect(plain.indexOf(Buffer.from('Nguyen'))).toBe(-1);
		expect(plain.indexOf(Buffer.from('Tac gia'))).toBe(-1);
	});

	it('pdf written by hand with a literal-string Author', async () => {
		const after = await stripAuthorMetadata(
			handPdf('', AUTHOR.normalize('NFD').replace(/\p{M}/gu, '')),
			'pdf'
		);
		expect(Buffer.from(after).indexOf(Buffer.from('Nguyen'))).toBe(-1);
		const doc = await PDFDocument.load(after);
		expect(doc.getAuthor()).toBeUndefined();
		expect(doc.getPageCount()).toBe(1);
	});

	it('throws on bytes that are not the given kind', async () => {
		await expect(stripAuthorMetadata(PNG, 'docx')).rejects.toThrow();
		await expect(stripAuthorMetadata(PNG, 'pdf')).rejects.toThrow();
	});
});

describe('content addressing', () => {
	it('names a file by its sha256 in two folder levels under the storage root', () => {
		const bytes = new Uint8Array(Buffer.from('abc'));
		const sha = contentAddress(bytes);
		expect(sha).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(storagePath('/srv/essays', sha)).toBe(path.join('/srv/essays', 'ba', '78', sha));
		expect(() => storagePath('/srv/essays', '../../etc/passwd')).toThrow();
		expect(() => storagePath('/srv/essays', sha.toUpperCase())).toThrow();
	});
});
