import mammoth from 'mammoth';
import { type FileStore, readWhole } from '../../files/store';
import { pdfText } from '../pdf-text';

/** What an entry's text is typeset from: headings and paragraphs, in order. */
export type Block = { kind: 'heading' | 'paragraph'; text: string };

const tidy = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** A typed text: a blank line or a line break starts a paragraph (authors type one paragraph per line). */
export function textBlocks(text: string): Block[] {
	return text
		.split(/\r?\n/)
		.map(tidy)
		.filter((t) => t.length > 0)
		.map((text) => ({ kind: 'paragraph', text }));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function htmlText(html: string): string {
	return tidy(
		html
			.replace(/<br\s*\/?>/gi, ' ')
			.replace(/<[^>]*>/g, '')
			.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
				if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
				const code =
					name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
				return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
			})
	);
}

/**
 * A .docx through mammoth's HTML: its headings (Heading 1–6 styles, and a title style) stay headings, its
 * paragraphs and list items paragraphs. Tables are read cell by cell as paragraphs; images are dropped.
 */
export async function docxBlocks(bytes: Uint8Array): Promise<Block[]> {
	const { value: html } = await mammoth.convertToHtml(
		{ buffer: Buffer.from(bytes) },
		{ styleMap: ["p[style-name='Title'] => h1:fresh"] }
	);
	const blocks: Block[] = [];
	for (const match of html.matchAll(/<(h[1-6]|p|li)\b[^>]*>([\s\S]*?)<\/\1>/gi)) {
		const text = htmlText(match[2]);
		if (text) blocks.push({ kind: match[1][0].toLowerCase() === 'h' ? 'heading' : 'paragraph', text });
	}
	return blocks;
}

/**
 * A PDF's text comes as lines as they were laid out. Lines are joined back into paragraphs: a paragraph ends at a
 * blank line, or at a line that ends a sentence and stops well short of the full measure (the last line of a
 * paragraph).
 */
export function pdfParagraphs(text: string): Block[] {
	const lines = text.split(/\r?\n/).map(tidy);
	const lengths = lines
		.filter((l) => l.length > 0)
		.map((l) => l.length)
		.sort((a, b) => a - b);
	const full = lengths.length > 0 ? lengths[Math.floor(lengths.length * 0.9)] : 0;
	const blocks: Block[] = [];
	let current: string[] = [];
	const end = () => {
		if (current.length > 0) blocks.push({ kind: 'paragraph', text: current.join(' ') });
		current = [];
	};
	for (const line of lines) {
		if (!line) {
			end();
			continue;
		}
		current.push(line);
		if (/[.!?:…»"”)]$/.test(line) && line.length < full * 0.85) end();
	}
	end();
	return blocks;
}

/** A PDF's text as its fonts read it; a scanned PDF has none, and the anthology says so on the entry's page. */
export async function pdfBlocks(bytes: Uint8Array): Promise<Block[]> {
	return pdfParagraphs(await pdfText(bytes));
}

/**
 * The blocks of an entry version: its typed text, then the text of its file. A file that cannot be read adds
 * nothing (the organizer's page names the entries left with no text).
 */
export async function entryBlocks(
	files: FileStore | null,
	v: { body: string; fileSha256: string | null; fileKind: string | null }
): Promise<Block[]> {
	const typed = textBlocks(v.body);
	if (!v.fileSha256 || !files) return typed;
	const bytes = await readWhole(files, v.fileSha256);
	if (!bytes) return typed;
	try {
		if (v.fileKind === 'docx') return [...typed, ...(await docxBlocks(bytes))];
		if (v.fileKind === 'pdf') return [...typed, ...(await pdfBlocks(bytes))];
	} catch {
		// an unreadable file is reported as an entry without text, never a failed book
	}
	return typed;
}
