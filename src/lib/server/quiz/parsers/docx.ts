// Word .docx → lines, through mammoth. Its HTML (not its raw text) is read because the raw text drops soft line
// breaks (Shift+Enter between options) and bold/underline, which many banks use to mark the answer.
import mammoth from 'mammoth';
import { type OfficeFile, repack } from '../../files/office';
import { IMAGE_MARK } from './draft';
import type { SourceLine } from './lines';

const BLOCKS = new Set([
	'p',
	'h1',
	'h2',
	'h3',
	'h4',
	'h5',
	'h6',
	'li',
	'ol',
	'ul',
	'table',
	'tr',
	'td',
	'th',
	'blockquote',
	'pre'
]);
const TOKEN = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>|([^<]+)/g;
const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos|nbsp);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
	return text.replace(ENTITY, (_, name: string) => {
		if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
		if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
		return NAMED[name];
	});
}

/**
 * mammoth's HTML as lines: a paragraph, heading, list item or table cell is a line, so is each part of a paragraph
 * split by a soft break. Text is NFC (Word often stores Vietnamese decomposed); pictures leave IMAGE_MARK.
 */
export function htmlToLines(html: string): SourceLine[] {
	const lines: SourceLine[] = [];
	const blocks: string[] = [];
	let text = '';
	let emphasis: boolean[] = [];
	let bold = 0;
	let underline = 0;
	const flush = () => {
		if (text.trim() !== '')
			lines.push({ text, emphasis, line: lines.length + 1, listItem: blocks.at(-1) === 'li' });
		text = '';
		emphasis = [];
	};
	for (const [, closing, rawName, selfClosing, chunk] of html.matchAll(TOKEN)) {
		if (chunk !== undefined) {
			const piece = decodeEntities(chunk).normalize('NFC');
			text += piece;
			for (let i = 0; i < piece.length; i++) emphasis.push(bold > 0 || underline > 0);
			continue;
		}
		const name = rawName.toLowerCase();
		const delta = closing ? -1 : 1;
		if (name === 'br') flush();
		else if (name === 'img') {
			text += IMAGE_MARK;
			emphasis.push(false);
		} else if (name === 'strong' || name === 'b') bold = Math.max(0, bold + delta);
		else if (name === 'u') underline = Math.max(0, underline + delta);
		else if (BLOCKS.has(name)) {
			flush();
			if (closing) blocks.pop();
			else if (!selfClosing) blocks.push(name);
		}
	}
	flush();
	return lines;
}

/**
 * The lines of a .docx opened by files/office.ts (mammoth never sees bytes whose limits were not checked), or null
 * when mammoth cannot read it (a damaged file, a zip that is not Word).
 */
export async function readDocxLines(file: OfficeFile): Promise<SourceLine[] | null> {
	try {
		const result = await mammoth.convertToHtml(
			{ buffer: repack(file) },
			{
				styleMap: ['u => u'],
				// pictures are not imported: leave a mark instead of megabytes of base64
				convertImage: mammoth.images.imgElement(async () => ({ src: '' }))
			}
		);
		return htmlToLines(result.value);
	} catch {
		return null;
	}
}
