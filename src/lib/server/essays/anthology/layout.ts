/**
 * Line breaking and drawing for the anthology. Vietnamese is written in syllables separated by spaces, so a line
 * breaks at a space and never inside a syllable (a syllable longer than the measure — a URL — is cut by letters).
 *
 * Widths are summed from per-letter advances measured once (fontkit's layout costs about a third of a millisecond
 * per call, and a book holds tens of thousands of words); the PDF shows glyphs at their advance widths, so the sum
 * is what the page shows. A justified line is one text operator whose gaps are widened with TJ adjustments: word
 * spacing (Tw) does not apply to the two-byte encoding an embedded TrueType font uses.
 */
import {
	PDFArray,
	PDFHexString,
	PDFNumber,
	PDFOperator,
	PDFOperatorNames,
	type PDFFont,
	type PDFPage,
	beginText,
	endText,
	setFillingRgbColor,
	setFontAndSize,
	setTextMatrix,
	type Color
} from 'pdf-lib';

export class Face {
	private readonly widths = new Map<string, number>();
	readonly space: number;
	private spaceGlyph: string | null = null;

	constructor(readonly font: PDFFont) {
		this.space = this.charWidth(' ');
	}

	private charWidth(ch: string): number {
		let w = this.widths.get(ch);
		if (w === undefined) {
			w = this.font.widthOfTextAtSize(ch, 1);
			this.widths.set(ch, w);
		}
		return w;
	}

	/** The width of a text at size 1. */
	width(text: string): number {
		let w = 0;
		for (const ch of text) w += this.charWidth(ch);
		return w;
	}

	/** The hex code of the space glyph in this font's encoding, where a justified line's gaps are widened. */
	spaceCode(): string {
		this.spaceGlyph ??= this.font.encodeText(' ').asString();
		return this.spaceGlyph;
	}
}

export type Line = { words: string[]; last: boolean; indent: number };

/** Breaks a paragraph into lines of at most `measure` points; the first line is indented by `indent`. */
export function breakLines(text: string, face: Face, size: number, measure: number, indent = 0): Line[] {
	const words = text.split(' ').filter((w) => w.length > 0);
	const lines: Line[] = [];
	let current: string[] = [];
	let width = 0;
	const limit = () => measure - (lines.length === 0 ? indent : 0);
	const push = () => {
		lines.push({ words: current, last: false, indent: lines.length === 0 ? indent : 0 });
		current = [];
		width = 0;
	};
	for (const word of words) {
		let w = face.width(word) * size;
		if (w > limit()) {
			// a syllable wider than the line: cut it by letters
			if (current.length > 0) push();
			let piece = '';
			for (const ch of word) {
				if (face.width(piece + ch) * size > limit() && piece) {
					current = [piece];
					push();
					piece = '';
				}
				piece += ch;
			}
			current = [piece];
			width = face.width(piece) * size;
			continue;
		}
		const gap = current.length > 0 ? face.space * size : 0;
		if (width + gap + w > limit() && current.length > 0) {
			push();
			w = face.width(word) * size;
			current = [word];
			width = w;
		} else {
			current.push(word);
			width += gap + w;
		}
	}
	if (current.length > 0) push();
	if (lines.length > 0) lines[lines.length - 1].last = true;
	return lines;
}

export type Align = 'left' | 'center' | 'right' | 'justify';

/**
 * Draws one line at (x, y) within `measure`: justified lines (but a paragraph's last) stretch their gaps to the
 * measure with TJ adjustments in one text operator.
 */
export function drawLine(
	page: PDFPage,
	face: Face,
	size: number,
	line: { words: string[]; last?: boolean; indent?: number },
	x: number,
	y: number,
	measure: number,
	align: Align,
	color: Color
): void {
	const text = line.words.join(' ');
	if (!text) return;
	const indent = line.indent ?? 0;
	const natural = face.width(text) * size;
	const room = measure - indent;
	let left = x + indent;
	if (align === 'center') left = x + (measure - natural) / 2;
	else if (align === 'right') left = x + measure - natural;
	const hex = face.font.encodeText(text).asString();
	const gaps = line.words.length - 1;
	const stretch = align === 'justify' && !line.last && gaps > 0 ? (room - natural) / gaps : 0;
	const key = page.node.newFontDictionary(face.font.name, face.font.ref);
	const shown: (PDFHexString | PDFNumber)[] = [];
	if (stretch > 0) {
		// cut the glyph run after each space glyph (four hex digits a glyph) and push the rest right
		const space = face.spaceCode();
		let start = 0;
		for (let i = 0; i < hex.length; i += 4)
			if (hex.slice(i, i + 4) === space) {
				shown.push(PDFHexString.of(hex.slice(start, i + 4)), PDFNumber.of(-(stretch / size) * 1000));
				start = i + 4;
			}
		shown.push(PDFHexString.of(hex.slice(start)));
	} else shown.push(PDFHexString.of(hex));
	const array = PDFArray.withContext(page.doc.context);
	for (const s of shown) array.push(s);
	page.pushOperators(
		beginText(),
		setFillingRgbColor(...rgbOf(color)),
		setFontAndSize(key, size),
		setTextMatrix(1, 0, 0, 1, left, y),
		PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [array]),
		endText()
	);
}

function rgbOf(color: Color): [number, number, number] {
	if ('red' in color) return [color.red, color.green, color.blue];
	if ('gray' in color) return [color.gray, color.gray, color.gray];
	return [0, 0, 0];
}
