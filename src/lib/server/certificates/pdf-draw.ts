/** Drawing helpers of the certificate PDF: centred, shrinking and wrapping text, lines, the QR code. */
import {
	type PDFFont,
	type PDFPage,
	fill,
	popGraphicsState,
	pushGraphicsState,
	rectangle,
	rgb,
	setFillingRgbColor
} from 'pdf-lib';
import QRCode from 'qrcode';

export const INK = rgb(0.1, 0.1, 0.12);
export const RED = rgb(0.72, 0.08, 0.08);

/** Splits text into lines no wider than `maxWidth` (widths at size 1: text width is linear in the size). */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
	const space = font.widthOfTextAtSize(' ', 1);
	const lines: string[] = [];
	let line = '';
	let width = 0;
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const w = font.widthOfTextAtSize(word, 1);
		if (line && (width + space + w) * size > maxWidth) {
			lines.push(line);
			line = word;
			width = w;
		} else {
			line = line ? `${line} ${word}` : word;
			width = line === word ? w : width + space + w;
		}
	}
	if (line) lines.push(line);
	return lines;
}

export type TextStyle = {
	font: PDFFont;
	size: number;
	/** shrink down to this size before wrapping */
	minSize?: number;
	y: number;
	cx: number;
	maxWidth: number;
	color?: ReturnType<typeof rgb>;
	maxLines?: number;
	/** distance between baselines, as a multiple of the size */
	leading?: number;
};

/**
 * Draws text centred on `cx`, shrinking it (down to `minSize`) and then wrapping it to fit. Returns the next
 * baseline and the widest line's width (to draw a rule under it).
 */
export function centred(page: PDFPage, text: string, style: TextStyle): { y: number; width: number } {
	const { font, y, cx, maxWidth, color = INK, maxLines = 2, leading = 1.3 } = style;
	// layout through fontkit is the slow part of a page: measure at size 1 once and scale
	const unitWidth = font.widthOfTextAtSize(text, 1);
	const size = Math.max(style.minSize ?? style.size, Math.min(style.size, maxWidth / unitWidth));
	const lines = unitWidth * size <= maxWidth ? [text] : wrap(text, font, size, maxWidth).slice(0, maxLines);
	let cursor = y;
	let widest = 0;
	for (const line of lines) {
		const width = lines.length === 1 ? unitWidth * size : font.widthOfTextAtSize(line, size);
		widest = Math.max(widest, width);
		page.drawText(line, { x: cx - width / 2, y: cursor, size, font, color });
		cursor -= size * leading;
	}
	return { y: cursor, width: widest };
}

/** A horizontal rule of `width` centred on `cx`. */
export function rule(page: PDFPage, cx: number, y: number, width: number, thickness = 0.7) {
	page.drawLine({ start: { x: cx - width / 2, y }, end: { x: cx + width / 2, y }, thickness, color: INK });
}

/** The QR code's dark modules as one filled path of horizontal runs (one drawRectangle each is 10× slower). */
export function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const cell = size / n;
	const ops = [pushGraphicsState(), setFillingRgbColor(0.1, 0.1, 0.12)];
	for (let row = 0; row < n; row++) {
		let col = 0;
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < n && qr.modules.get(row, col)) col++;
			ops.push(rectangle(x + start * cell, y + size - (row + 1) * cell, (col - start) * cell, cell + 0.05));
		}
	}
	ops.push(fill(), popGraphicsState());
	page.pushOperators(...ops);
}

/**
 * Text layout through fontkit costs about a millisecond per call; a bulk PDF repeats most strings (the title, the
 * contest, the date), so each document remembers the encoding and width of every string it has laid out.
 */
export function remembering(font: PDFFont): PDFFont {
	const encoded = new Map<string, ReturnType<PDFFont['encodeText']>>();
	const widths = new Map<string, number>();
	const encodeText = font.encodeText.bind(font);
	const widthOfTextAtSize = font.widthOfTextAtSize.bind(font);
	font.encodeText = (text) => {
		let value = encoded.get(text);
		if (!value) encoded.set(text, (value = encodeText(text)));
		return value;
	};
	font.widthOfTextAtSize = (text, size) => {
		let value = widths.get(text);
		if (value === undefined) widths.set(text, (value = widthOfTextAtSize(text, 1)));
		return value * size;
	};
	return font;
}
