/**
 * The text of a PDF, enough to count its words: every page's content stream (and the form XObjects it draws)
 * is read for its text operators, and each string is decoded through its font — the ToUnicode map when the font
 * has one (Word, LibreOffice and most tools write one for Vietnamese), else the font's one-byte encoding.
 * Layout is approximated: a new text line, a text block's end or a wide TJ gap becomes a space. A PDF whose fonts
 * cannot be decoded (a scan, or glyph ids with no map) yields no text; the caller decides what that means.
 *
 * Bounded: decompressed content is capped (MAX_CONTENT_BYTES in total, zlib's maxOutputLength while inflating),
 * and form XObjects nest at most MAX_FORM_DEPTH deep.
 */
import { inflateSync } from 'node:zlib';
import {
	decodePDFRawStream,
	PDFArray,
	PDFDict,
	PDFDocument,
	PDFName,
	PDFRawStream,
	PDFRef,
	PDFStream
} from 'pdf-lib';
import type { PDFObject } from 'pdf-lib';

const MAX_CONTENT_BYTES = 64 * 1024 * 1024;
const MAX_FORM_DEPTH = 5;
/** a TJ displacement below this (thousandths of an em) reads as a space between words */
const TJ_SPACE = -180;

type Budget = { left: number };

function decodeStream(stream: PDFStream, budget: Budget): Uint8Array {
	if (!(stream instanceof PDFRawStream)) return new Uint8Array(stream.getContents());
	const filter = stream.dict.get(PDFName.of('Filter'));
	const onlyFlate =
		(filter instanceof PDFName && filter.asString() === '/FlateDecode') ||
		(filter instanceof PDFArray && filter.size() === 1 && String(filter.get(0)) === '/FlateDecode');
	let out: Uint8Array;
	if (filter === undefined) out = stream.contents;
	else if (onlyFlate && !stream.dict.get(PDFName.of('DecodeParms')))
		out = inflateSync(stream.contents, { maxOutputLength: Math.max(1, budget.left) });
	else out = decodePDFRawStream(stream).decode();
	budget.left -= out.length;
	if (budget.left < 0) throw new Error('pdfText: content too large');
	return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Fonts

type Decoder = (bytes: Uint8Array) => string;

function hexBytes(hex: string): number[] {
	const clean = hex.replace(/[^0-9a-fA-F]/g, '');
	const even = clean.length % 2 ? clean + '0' : clean;
	const out: number[] = [];
	for (let i = 0; i < even.length; i += 2) out.push(parseInt(even.slice(i, i + 2), 16));
	return out;
}

function utf16Hex(hex: string): string {
	const b = hexBytes(hex);
	let s = '';
	for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i] << 8) | b[i + 1]);
	return s;
}

function codeOf(bytes: number[]): number {
	return bytes.reduce((n, b) => n * 256 + b, 0);
}

/** A ToUnicode CMap: code length from its codespace, then bfchar and bfrange entries. */
function toUnicodeDecoder(cmap: string, fallbackLength: number): Decoder {
	const map = new Map<number, string>();
	const space = /begincodespacerange([\s\S]*?)endcodespacerange/.exec(cmap);
	const firstCode = space ? /<([0-9a-fA-F\s]+)>/.exec(space[1]) : null;
	const length = firstCode ? Math.max(1, hexBytes(firstCode[1]).length) : fallbackLength;
	for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
		for (const m of block[1].matchAll(/<([0-9a-fA-F\s]*)>\s*<([0-9a-fA-F\s]*)>/g))
			map.set(codeOf(hexBytes(m[1])), utf16Hex(m[2]));
	}
	for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
		for (const m of block[1].matchAll(
			/<([0-9a-fA-F\s]*)>\s*<([0-9a-fA-F\s]*)>\s*(<[0-9a-fA-F\s]*>|\[[^\]]*\])/g
		)) {
			const lo = codeOf(hexBytes(m[1]));
			const hi = Math.min(codeOf(hexBytes(m[2])), lo + 65535);
			if (m[3].startsWith('[')) {
				const targets = [...m[3].matchAll(/<([0-9a-fA-F\s]*)>/g)].map((t) => utf16Hex(t[1]));
				targets.forEach((t, i) => lo + i <= hi && map.set(lo + i, t));
			} else {
				const start = utf16Hex(m[3].slice(1, -1));
				const last = start.charCodeAt(start.length - 1);
				for (let c = lo; c <= hi; c++) map.set(c, start.slice(0, -1) + String.fromCharCode(last + (c - lo)));
			}
		}
	}
	return (bytes) => {
		let s = '';
		for (let i = 0; i + length <= bytes.length; i += length)
			s += map.get(codeOf([...bytes.subarray(i, i + length)])) ?? '';
		return s;
	};
}

