/**
 * Certificates as PDF (pdf-lib + fontkit): A4 landscape, one page per certificate. The fonts are embedded once per
 * document and subset to the glyphs used, so a 500-page file stays small; the QR code is drawn as vector squares.
 */
import fontkit from '@pdf-lib/fontkit';
import {
	PDFDocument,
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
import { m } from '$lib/paraglide/messages';
import { TIME_ZONE } from '$lib/format';
import { formatCertificateCode } from './codes';
import { certificateFonts } from './fonts';
import type { CertificateText } from './queries';

const VI = { locale: 'vi' } as const;
const WIDTH = 841.89;
const HEIGHT = 595.28;
const RED = rgb(0.62, 0.07, 0.07);
const INK = rgb(0.1, 0.1, 0.12);
const GOLD = rgb(0.72, 0.55, 0.2);

export type PrintOptions = {
	/** the site's public address: the QR code opens `${origin}/verify/${code}` */
	origin: string;
	/** printed before the date ("Hà Nội, ngày …"); none: "Ngày …" */
	place?: string;
};

export function verificationUrl(origin: string, code: string) {
	return `${origin.replace(/\/+$/, '')}/verify/${code}`;
}

/** "Ngày 21 tháng 11 năm 2026" in Vietnam's calendar day. */
export function vietnameseDate(at: Date, place?: string) {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: TIME_ZONE,
			day: 'numeric',
			month: 'numeric',
			year: 'numeric'
		})
			.formatToParts(at)
			.map((p) => [p.type, p.value])
	);
	const date = { day: parts.day, month: parts.month, year: parts.year };
	return place ? m.cert_pdf_date_place({ place, ...date }, VI) : m.cert_pdf_date(date, VI);
}

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

type TextStyle = {
	font: PDFFont;
	size: number;
	/** shrink down to this size before wrapping */
	minSize?: number;
	y: number;
	cx?: number;
	maxWidth?: number;
	color?: ReturnType<typeof rgb>;
	maxLines?: number;
};

/** Draws text centred on `cx`, shrinking it (down to `minSize`) and then wrapping it to fit; returns the next y. */
function centred(page: PDFPage, text: string, style: TextStyle): number {
	const { font, y, cx = WIDTH / 2, maxWidth = WIDTH - 200, color = INK, maxLines = 2 } = style;
	// layout through fontkit is the slow part of a page: measure at size 1 once and scale
	const unitWidth = font.widthOfTextAtSize(text, 1);
	const size = Math.max(style.minSize ?? style.size, Math.min(style.size, Math.floor(maxWidth / unitWidth)));
	const lines = unitWidth * size <= maxWidth ? [text] : wrap(text, font, size, maxWidth).slice(0, maxLines);
	let cursor = y;
	for (const line of lines) {
		const width = lines.length === 1 ? unitWidth * size : font.widthOfTextAtSize(line, size);
		page.drawText(line, { x: cx - width / 2, y: cursor, size, font, color });
		cursor -= size * 1.3;
	}
	return cursor;
}

