/**
 * A .docx as HTML a judge reads inline: mammoth converts it, then a strict allow-list keeps only what mammoth writes
 * for text (paragraphs, headings, emphasis, lists, tables, line breaks), links inside the document, and pictures
 * embedded in the file as data: URLs. Everything else goes: scripts and styles with their content, event handlers,
 * style and class attributes, links and pictures that point outside the document. The output is balanced (every
 * tag it opens it closes), so it cannot break out of the element it is placed in.
 */
import mammoth from 'mammoth';
import { OFFICE_LIMITS, openOffice, repack } from '../files/office';

/** Ids mammoth gives bookmarks and footnotes: prefixed, so they cannot clash with the page's own. */
const ID_PREFIX = 'doc-';

const ID = /^doc-[\w-]{1,100}$/;
const CELL_SPAN = /^\d{1,3}$/;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp|bmp);base64,[A-Za-z0-9+/=\s]+$/;

type AttributeRule = (value: string) => boolean;
const any: AttributeRule = () => true;
const cell = { colspan: (v: string) => CELL_SPAN.test(v), rowspan: (v: string) => CELL_SPAN.test(v) };

const ALLOWED: Record<string, Record<string, AttributeRule>> = {
	p: {},
	h1: {},
	h2: {},
	h3: {},
	h4: {},
	h5: {},
	h6: {},
	strong: {},
	b: {},
	em: {},
	i: {},
	u: {},
	s: {},
	sub: {},
	sup: {},
	br: {},
	ul: {},
	ol: {},
	li: {},
	blockquote: {},
	table: {},
	thead: {},
	tbody: {},
	tr: {},
	td: cell,
	th: cell,
	// only links to a place in the same document (footnotes, bookmarks)
	a: { href: (v) => v.startsWith('#') && ID.test(v.slice(1)), id: (v) => ID.test(v) },
	img: { src: (v) => DATA_IMAGE.test(v), alt: any }
};
const VOID = new Set(['br', 'img']);
/** Dropped with everything inside them. */
const DROPPED_WITH_CONTENT = new Set([
	'script',
	'style',
	'iframe',
	'object',
	'embed',
	'template',
	'noscript',
	'noembed',
	'noframes',
	'xmp',
	'textarea',
	'title',
	'svg',
	'math',
	'head'
]);

const TOKEN =
	/<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?]([^>]*)>?|<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?\s*>|</g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const escapeAttribute = (v: string) =>
	v
		.replace(/&(?![a-zA-Z]+;|#\d+;|#x[\da-fA-F]+;)/g, '&amp;')
		.replace(/"/g, '&quot;')
		.replace(/</g, '&lt;');
const escapeText = (v: string) => v.replace(/</g, '&lt;').replace(/>/g, '&gt;');

function keptAttributes(tag: string, raw: string): string {
	const rules = ALLOWED[tag];
	let out = '';
	for (const m of raw.matchAll(ATTRIBUTE)) {
		const name = m[1].toLowerCase();
		const value = m[2] ?? m[3] ?? m[4] ?? '';
		const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
		if (rule && rule(value)) out += ` ${name}="${escapeAttribute(value)}"`;
	}
	return out;
}

/** HTML reduced to the allow-list above, balanced. Text is kept as it is (Vietnamese included). */
export function sanitizeDocHtml(html: string): string {
	let out = '';
	const open: string[] = [];
	let at = 0;
	TOKEN.lastIndex = 0;
	for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
		out += escapeText(html.slice(at, m.index));
		at = TOKEN.lastIndex;
		const name = m[3]?.toLowerCase();
		if (m[0] === '<') {
			out += '&lt;';
			continue;
		}
		if (!name) continue; // comments, CDATA, doctypes
		const closing = m[2] === '/';
		if (!closing && DROPPED_WITH_CONTENT.has(name)) {
			const end = new RegExp(`</${name}\\s*>`, 'gi');
			end.lastIndex = at;
			const found = end.exec(html);
			at = found ? end.lastIndex : html.length;
			TOKEN.lastIndex = at;
			continue;
		}
		if (!Object.hasOwn(ALLOWED, name)) continue;
		if (closing) {
			const depth = open.lastIndexOf(name);
			if (depth < 0) continue;
			while (open.length > depth) out += `</${open.pop()}>`;
			continue;
		}
		out += `<${name}${keptAttributes(name, m[4] ?? '')}>`;
		if (!VOID.has(name)) open.push(name);
	}
	out += escapeText(html.slice(at));
	while (open.length > 0) out += `</${open.pop()}>`;
	return out;
}

/**
 * The sanitized HTML of a .docx (the judge's cleaned copy), or null when it cannot be opened within the essay
 * limits or mammoth cannot read it.
 */
export async function docxToHtml(bytes: Uint8Array): Promise<string | null> {
	const opened = openOffice(bytes, OFFICE_LIMITS.essayDocx);
	if (!opened.ok || !opened.file.part('word/document.xml')) return null;
	try {
		const { value } = await mammoth.convertToHtml(
			{ buffer: repack(opened.file) },
			{ idPrefix: ID_PREFIX, ignoreEmptyParagraphs: true }
		);
		return sanitizeDocHtml(value);
	} catch {
		return null;
	}
}