/** Glyph names of a /Differences array that spell a character: 'uni1EA1', 'a', 'space'. */
function glyphChar(name: string): string | undefined {
	if (/^uni[0-9A-Fa-f]{4}$/.test(name)) return String.fromCharCode(parseInt(name.slice(3), 16));
	if (name === 'space') return ' ';
	if (/^[A-Za-z0-9]$/.test(name)) return name;
	return undefined;
}

function fontDecoder(doc: PDFDocument, font: PDFDict, budget: Budget): Decoder | null {
	const lookup = (o: PDFObject | undefined) => (o instanceof PDFRef ? doc.context.lookup(o) : o);
	const subtype = String(font.get(PDFName.of('Subtype')));
	const toUnicode = lookup(font.get(PDFName.of('ToUnicode')));
	const twoByte = subtype === '/Type0';
	if (toUnicode instanceof PDFStream) {
		const text = Buffer.from(decodeStream(toUnicode, budget)).toString('latin1');
		return toUnicodeDecoder(text, twoByte ? 2 : 1);
	}
	if (twoByte) return null;
	// a simple font without a map: its one-byte encoding, read as Windows-1252 (WinAnsi), with /Differences
	const differences = new Map<number, string>();
	const encoding = lookup(font.get(PDFName.of('Encoding')));
	if (encoding instanceof PDFDict) {
		const diffs = lookup(encoding.get(PDFName.of('Differences')));
		if (diffs instanceof PDFArray) {
			let code = 0;
			for (const item of diffs.asArray()) {
				const s = String(item);
				if (/^\d+$/.test(s)) code = Number(s);
				else if (s.startsWith('/')) {
					const c = glyphChar(s.slice(1));
					if (c !== undefined) differences.set(code, c);
					code++;
				}
			}
		}
	}
	const cp1252 = new TextDecoder('windows-1252');
	return (bytes) => [...bytes].map((b) => differences.get(b) ?? cp1252.decode(Uint8Array.of(b))).join('');
}

// ---------------------------------------------------------------------------------------------------------------
// Content streams

type Token =
	| { t: 'op'; v: string }
	| { t: 'num'; v: number }
	| { t: 'name'; v: string }
	| { t: 'str'; v: Uint8Array }
	| { t: 'arr'; v: Token[] }
	| { t: 'other' };

const WHITE = new Set([0, 9, 10, 12, 13, 32]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

/** Tokens of a content stream; inline images (BI … ID … EI) are skipped whole. */
function* tokens(b: Uint8Array): Generator<Token> {
	let i = 0;
	const stack: Token[][] = [];
	const emit = function* (tok: Token): Generator<Token> {
		if (stack.length > 0) stack[stack.length - 1].push(tok);
		else yield tok;
	};
	while (i < b.length) {
		const c = b[i];
		if (WHITE.has(c)) {
			i++;
		} else if (c === 0x25) {
			while (i < b.length && b[i] !== 10 && b[i] !== 13) i++;
		} else if (c === 0x28) {
			const out: number[] = [];
			let depth = 1;
			i++;
			while (i < b.length && depth > 0) {
				const d = b[i++];
				if (d === 0x5c) {
					const e = b[i++];
					const esc: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
					if (e >= 0x30 && e <= 0x37) {
						let oct = e - 0x30;
						for (let k = 0; k < 2 && b[i] >= 0x30 && b[i] <= 0x37; k++) oct = oct * 8 + (b[i++] - 0x30);
						out.push(oct & 0xff);
					} else if (e === 10 || e === 13) {
						if (e === 13 && b[i] === 10) i++;
					} else out.push(esc[e] ?? e);
				} else if (d === 0x28) {
					depth++;
					out.push(d);
				} else if (d === 0x29) {
					depth--;
					if (depth > 0) out.push(d);
				} else out.push(d);
			}
			yield* emit({ t: 'str', v: Uint8Array.from(out) });
		} else if (c === 0x3c && b[i + 1] === 0x3c) {
			// an inline dictionary (marked content properties): skip to its end
			let depth = 0;
			while (i < b.length) {
				if (b[i] === 0x3c && b[i + 1] === 0x3c) {
					depth++;
					i += 2;
				} else if (b[i] === 0x3e && b[i + 1] === 0x3e) {
					depth--;
					i += 2;
					if (depth === 0) break;
				} else i++;
			}
			yield* emit({ t: 'other' });
		} else if (c === 0x3c) {
			const end = b.indexOf(0x3e, i);
			const stop = end < 0 ? b.length : end;
			yield* emit({
				t: 'str',
				v: Uint8Array.from(hexBytes(Buffer.from(b.subarray(i + 1, stop)).toString('latin1')))
			});
			i = stop + 1;
		} else if (c === 0x5b) {
			stack.push([]);
			i++;
		} else if (c === 0x5d) {
			const arr = stack.pop() ?? [];
			i++;
			yield* emit({ t: 'arr', v: arr });
		} else {
			const start = i;
			if (c === 0x2f) i++;
			while (i < b.length && !WHITE.has(b[i]) && !DELIM.has(b[i])) i++;
			if (i === start) {
				i++;
				continue;
			}
			const word = Buffer.from(b.subarray(start, i)).toString('latin1');
			if (word.startsWith('/')) yield* emit({ t: 'name', v: word.slice(1) });
			else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) yield* emit({ t: 'num', v: Number(word) });
			else if (word === 'BI') {
				// inline image: its data runs from ID to a whitespace-delimited EI
				const id = Buffer.from(b).indexOf('ID', i, 'latin1');
				let j = id < 0 ? b.length : id + 3;
				while (
					j < b.length &&
					!(
						WHITE.has(b[j - 1]) &&
						b[j] === 0x45 &&
						b[j + 1] === 0x49 &&
						(j + 2 >= b.length || WHITE.has(b[j + 2]))
					)
				)
					j++;
				i = j + 2;
				stack.length = 0;
			} else yield* emit({ t: 'op', v: word });
		}
	}
}

