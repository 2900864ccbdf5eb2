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
