/**
 * A small well-formedness check for the XML parts of Office files, run before any XML parser sees them. It refuses
 * a DOCTYPE outright (the way to entity expansion — "billion laughs" — and external entities, XXE): Office never
 * writes one. Otherwise it checks what a parser would choke on or expand: tags nest and close, attributes are quoted,
 * one root element, and `&` starts only the five predefined or a numeric reference. It does not validate names or
 * namespaces. Linear in the text: one sticky regular expression, no backtracking across tokens.
 */

export type XmlProblem = 'doctype' | 'malformed';

const TOKEN =
	/([^<]+)|(<!--[\s\S]*?-->|<\?[\s\S]*?\?>)|(<!\[CDATA\[[\s\S]*?\]\]>)|(<!DOCTYPE)|<\/([^\s<>/]+)\s*>|<([^\s<>/!?="']+)((?:\s+[^\s<>/="']+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const BAD_REFERENCE = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/;

/** Null when the text is well-formed XML without a DOCTYPE. */
export function checkXml(xml: string): XmlProblem | null {
	const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
	const open: string[] = [];
	let roots = 0;
	TOKEN.lastIndex = 0;
	while (TOKEN.lastIndex < text.length) {
		const m = TOKEN.exec(text);
		if (!m) return text.startsWith('<!DOCTYPE', TOKEN.lastIndex) ? 'doctype' : 'malformed';
		const [, chars, , cdata, doctype, closing, opening, attributes, selfClosing] = m;
		if (doctype) return 'doctype';
		if (chars !== undefined) {
			if (open.length === 0 && chars.trim() !== '') return 'malformed';
			if (BAD_REFERENCE.test(chars)) return 'malformed';
		} else if (cdata !== undefined) {
			if (open.length === 0) return 'malformed';
		} else if (closing !== undefined) {
			if (open.pop() !== closing) return 'malformed';
		} else if (opening !== undefined) {
			if (open.length === 0 && ++roots > 1) return 'malformed';
			if (attributes && BAD_REFERENCE.test(attributes)) return 'malformed';
			if (!selfClosing) open.push(opening);
		}
	}
	return open.length === 0 && roots === 1 ? null : 'malformed';
}

/**
 * An XML part's bytes as text: UTF-8, or UTF-16 told by its byte-order mark or its first character. Null when the
 * bytes are not valid in that encoding.
 */
export function xmlText(bytes: Uint8Array): string | null {
	const [a, b] = bytes;
	const encoding =
		(a === 0xff && b === 0xfe) || (a === 0x3c && b === 0x00)
			? 'utf-16le'
			: (a === 0xfe && b === 0xff) || (a === 0x00 && b === 0x3c)
				? 'utf-16be'
				: 'utf-8';
	try {
		return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		return null;
	}
}