type Resources = { fonts: Map<string, Decoder | null>; dict: PDFDict | undefined };

function resourcesOf(doc: PDFDocument, dict: PDFDict | undefined): Resources {
	return { fonts: new Map(), dict };
}

function readContent(
	doc: PDFDocument,
	bytes: Uint8Array,
	res: Resources,
	budget: Budget,
	depth: number,
	out: string[]
) {
	const lookup = (o: PDFObject | undefined) => (o instanceof PDFRef ? doc.context.lookup(o) : o);
	const sub = (key: string) => {
		const d = lookup(res.dict?.get(PDFName.of(key)));
		return d instanceof PDFDict ? d : undefined;
	};
	let font: Decoder | null = null;
	const operands: Token[] = [];
	const show = (s: Token | undefined) => {
		if (s?.t === 'str' && font) out.push(font(s.v));
	};
	for (const tok of tokens(bytes)) {
		if (tok.t !== 'op') {
			operands.push(tok);
			continue;
		}
		switch (tok.v) {
			case 'Tf': {
				const name = operands.find((o) => o.t === 'name');
				const key = name?.t === 'name' ? name.v : '';
				if (!res.fonts.has(key)) {
					const f = lookup(sub('Font')?.get(PDFName.of(key)));
					res.fonts.set(key, f instanceof PDFDict ? fontDecoder(doc, f, budget) : null);
				}
				font = res.fonts.get(key) ?? null;
				break;
			}
			case 'Tj':
				show(operands.at(-1));
				break;
			case "'":
			case '"':
				out.push('\n');
				show(operands.at(-1));
				break;
			case 'TJ': {
				const arr = operands.at(-1);
				if (arr?.t === 'arr')
					for (const item of arr.v) {
						if (item.t === 'num' && item.v < TJ_SPACE) out.push(' ');
						else show(item);
					}
				break;
			}
			case 'Td':
			case 'TD':
			case 'T*':
			case 'Tm':
			case 'ET':
				out.push('\n');
				break;
			case 'Do': {
				const name = operands.at(-1);
				if (depth >= MAX_FORM_DEPTH || name?.t !== 'name') break;
				const xobject = lookup(sub('XObject')?.get(PDFName.of(name.v)));
				if (xobject instanceof PDFStream && String(xobject.dict.get(PDFName.of('Subtype'))) === '/Form') {
					const own = lookup(xobject.dict.get(PDFName.of('Resources')));
					const inner = own instanceof PDFDict ? resourcesOf(doc, own) : res;
					readContent(doc, decodeStream(xobject, budget), inner, budget, depth + 1, out);
					out.push('\n');
				}
				break;
			}
		}
		operands.length = 0;
	}
}

/** The text of every page, pages and lines separated by newlines. Throws on a PDF pdf-lib cannot read. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
	const doc = await PDFDocument.load(bytes, { updateMetadata: false });
	const budget: Budget = { left: MAX_CONTENT_BYTES };
	const out: string[] = [];
	for (const page of doc.getPages()) {
		const node = page.node;
		const contents = node.Contents();
		const streams: PDFStream[] = [];
		if (contents instanceof PDFStream) streams.push(contents);
		else if (contents instanceof PDFArray)
			for (const ref of contents.asArray()) {
				const s = ref instanceof PDFRef ? doc.context.lookup(ref) : ref;
				if (s instanceof PDFStream) streams.push(s);
			}
		const joined = Buffer.concat(
			streams.flatMap((s) => [Buffer.from(decodeStream(s, budget)), Buffer.from('\n')])
		);
		readContent(doc, joined, resourcesOf(doc, node.Resources()), budget, 0, out);
		out.push('\n');
	}
	return out.join('').normalize('NFC');
}