/** The QR code's dark modules as one filled path of horizontal runs (one drawRectangle each is 10× slower). */
function drawQr(page: PDFPage, text: string, x: number, y: number, size: number) {
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

function drawCertificate(
	page: PDFPage,
	c: CertificateText,
	fonts: { regular: PDFFont; bold: PDFFont },
	options: PrintOptions
) {
	const { regular, bold } = fonts;
	page.drawRectangle({
		x: 18,
		y: 18,
		width: WIDTH - 36,
		height: HEIGHT - 36,
		borderColor: RED,
		borderWidth: 4
	});
	page.drawRectangle({
		x: 28,
		y: 28,
		width: WIDTH - 56,
		height: HEIGHT - 56,
		borderColor: GOLD,
		borderWidth: 1.2
	});

	let y = centred(page, c.issuerName.toLocaleUpperCase('vi'), {
		font: bold,
		size: 15,
		minSize: 10,
		y: HEIGHT - 78
	});
	page.drawLine({
		start: { x: WIDTH / 2 - 60, y: y + 6 },
		end: { x: WIDTH / 2 + 60, y: y + 6 },
		thickness: 0.8,
		color: INK
	});
	y = Math.min(y - 28, HEIGHT - 150);
	centred(page, m.cert_pdf_title({}, VI), { font: bold, size: 38, y, color: RED, maxLines: 1 });
	y -= 44;
	centred(page, m.cert_pdf_certifies({}, VI), { font: regular, size: 15, y });
	y -= 44;
	y = centred(page, c.fullName, { font: bold, size: 30, minSize: 18, y, color: RED, maxLines: 1 });
	y = centred(page, m.cert_pdf_unit({ unit: c.unitName }, VI), {
		font: regular,
		size: 14,
		minSize: 10,
		y: y + 8
	});
	y -= 22;
	const award = c.kind === 'participation' ? c.awardText : m.cert_pdf_award({ award: c.awardText }, VI);
	y = centred(page, award, { font: bold, size: 20, minSize: 14, y, maxLines: 2 });
	y = centred(page, c.contestTitle, { font: bold, size: 16, minSize: 12, y: y - 8, maxLines: 2 });
	if (c.detail) {
		const detail =
			c.kind === 'essay_award'
				? m.cert_pdf_entry({ title: c.detail }, VI)
				: m.cert_pdf_round({ round: c.detail }, VI);
		centred(page, detail, { font: regular, size: 13, minSize: 10, y: y - 2, maxLines: 2 });
	}

	const signX = WIDTH - 210;
	centred(page, vietnameseDate(c.issuedAt, options.place), {
		font: regular,
		size: 13,
		y: 130,
		cx: signX,
		maxWidth: 320,
		maxLines: 1
	});
	centred(page, m.cert_pdf_organizer({}, VI), {
		font: bold,
		size: 14,
		y: 110,
		cx: signX,
		maxWidth: 320,
		maxLines: 1
	});

	const url = verificationUrl(options.origin, c.code);
	drawQr(page, url, 56, 56, 86);
	page.drawText(m.cert_pdf_code({ code: formatCertificateCode(c.code) }, VI), {
		x: 152,
		y: 112,
		size: 11,
		font: bold,
		color: INK
	});
	page.drawText(m.cert_pdf_verify_at({ url }, VI), { x: 152, y: 95, size: 8.5, font: regular, color: INK });
}

/**
 * Text layout through fontkit costs about a millisecond per call; a bulk PDF repeats most strings (the title, the
 * contest, the date), so each document remembers the encoding and width of every string it has laid out.
 */
function remembering(font: PDFFont): PDFFont {
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

/** Kerning and ligatures off: Vietnamese text is NFC (precomposed letters) and layout is twice as fast without. */
const FEATURES = { kern: false, liga: false, clig: false, calt: false };

/** 60–90 ms of drawing (3–4.6 ms a page, docs/CERTIFICATES.md) between two turns of the event loop. */
const PAGES_BETWEEN_YIELDS = 20;

/** One PDF with a page per certificate, in the order given. */
export async function renderCertificates(
	list: CertificateText[],
	options: PrintOptions
): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	doc.setTitle(list.length === 1 ? `${m.cert_pdf_title({}, VI)} ${list[0].code}` : m.cert_pdf_title({}, VI));
	doc.setCreator(m.app_name({}, VI));
	const bytes = certificateFonts();
	const fonts = {
		regular: remembering(await doc.embedFont(bytes.regular, { subset: true, features: FEATURES })),
		bold: remembering(await doc.embedFont(bytes.bold, { subset: true, features: FEATURES }))
	};
	for (const [i, c] of list.entries()) {
		drawCertificate(doc.addPage([WIDTH, HEIGHT]), c, fonts, options);
		// a bulk print (hundreds of pages, seconds of work) lets other requests in between: quiz starts are refused
		// while the event loop lags, and answer saves would wait behind it
		if (i % PAGES_BETWEEN_YIELDS === PAGES_BETWEEN_YIELDS - 1) await new Promise((r) => setImmediate(r));
	}
	return doc.save();
}
