/**
 * The anthology ("kỷ yếu") as one A4 PDF: a cover with the contest's heading, a table of contents with page
 * numbers, then each winning entry from a new page (its award, title, author and unit, then its text), with a
 * running header (the contest, the entry's author) and page numbers. The table of contents is laid out first, so
 * the entries know the page they start on; it is drawn last. The PDF carries an outline (bookmarks) by award.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFHexString, PDFName, type PDFPage, type PDFRef, rgb } from 'pdf-lib';
import { awardLabel as awardOf } from '$lib/award-label';
import { m } from '$lib/paraglide/messages';
import type { Block } from './blocks';
import { anthologyFonts } from './fonts';
import { type Align, Face, type Line, breakLines, drawLine } from './layout';

const VI = { locale: 'vi' } as const;
const WIDTH = 595.28;
const HEIGHT = 841.89;
const LEFT = 72;
const MEASURE = WIDTH - 2 * LEFT;
const TOP = HEIGHT - 84;
const BOTTOM = 72;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.38, 0.38, 0.42);
const ACCENT = rgb(0.55, 0.1, 0.1);

const BODY = { size: 12, leading: 17.5, indent: 24, after: 5 };
const HEADING = { size: 13, leading: 17, before: 10, after: 4 };

export type AnthologyEntry = {
	code: string;
	title: string;
	author: string;
	unit: string;
	tier: string;
	blocks: Block[];
};

export type AnthologyBook = { contestTitle: string; year: number; entries: AnthologyEntry[] };

const awardLabel = (tier: string) => awardOf(tier, VI);

type Fonts = { regular: Face; bold: Face; italic: Face };

class Writer {
	page!: PDFPage;
	y = TOP;
	pages: PDFPage[] = [];

	constructor(
		readonly doc: PDFDocument,
		readonly fonts: Fonts
	) {}

	newPage(): PDFPage {
		this.page = this.doc.addPage([WIDTH, HEIGHT]);
		this.pages.push(this.page);
		this.y = TOP;
		return this.page;
	}

	/** Room for `height` more points on this page, else a new page. */
	need(height: number, onNewPage?: () => void): void {
		if (this.y - height < BOTTOM) {
			this.newPage();
			onNewPage?.();
		}
	}

	lines(
		lines: Line[],
		face: Face,
		size: number,
		leading: number,
		align: Align,
		color = INK,
		onNewPage?: () => void
	): void {
		for (const line of lines) {
			this.need(leading, onNewPage);
			this.y -= leading;
			drawLine(this.page, face, size, line, LEFT, this.y + (leading - size) / 2, MEASURE, align, color);
		}
	}

	text(text: string, face: Face, size: number, leading: number, align: Align, color = INK): void {
		this.lines(breakLines(text, face, size, MEASURE), face, size, leading, align, color);
	}
}

function cover(w: Writer, book: AnthologyBook): void {
	const { regular, bold, italic } = w.fonts;
	w.newPage();
	w.page.drawRectangle({
		x: 36,
		y: 36,
		width: WIDTH - 72,
		height: HEIGHT - 72,
		borderColor: ACCENT,
		borderWidth: 1.2
	});
	w.y = HEIGHT * 0.7;
	w.text(m.anthology_pdf_kicker({}, VI), bold, 14, 20, 'center', ACCENT);
	w.y -= 24;
	w.text(book.contestTitle.toLocaleUpperCase('vi'), bold, 24, 32, 'center');
	w.y -= 20;
	w.text(m.anthology_pdf_subtitle({}, VI), italic, 14, 20, 'center', MUTED);
	w.y = 110;
	w.text(m.anthology_pdf_year({ year: String(book.year) }, VI), regular, 12, 16, 'center', MUTED);
}

/** Where each line of the table of contents goes, before any page number is known. */
type TocItem =
	| { kind: 'tier'; page: number; y: number; text: string }
	| { kind: 'entry'; page: number; y: number; lines: Line[]; byline: Line[]; entry: number };

const TOC_NUMBER = 40;

