/**
 * Credential slips as an A4 PDF to print and cut: ten slips a page (two columns, five rows) with dashed cut-lines;
 * each unit starts on a new page, so a subtree's PDF hands out page by page. A slip: the site, the person's name and
 * unit, the phone they sign in with, the initial password in groups of four, and a QR code that opens the sign-in
 * page with the phone filled in. Printed in Vietnamese whatever the organizer's language: the slips are for them.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { formatInitialPassword } from '$lib/initial-password';
import { m } from '$lib/paraglide/messages';
import { formatPhone } from '$lib/phone';
import { certificateFonts } from '../certificates/fonts';
import type { Slip } from './reissue';

const VI = { locale: 'vi' } as const;
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 24;
const COLUMNS = 2;
const ROWS = 5;
const SLIP = { width: (PAGE.width - 2 * MARGIN) / COLUMNS, height: (PAGE.height - 2 * MARGIN) / ROWS };
const PAD = 14;
const QR_SIZE = 78;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);
const FEATURES = { kern: false, liga: false, clig: false, calt: false };

interface Fonts {
	regular: PDFFont;
	bold: PDFFont;
}

/** The sign-in page with the phone filled in: what the QR code opens. */
export function signInLink(origin: string, phone: string): string {
	return `${origin.replace(/\/$/, '')}/login?phone=${encodeURIComponent(phone)}`;
}

export async function renderSlips(
	slips: Slip[],
	options: { origin: string; title: string }
): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	doc.setTitle(options.title);
	doc.setCreator(m.app_name({}, VI));
	const bytes = certificateFonts();
	const fonts = {
		regular: await doc.embedFont(bytes.regular, { subset: true, features: FEATURES }),
		bold: await doc.embedFont(bytes.bold, { subset: true, features: FEATURES })
	};
	let page: PDFPage | null = null;
	let slot = 0;
	let unit: string | null = null;
	for (const [i, slip] of slips.entries()) {
		if (!page || slot === COLUMNS * ROWS || slip.unitName !== unit) {
			page = doc.addPage([PAGE.width, PAGE.height]);
			drawCutLines(page);
			slot = 0;
		}
		unit = slip.unitName;
		const column = slot % COLUMNS;
		const row = Math.floor(slot / COLUMNS);
		drawSlip(
			page,
			slip,
			fonts,
			options.origin,
			MARGIN + column * SLIP.width,
			PAGE.height - MARGIN - (row + 1) * SLIP.height
		);
		slot++;
		if (i % 200 === 199) await new Promise((r) => setImmediate(r));
	}
	return doc.save();
}

function drawCutLines(page: PDFPage) {
	const dash = { thickness: 0.6, color: MUTED, dashArray: [4, 3] };
	for (let c = 0; c <= COLUMNS; c++) {
		const x = MARGIN + c * SLIP.width;
		page.drawLine({ start: { x, y: MARGIN }, end: { x, y: PAGE.height - MARGIN }, ...dash });
	}
	for (let r = 0; r <= ROWS; r++) {
		const y = MARGIN + r * SLIP.height;
		page.drawLine({ start: { x: MARGIN, y }, end: { x: PAGE.width - MARGIN, y }, ...dash });
	}
}

/** Cuts `text` to fit `width`, with an ellipsis. */
function fit(text: string, font: PDFFont, size: number, width: number): string {
	if (font.widthOfTextAtSize(text, size) <= width) return text;
	let cut = text;
	while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
	return `${cut.trimEnd()}…`;
}

/** Up to `lines` lines of `text` within `width`; the last one cut with an ellipsis. */
function wrap(text: string, font: PDFFont, size: number, width: number, lines: number): string[] {
	const out: string[] = [];
	let current = '';
	const words = text.split(/\s+/);
	for (const [i, word] of words.entries()) {
		const next = current ? `${current} ${word}` : word;
		if (font.widthOfTextAtSize(next, size) <= width || !current) {
			current = next;
			continue;
		}
		if (out.length === lines - 1)
			return [...out, fit([current, ...words.slice(i)].join(' '), font, size, width)];
		out.push(current);
		current = word;
	}
	return [...out, fit(current, font, size, width)];
}

function drawSlip(page: PDFPage, slip: Slip, fonts: Fonts, origin: string, x: number, y: number) {
	const textWidth = SLIP.width - 3 * PAD - QR_SIZE;
	const left = x + PAD;
	let line = y + SLIP.height - PAD - 9;
	const text = (value: string, size: number, font: PDFFont, color = INK, width = textWidth) => {
		page.drawText(fit(value, font, size, width), { x: left, y: line, size, font, color });
	};
	text(m.slip_heading({}, VI), 8, fonts.bold, MUTED, SLIP.width - 2 * PAD);
	line -= 17;
	// a long name gets smaller before it is ever cut: it is what the person looks for on the sheet
	const nameSize = Math.max(
		8.5,
		Math.min(12, (12 * textWidth) / fonts.bold.widthOfTextAtSize(slip.fullName, 12))
	);
	text(slip.fullName, nameSize, fonts.bold);
	line -= 12;
	for (const part of wrap(slip.unitName, fonts.regular, 8, textWidth, 2)) {
		text(part, 8, fonts.regular, MUTED);
		line -= 10;
	}
	line -= 10;
	text(m.slip_phone({}, VI), 7.5, fonts.regular, MUTED);
	line -= 13;
	text(formatPhone(slip.phone), 12, fonts.bold);
	line -= 17;
	text(m.slip_password({}, VI), 7.5, fonts.regular, MUTED);
	line -= 15;
	text(formatInitialPassword(slip.password), 14, fonts.bold);
	line -= 16;
	text(m.slip_change_at_first({}, VI), 7, fonts.regular, MUTED, SLIP.width - 2 * PAD);
	const link = signInLink(origin, slip.phone);
	drawQr(page, link, x + SLIP.width - PAD - QR_SIZE, y + SLIP.height - PAD - 16 - QR_SIZE);
	const host = link.replace(/^https?:\/\//, '').replace(/\?.*$/, '');
	const size = 6.5;
	const hostText = fit(host, fonts.regular, size, QR_SIZE + PAD);
	page.drawText(hostText, {
		x: x + SLIP.width - PAD - fonts.regular.widthOfTextAtSize(hostText, size),
		y: y + SLIP.height - PAD - 26 - QR_SIZE,
		size,
		font: fonts.regular,
		color: MUTED
	});
}

/** The QR code as one vector path (a rectangle per run of dark modules): sharp at any print size, small. */
function drawQr(page: PDFPage, text: string, x: number, y: number) {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const quiet = 2;
	const cell = QR_SIZE / (n + 2 * quiet);
	let path = '';
	for (let row = 0; row < n; row++) {
		let col = 0;
		while (col < n) {
			if (!qr.modules.get(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < n && qr.modules.get(row, col)) col++;
			path += `M${(start + quiet) * cell} ${(row + quiet) * cell}h${(col - start) * cell}v${cell}h${-(col - start) * cell}z`;
		}
	}
	// drawSvgPath's origin is the top-left corner, with y growing downwards as in SVG
	page.drawSvgPath(path, { x, y: y + QR_SIZE, color: rgb(0, 0, 0), borderWidth: 0 });
}
