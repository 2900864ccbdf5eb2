import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { docxToHtml, sanitizeDocHtml } from './docx-html';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
// a 1×1 transparent PNG
const PNG = Uint8Array.from(
	Buffer.from(
		'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
		'base64'
	)
);

async function docx(body: string, rels = '', extra: Record<string, Uint8Array> = {}): Promise<Uint8Array> {
	const z = new JSZip();
	z.file(
		'[Content_Types].xml',
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`
	);
	z.file(
		'_rels/.rels',
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="${R}/officeDocument" Target="word/document.xml"/>
</Relationships>`
	);
	z.file(
		'word/_rels/document.xml.rels',
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`
	);
	z.file(
		'word/document.xml',
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}" xmlns:r="${R}"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>${body}</w:body></w:document>`
	);
	for (const [name, data] of Object.entries(extra)) z.file(name, data);
	return z.generateAsync({ type: 'uint8array' });
}

const para = (text: string, bold = false) =>
	`<w:p><w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

const picture = (
	rel: string,
	linked = false
) => `<w:p><w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>
<wp:docPr id="1" name="Hình 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">
<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="Hình 1"/><pic:cNvPicPr/></pic:nvPicPr>
<pic:blipFill><a:blip ${linked ? 'r:link' : 'r:embed'}="${rel}"/></pic:blipFill><pic:spPr/></pic:pic>
</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>`;

describe('sanitizeDocHtml', () => {
	it('removes script and style elements with their content', () => {
		const out = sanitizeDocHtml(
			'<p>Trước</p><script>alert("x")</script><SCRIPT src="//evil.example/a.js"></SCRIPT><style>p{display:none}</style><p>Sau</p>'
		);
		expect(out).toBe('<p>Trước</p><p>Sau</p>');
	});

	it('removes event handlers, styles and classes but keeps the element', () => {
		const out = sanitizeDocHtml(
			'<p onclick="steal()" style="color:red" class="x">Chữ</p><img src="data:image/png;base64,AAAA" onerror="steal()" alt="Ảnh">'
		);
		expect(out).toBe('<p>Chữ</p><img src="data:image/png;base64,AAAA" alt="Ảnh">');
		expect(out).not.toMatch(/on\w+=/i);
	});

	it('removes pictures that load from outside the document, and svg data', () => {
		const out = sanitizeDocHtml(
			'<img src="https://tracker.example/p.gif"><img src="//tracker.example/p.gif"><img src="data:image/svg+xml;base64,PHN2Zz4=">'
		);
		expect(out).not.toContain('src=');
	});

	it('keeps links to a place in the document and drops the rest of the links', () => {
		const out = sanitizeDocHtml(
			'<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(1)">b</a><a href="&#106;avascript:alert(1)">c</a>' +
				'<a href="https://example.com">d</a><a href="#doc-footnote-1" id="doc-footnote-ref-1">[1]</a>'
		);
		expect(out).toBe(
			'<a>a</a><a>b</a><a>c</a><a>d</a><a href="#doc-footnote-1" id="doc-footnote-ref-1">[1]</a>'
		);
	});

	it('drops elements outside the list but keeps their text, and never lets a tag slip through malformed', () => {
		const out = sanitizeDocHtml(
			'<div><span>Giữ chữ</span><iframe src="x"></iframe><object data="x"></object></div><img/onerror=alert(1)>< p>'
		);
		expect(out).toBe('Giữ chữ&lt;img/onerror=alert(1)&gt;&lt; p&gt;');
	});

	it('closes what it opens and ignores closings it did not open', () => {
		expect(sanitizeDocHtml('</div></p><p><strong>đậm<table><tr><td>ô')).toBe(
			'<p><strong>đậm<table><tr><td>ô</td></tr></table></strong></p>'
		);
	});

	it('keeps Vietnamese text, tables, lists and emphasis as they are', () => {
		const html =
			'<h1>Tấm gương bình dị</h1><p>Người <strong>đảng viên</strong> ở <em>xã Ứng Hòa</em>.</p><ul><li>Một</li></ul>' +
			'<table><tr><td colspan="2">Ô gộp</td></tr></table><p>A &amp; B &lt; C</p>';
		expect(sanitizeDocHtml(html)).toBe(html);
	});

	it('copes with a long run of attribute-like text without a closing bracket', () => {
		const started = Date.now();
		const out = sanitizeDocHtml(`<p ${'a'.repeat(50_000)}`);
		expect(Date.now() - started).toBeLessThan(1000);
		expect(out.startsWith('&lt;p')).toBe(true);
	});
});

describe('docxToHtml', () => {
	it('turns a Word file into paragraphs and emphasis, keeping Vietnamese text', async () => {
		const html = await docxToHtml(
			await docx(para('Tấm gương bình dị', true) + para('Người đảng viên ở xã Ứng Hòa – “quê hương”.'))
		);
		expect(html).toBe(
			'<p><strong>Tấm gương bình dị</strong></p><p>Người đảng viên ở xã Ứng Hòa – “quê hương”.</p>'
		);
	});

	it('keeps an embedded picture as data and drops a linked one and a javascript: link', async () => {
		const rels =
			`<Relationship Id="rIdImg" Type="${R}/image" Target="media/image1.png"/>` +
			`<Relationship Id="rIdWeb" Type="${R}/image" Target="https://tracker.example/beacon.png" TargetMode="External"/>` +
			`<Relationship Id="rIdJs" Type="${R}/hyperlink" Target="javascript:alert(1)" TargetMode="External"/>`;
		const body =
			picture('rIdImg') +
			picture('rIdWeb', true) +
			`<w:p><w:hyperlink r:id="rIdJs"><w:r><w:t>bấm vào đây</w:t></w:r></w:hyperlink></w:p>`;
		const html = (await docxToHtml(await docx(body, rels, { 'word/media/image1.png': PNG })))!;
		expect(html).toMatch(/<img src="data:image\/png;base64,[A-Za-z0-9+/=]+"/);
		expect(html).not.toContain('tracker.example');
		expect(html).not.toContain('javascript');
		expect(html).toContain('bấm vào đây');
	});

	it('answers null for bytes that are not a Word file', async () => {
		expect(await docxToHtml(new TextEncoder().encode('%PDF-1.7 not a zip'))).toBeNull();
	});
});