function tocLayout(book: AnthologyBook, fonts: Fonts): { items: TocItem[]; pages: number } {
	const items: TocItem[] = [];
	let page = 0;
	let y = TOP - 40;
	const room = (h: number) => {
		if (y - h < BOTTOM) {
			page++;
			y = TOP;
		}
	};
	let tier: string | null = null;
	book.entries.forEach((e, index) => {
		if (e.tier !== tier) {
			tier = e.tier;
			room(36 + 2 * 16);
			y -= 14;
			items.push({ kind: 'tier', page, y: y - 16, text: awardLabel(e.tier) });
			y -= 20;
		}
		const lines = breakLines(e.title, fonts.regular, 11.5, MEASURE - TOC_NUMBER - 12);
		const byline = breakLines(
			[e.author, e.unit].filter(Boolean).join(' — '),
			fonts.italic,
			10,
			MEASURE - TOC_NUMBER - 28
		);
		const height = lines.length * 15 + byline.length * 13 + 6;
		room(height);
		items.push({ kind: 'entry', page, y, lines, byline, entry: index });
		y -= height;
	});
	return { items, pages: page + 1 };
}

function drawToc(w: Writer, tocPages: PDFPage[], items: TocItem[], startPages: number[]): void {
	const { regular, bold, italic } = w.fonts;
	drawLine(
		tocPages[0],
		bold,
		16,
		{ words: m.anthology_pdf_contents({}, VI).split(' ') },
		LEFT,
		TOP - 20,
		MEASURE,
		'center',
		INK
	);
	for (const item of items) {
		const page = tocPages[item.page];
		if (item.kind === 'tier') {
			drawLine(page, bold, 12, { words: item.text.split(' ') }, LEFT, item.y, MEASURE, 'left', ACCENT);
			continue;
		}
		let y = item.y;
		item.lines.forEach((line, i) => {
			y -= 15;
			drawLine(page, regular, 11.5, line, LEFT, y, MEASURE - TOC_NUMBER, 'left', INK);
			if (i !== item.lines.length - 1) return;
			const number = String(startPages[item.entry]);
			drawLine(page, regular, 11.5, { words: [number] }, LEFT, y, MEASURE, 'right', INK);
			// dot leaders from the title's end to the page number
			const from = LEFT + regular.width(line.words.join(' ')) * 11.5 + 6;
			const to = LEFT + MEASURE - regular.width(number) * 11.5 - 6;
			const dots = Math.max(0, Math.floor((to - from) / (regular.width('. ') * 11.5)));
			if (dots > 0)
				drawLine(
					page,
					regular,
					11.5,
					{ words: Array<string>(dots).fill('.') },
					from,
					y,
					to - from,
					'right',
					MUTED
				);
		});
		for (const line of item.byline) {
			y -= 13;
			drawLine(page, italic, 10, line, LEFT + 16, y, MEASURE - TOC_NUMBER - 16, 'left', MUTED);
		}
	}
}

function entryPages(w: Writer, e: AnthologyEntry): void {
	const { regular, bold, italic } = w.fonts;
	w.newPage();
	w.y = TOP - 20;
	w.text(awardLabel(e.tier).toLocaleUpperCase('vi'), bold, 11, 16, 'center', ACCENT);
	w.y -= 6;
	w.text(e.title, bold, 19, 24, 'center');
	w.y -= 6;
	w.text(e.author, italic, 13, 18, 'center');
	if (e.unit) w.text(e.unit, italic, 11, 15, 'center', MUTED);
	w.y -= 10;
	w.page.drawLine({
		start: { x: WIDTH / 2 - 30, y: w.y },
		end: { x: WIDTH / 2 + 30, y: w.y },
		thickness: 0.8,
		color: ACCENT
	});
	w.y -= 14;
	if (e.blocks.length === 0) {
		w.text(m.anthology_pdf_no_text({}, VI), italic, 11, 16, 'center', MUTED);
		return;
	}
	for (const block of e.blocks) {
		if (block.kind === 'heading') {
			const lines = breakLines(block.text, bold, HEADING.size, MEASURE);
			// a heading never ends a page: keep it with two lines of what follows
			w.need(HEADING.before + lines.length * HEADING.leading + 2 * BODY.leading);
			w.y -= HEADING.before;
			w.lines(lines, bold, HEADING.size, HEADING.leading, 'left');
			w.y -= HEADING.after;
			continue;
		}
		const lines = breakLines(block.text, regular, BODY.size, MEASURE, BODY.indent);
		w.lines(lines, regular, BODY.size, BODY.leading, 'justify');
		w.y -= BODY.after;
	}
}

