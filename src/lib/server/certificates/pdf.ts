/**
 * Certificates as PDF (pdf-lib + fontkit): A4 landscape, one page per certificate, laid out as a Vietnamese
 * administrative document: the issuing body opposite the Party heading ("ĐẢNG CỘNG SẢN VIỆT NAM") or the national
 * name and motto, the decision number under the issuer, the title ("GIẤY CHỨNG NHẬN" or "GIẤY KHEN"), the recipient
 * ("đồng chí" in Party documents; a unit for a collective prize), the achievement, then the place and date, the
 * signer's capacity and title, room for the signature and the red seal, and the signer's name; the QR code and the
 * verification code bottom left. Tinos (Times-metric) is embedded once per document, subset to the glyphs used.
 */
import { PDFDocument, type PDFImage, type PDFPage, rgb } from 'pdf-lib';
import { m } from '$lib/paraglide/messages';
import { TIME_ZONE } from '$lib/format';
import { formatCertificateCode } from './codes';
import { embedSerifFonts, type SerifFonts } from './fonts';
import { centred, drawQr, INK, RED, remembering, rule } from './pdf-draw';
import type { CertificateText } from './queries';
import { DEFAULT_SETTINGS, type PrintTemplate } from './settings';

const VI = { locale: 'vi' } as const;
const WIDTH = 841.89;
const HEIGHT = 595.28;
const GOLD = rgb(0.72, 0.55, 0.2);
/** the two heading blocks: the issuer on the left, the Party or national heading on the right */
const LEFT = { cx: 222, width: 300 };
const RIGHT = { cx: 612, width: 330 };
const TOP = HEIGHT - 64;
const LOGO = 62;
const SIGN = { cx: WIDTH - 215, width: 330 };

export type PrintOptions = {
	/** the site's public address: the QR code opens `${origin}/verify/${code}` */
	origin: string;
	/** the contest's template (certificates/settings.ts); none: the defaults */
	template?: PrintTemplate;
};

/** The link the QR code opens: the code in its one printed form. */
export function verificationUrl(origin: string, code: string) {
	return `${origin.replace(/\/+$/, '')}/verify/${formatCertificateCode(code)}`;
}

/**
 * "Hà Nội, ngày 05 tháng 12 năm 2026" in Vietnam's calendar day. As official documents write it: days below 10 and
 * the months January and February with a leading zero.
 */
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
	const day = Number(parts.day);
	const month = Number(parts.month);
	const date = {
		day: String(day).padStart(2, '0'),
		month: String(month).padStart(month < 3 ? 2 : 1, '0'),
		year: parts.year
	};
	return place ? m.cert_pdf_date_place({ place, ...date }, VI) : m.cert_pdf_date(date, VI);
}

type Fonts = SerifFonts;
type Layout = { template: PrintTemplate; origin: string; logo: PDFImage | null };

const upper = (text: string) => text.toLocaleUpperCase('vi');

/** Left: the issuing body (the superior body regular, the issuer bold), its mark, then the decision number. */
function drawIssuer(page: PDFPage, c: CertificateText, fonts: Fonts, layout: Layout) {
	const { template } = layout;
	const typed = template.issuerLines.split('\n').filter(Boolean);
	const lines = typed.length > 0 ? typed : [c.issuerName, m.cert_pdf_issuer_default({}, VI)];
	let y = TOP;
	let width = 0;
	for (const [i, line] of lines.entries()) {
		const last = i === lines.length - 1;
		const drawn = centred(page, upper(line), {
			font: last ? fonts.bold : fonts.regular,
			size: 12.5,
			minSize: 9,
			y,
			cx: LEFT.cx,
			maxWidth: LEFT.width,
			leading: 1.25
		});
		y = drawn.y;
		width = drawn.width;
	}
	if (template.heading === 'party') {
		// Party documents mark the issuing body with an asterisk
		centred(page, '*', { font: fonts.regular, size: 12, y: y + 2, cx: LEFT.cx, maxWidth: 20 });
		y -= 14;
	} else {
		// state documents: a short rule under the issuing body
		rule(page, LEFT.cx, y + 7, Math.min(width, 110));
		y -= 10;
	}
	if (template.decisionNumber) {
		const text =
			template.heading === 'party'
				? m.cert_pdf_number_party({ number: template.decisionNumber }, VI)
				: m.cert_pdf_number_national({ number: template.decisionNumber }, VI);
		centred(page, text, {
			font: fonts.regular,
			size: 12.5,
			minSize: 9,
			y,
			cx: LEFT.cx,
			maxWidth: LEFT.width
		});
	}
}

