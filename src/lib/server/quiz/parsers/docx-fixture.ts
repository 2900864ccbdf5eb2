// Builds small Word files for the specs (and for trying the import by hand): a .docx is a zip of XML parts.
import JSZip from 'jszip';

/** A run of text; `bold`/`underline` as Word sets them, `tab`/`br` for a tab or a soft line break before it. */
export interface Run {
	text: string;
	bold?: boolean;
	underline?: boolean;
	tabBefore?: boolean;
	breakBefore?: boolean;
}
/** A paragraph: plain text, or runs; `list` makes it an item of an automatically numbered list. */
export type Paragraph = string | Run[] | { runs: Run[]; list: true };

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>`;

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** One list definition: A. B. C. … as Word numbers options automatically. */
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;

const escapeXml = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function runXml(run: Run): string {
	const props = `${run.bold ? '<w:b/>' : ''}${run.underline ? '<w:u w:val="single"/>' : ''}`;
	const before = `${run.breakBefore ? '<w:br/>' : ''}${run.tabBefore ? '<w:tab/>' : ''}`;
	return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${before}<w:t xml:space="preserve">${escapeXml(run.text)}</w:t></w:r>`;
}

function paragraphXml(paragraph: Paragraph): string {
	if (typeof paragraph === 'string') return `<w:p>${runXml({ text: paragraph })}</w:p>`;
	if (Array.isArray(paragraph)) return `<w:p>${paragraph.map(runXml).join('')}</w:p>`;
	const numbering = '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>';
	return `<w:p>${numbering}${paragraph.runs.map(runXml).join('')}</w:p>`;
}

export async function buildDocx(paragraphs: Paragraph[]): Promise<Uint8Array> {
	const zip = new JSZip();
	zip.file('[Content_Types].xml', CONTENT_TYPES);
	zip.file('_rels/.rels', ROOT_RELS);
	zip.file('word/_rels/document.xml.rels', DOCUMENT_RELS);
	zip.file('word/numbering.xml', NUMBERING);
	zip.file(
		'word/document.xml',
		`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}"><w:body>${paragraphs.map(paragraphXml).join('')}</w:body></w:document>`
	);
	return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/**
 * The paragraph whose only text is `marker` becomes a picture (an inline drawing of the PNG `bytes`, with Word's
 * alt text `alt`), as Word saves a picture pasted into a document.
 */
export async function withPicture(
	docx: Uint8Array,
	marker: string,
	bytes: Uint8Array,
	alt?: string
): Promise<Uint8Array> {
	const zip = await JSZip.loadAsync(docx);
	const id = `rIdPic${Object.keys(zip.files).filter((n) => n.startsWith('word/media/')).length + 1}`;
	const descr = alt === undefined ? '' : ` descr="${escapeXml(alt)}"`;
	const drawing = `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:docPr id="1" name="Ảnh"${descr}/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="${id}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
	const xml = await zip.file('word/document.xml')!.async('string');
	zip.file(
		'word/document.xml',
		xml.replace(`<w:r><w:t xml:space="preserve">${escapeXml(marker)}</w:t></w:r>`, drawing)
	);
	const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
	zip.file(
		'word/_rels/document.xml.rels',
		rels.replace(
			'</Relationships>',
			`<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/${id}.png"/></Relationships>`
		)
	);
	zip.file(`word/media/${id}.png`, bytes);
	return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