function runningHeads(
	w: Writer,
	book: AnthologyBook,
	firstEntryPage: number,
	owners: AnthologyEntry[]
): void {
	const { regular, italic } = w.fonts;
	w.pages.forEach((page, i) => {
		if (i === 0) return;
		const number = String(i + 1);
		drawLine(page, regular, 10, { words: [number] }, LEFT, 40, MEASURE, 'center', MUTED);
		const owner = owners[i];
		if (i < firstEntryPage || !owner) return;
		const y = HEIGHT - 50;
		const half = MEASURE / 2 - 8;
		const fit = (text: string, face: Face) => breakLines(text, face, 9, half)[0] ?? { words: [] };
		drawLine(page, italic, 9, fit(book.contestTitle, italic), LEFT, y, half, 'left', MUTED);
		drawLine(page, italic, 9, fit(owner.author, italic), LEFT + half + 16, y, half, 'right', MUTED);
		page.drawLine({
			start: { x: LEFT, y: y - 6 },
			end: { x: LEFT + MEASURE, y: y - 6 },
			thickness: 0.4,
			color: MUTED
		});
	});
}

type OutlineNode = { title: string; page: PDFRef; children: OutlineNode[] };

/** Bookmarks: one per award, each holding its entries. */
function addOutline(doc: PDFDocument, nodes: OutlineNode[]): void {
	const context = doc.context;
	const root = context.nextRef();
	const place = (list: OutlineNode[], parent: PDFRef): PDFRef[] => {
		const refs = list.map(() => context.nextRef());
		list.forEach((node, i) => {
			const dict = context.obj({
				Title: PDFHexString.fromText(node.title),
				Parent: parent,
				Dest: [node.page, 'XYZ', null, null, null]
			});
			if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]);
			if (i < list.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]);
			if (node.children.length > 0) {
				const kids = place(node.children, refs[i]);
				dict.set(PDFName.of('First'), kids[0]);
				dict.set(PDFName.of('Last'), kids[kids.length - 1]);
				dict.set(PDFName.of('Count'), context.obj(-node.children.length));
			}
			context.assign(refs[i], dict);
		});
		return refs;
	};
	const top = place(nodes, root);
	context.assign(
		root,
		context.obj({ Type: 'Outlines', First: top[0], Last: top[top.length - 1], Count: top.length })
	);
	doc.catalog.set(PDFName.of('Outlines'), root);
	doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

export async function typesetAnthology(book: AnthologyBook): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.registerFontkit(fontkit);
	const bytes = anthologyFonts();
	const fonts: Fonts = {
		regular: new Face(await doc.embedFont(bytes.regular, { subset: true })),
		bold: new Face(await doc.embedFont(bytes.bold, { subset: true })),
		italic: new Face(await doc.embedFont(bytes.italic, { subset: true }))
	};
	doc.setTitle(`${m.anthology_pdf_kicker({}, VI)} — ${book.contestTitle}`);
	doc.setLanguage('vi');
	const w = new Writer(doc, fonts);
	cover(w, book);
	const toc = tocLayout(book, fonts);
	const tocPages = Array.from({ length: toc.pages }, () => w.newPage());
	const firstEntryPage = w.pages.length;
	const starts: number[] = [];
	const owners: AnthologyEntry[] = [];
	for (const e of book.entries) {
		starts.push(w.pages.length + 1);
		entryPages(w, e);
		while (owners.length < w.pages.length) owners[owners.length] = e;
	}
	drawToc(w, tocPages, toc.items, starts);
	runningHeads(w, book, firstEntryPage, owners);
	const outline: OutlineNode[] = [];
	book.entries.forEach((e, i) => {
		const page = w.pages[starts[i] - 1].ref;
		let tier = outline[outline.length - 1];
		if (!tier || tier.title !== awardLabel(e.tier)) {
			tier = { title: awardLabel(e.tier), page, children: [] };
			outline.push(tier);
		}
		tier.children.push({ title: `${e.title} — ${e.author}`, page, children: [] });
	});
	if (outline.length > 0) addOutline(doc, outline);
	return doc.save();
}
