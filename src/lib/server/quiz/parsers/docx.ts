// Word .docx → lines, through mammoth. Its HTML (not its raw text) is read because the raw text drops soft line
// breaks (Shift+Enter between options) and bold/underline, which many banks use to mark the answer.
import mammoth from 'mammoth';
import { type OfficeFile, repack } from '../../files/office';
import { IMAGE_MARK, pictureMark } from './draft';
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
	for (const token of html.matchAll(TOKEN)) {
		const [, closing, rawName, selfClosing, chunk] = token;
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
			const tag = token[0];
			const src = decodeEntities(/\bsrc="([^"]*)"/.exec(tag)?.[1] ?? '');
			const alt = decodeEntities(/\balt="([^"]*)"/.exec(tag)?.[1] ?? '').normalize('NFC');
			const mark = src.startsWith(DOCX_PICTURE) ? pictureMark(src, alt) : IMAGE_MARK;
			text += mark;
			for (let i = 0; i < mark.length; i++) emphasis.push(false);
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

/** The key of the n-th picture of a .docx, as its <img src> and in ParsedFile.pictures. */
const DOCX_PICTURE = 'docx-picture-';

/**
 * The lines of a .docx opened by files/office.ts (mammoth never sees bytes whose limits were not checked), and its
 * pictures by key; null when mammoth cannot read it (a damaged file, a zip that is not Word). Each picture is an
 * entry of the checked zip, so the zip's limits bound them; parsers/index.ts checks each one as a picture.
 */
export async function readDocxLines(
	file: OfficeFile
): Promise<{ lines: SourceLine[]; pictures: Map<string, Uint8Array> } | null> {
	const pictures = new Map<string, Uint8Array>();
	try {
		const result = await mammoth.convertToHtml(
			{ buffer: repack(file) },
			{
				styleMap: ['u => u'],
				// the picture's bytes are kept aside, its place and Word's alt text marked: never base64 in the HTML
				convertImage: mammoth.images.imgElement(async (image) => {
					const key = `${DOCX_PICTURE}${pictures.size + 1}`;
					pictures.set(key, new Uint8Array(await image.readAsBuffer()));
					// mammoth adds Word's alt text (the picture's description) as alt
					return { src: key };
				})
			}
		);
		return { lines: htmlToLines(result.value), pictures };
	} catch {
		return null;
	}
}