/** Right: "ĐẢNG CỘNG SẢN VIỆT NAM" underlined, or the national name with the motto underlined. */
function drawHeading(page: PDFPage, fonts: Fonts, template: PrintTemplate) {
	const style = { font: fonts.bold, cx: RIGHT.cx, maxWidth: RIGHT.width, maxLines: 1 };
	if (template.heading === 'party') {
		const drawn = centred(page, m.cert_pdf_party({}, VI), { ...style, size: 13.5, y: TOP });
		// below the dot of Ệ
		rule(page, RIGHT.cx, TOP - 6, drawn.width);
		return;
	}
	const next = centred(page, m.cert_pdf_nation({}, VI), { ...style, size: 12.5, y: TOP }).y;
	const motto = centred(page, m.cert_pdf_motto({}, VI), { ...style, size: 13.5, y: next + 1 });
	rule(page, RIGHT.cx, next - 6, motto.width);
}

function drawLogo(page: PDFPage, logo: PDFImage) {
	const scale = Math.min(LOGO / logo.width, LOGO / logo.height);
	const width = logo.width * scale;
	const height = logo.height * scale;
	page.drawImage(logo, { x: (LEFT.cx + RIGHT.cx) / 2 - width / 2 + 5, y: TOP + 14 - height, width, height });
}

/** The title, the recipient and what they achieved, centred on the page. */
function drawBody(page: PDFPage, c: CertificateText, fonts: Fonts, template: PrintTemplate) {
	const award = c.kind !== 'participation';
	const commendation = award && template.awardTitle === 'commendation';
	const unit = c.kind === 'unit_award';
	const party = template.heading === 'party';
	const wide = { cx: WIDTH / 2, maxWidth: WIDTH - 170 };

	const title = commendation ? m.cert_pdf_title_commendation({}, VI) : m.cert_pdf_title({}, VI);
	centred(page, title, { ...wide, font: fonts.bold, size: 38, y: HEIGHT - 190, color: RED, maxLines: 1 });

	const lead = unit
		? commendation
			? m.cert_pdf_awards_unit({}, VI)
			: m.cert_pdf_certifies_unit({}, VI)
		: commendation
			? party
				? m.cert_pdf_awards_comrade({}, VI)
				: m.cert_pdf_awards_person({}, VI)
			: party
				? m.cert_pdf_certifies_comrade({}, VI)
				: m.cert_pdf_certifies({}, VI);
	centred(page, lead, { ...wide, font: fonts.italic, size: 15, y: HEIGHT - 228 });
	let y = centred(page, c.fullName, {
		...wide,
		font: fonts.bold,
		size: 28,
		minSize: 17,
		y: HEIGHT - 264,
		color: RED,
		maxLines: 1
	}).y;
	if (c.unitName) {
		const line = unit
			? m.cert_pdf_parent_unit({ unit: c.unitName }, VI)
			: m.cert_pdf_unit({ unit: c.unitName }, VI);
		y = centred(page, line, { ...wide, font: fonts.regular, size: 14, minSize: 10, y: y + 9 }).y;
	}
	y -= 10;
	const achievement = !award
		? c.awardText
		: commendation
			? m.cert_pdf_commended({ award: c.awardText }, VI)
			: m.cert_pdf_award({ award: c.awardText }, VI);
	y = centred(page, achievement, { ...wide, font: fonts.bold, size: 18, minSize: 13, y }).y;
	y = centred(page, m.cert_pdf_contest({ contest: c.contestTitle }, VI), {
		...wide,
		font: fonts.regular,
		size: 15,
		minSize: 11,
		y: y - 2
	}).y;
	if (c.detail) {
		const detail =
			c.kind === 'essay_award'
				? m.cert_pdf_entry({ title: c.detail }, VI)
				: m.cert_pdf_round({ round: c.detail }, VI);
		centred(page, detail, { ...wide, font: fonts.italic, size: 13, minSize: 10, y: y - 2 });
	}
}

/** Bottom right: place and date, capacity, title, room for the signature and seal, the signer's name. */
function drawSignature(page: PDFPage, c: CertificateText, fonts: Fonts, template: PrintTemplate) {
	const style = { cx: SIGN.cx, maxWidth: SIGN.width, maxLines: 1 };
	const date = vietnameseDate(c.issuedAt, template.place || undefined);
	centred(page, date, { ...style, font: fonts.italic, size: 13, y: 176 });
	const capacity = template.signerCapacity || DEFAULT_SETTINGS.signerCapacity;
	const y = centred(page, upper(capacity), { ...style, font: fonts.bold, size: 13, y: 157 }).y;
	if (template.signerTitle)
		centred(page, upper(template.signerTitle), { ...style, font: fonts.bold, size: 13, y });
	// the signature and the red seal go here, by hand
	if (template.signerName)
		centred(page, template.signerName, { ...style, font: fonts.bold, size: 14, y: 58 });
}

function drawVerification(page: PDFPage, c: CertificateText, fonts: Fonts, origin: string) {
	const url = verificationUrl(origin, c.code);
	drawQr(page, url, 52, 50, 78);
	page.drawText(m.cert_pdf_code({ code: formatCertificateCode(c.code) }, VI), {
		x: 140,
		y: 106,
		size: 11,
		font: fonts.bold,
		color: INK
	});
	const small = 8.5;
	const text = m.cert_pdf_verify_at({ url }, VI);
	// a long ORIGIN must not run into the signature block
	const size = Math.min(small, (SIGN.cx - SIGN.width / 2 - 150) / fonts.regular.widthOfTextAtSize(text, 1));
	page.drawText(text, { x: 140, y: 90, size, font: fonts.regular, color: INK });
}

function drawCertificate(page: PDFPage, c: CertificateText, fonts: Fonts, layout: Layout) {
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
	drawIssuer(page, c, fonts, layout);
	drawHeading(page, fonts, layout.template);
	if (layout.logo) drawLogo(page, layout.logo);
	drawBody(page, c, fonts, layout.template);
	drawSignature(page, c, fonts, layout.template);
	drawVerification(page, c, fonts, layout.origin);
}

/** 60–90 ms of drawing (3–4.6 ms a page, docs/CERTIFICATES.md) between two turns of the event loop. */
const PAGES_BETWEEN_YIELDS = 20;

async function embedLogo(doc: PDFDocument, template: PrintTemplate): Promise<PDFImage | null> {
	if (!template.logo) return null;
	try {
		return await (template.logo.type === 'png'
			? doc.embedPng(template.logo.bytes)
			: doc.embedJpg(template.logo.bytes));
	} catch {
		// checked on upload; a file the store returns damaged prints without a logo rather than not at all
		return null;
	}
}

/** One PDF with a page per certificate, in the order given. */
export async function renderCertificates(
	list: CertificateText[],
	options: PrintOptions
): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.setTitle(
		list.length === 1
			? `${m.cert_pdf_title({}, VI)} ${formatCertificateCode(list[0].code)}`
			: m.cert_pdf_title({}, VI)
	);
	doc.setCreator(m.app_name({}, VI));
	const embedded = await embedSerifFonts(doc);
	const fonts: Fonts = {
		regular: remembering(embedded.regular),
		bold: remembering(embedded.bold),
		italic: remembering(embedded.italic)
	};
	const template: PrintTemplate = options.template ?? { ...DEFAULT_SETTINGS, logo: null };
	const layout: Layout = { template, origin: options.origin, logo: await embedLogo(doc, template) };
	for (const [i, c] of list.entries()) {
		drawCertificate(doc.addPage([WIDTH, HEIGHT]), c, fonts, layout);
		// a bulk print (hundreds of pages, seconds of work) lets other requests in between: quiz starts are refused
		// while the event loop lags, and answer saves would wait behind it
		if (i % PAGES_BETWEEN_YIELDS === PAGES_BETWEEN_YIELDS - 1) await new Promise((r) => setImmediate(r));
	}
	return doc.save();
}
