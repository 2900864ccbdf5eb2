// Excel .xlsx → drafts: one question per row, under Vietnamese headers (the template's, or close spellings).
import ExcelJS from 'exceljs';
import { foldForSearch } from '../../../text';
import { type OfficeFile, repack } from '../../files/office';
import { type Draft, LETTERS, newDraft, pictureMark } from './draft';
import type { FileError } from './types';

export type QuestionColumn =
	| 'number'
	| 'topic'
	| 'text'
	| 'A'
	| 'B'
	| 'C'
	| 'D'
	| 'E'
	| 'F'
	| 'answer'
	| 'explanation'
	| 'difficulty'
	| 'picture'
	| 'pictureAlt'
	| `picture${OptionLetter}`
	| `pictureAlt${OptionLetter}`;

export const OPTION_COLUMNS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
type OptionLetter = (typeof OPTION_COLUMNS)[number];

/** The template's headers, in its order. */
export const TEMPLATE_HEADERS: { key: QuestionColumn; header: string; width: number }[] = [
	{ key: 'number', header: 'STT', width: 6 },
	{ key: 'topic', header: 'Chủ đề', width: 22 },
	{ key: 'text', header: 'Câu hỏi', width: 50 },
	...OPTION_COLUMNS.map((l) => ({ key: l, header: `Phương án ${l}`, width: 24 })),
	{ key: 'answer', header: 'Đáp án', width: 10 },
	{ key: 'explanation', header: 'Giải thích', width: 36 },
	{ key: 'difficulty', header: 'Mức độ', width: 12 },
	{ key: 'picture', header: 'Ảnh', width: 18 },
	{ key: 'pictureAlt', header: 'Mô tả ảnh', width: 28 },
	...OPTION_COLUMNS.flatMap((l) => [
		{ key: `picture${l}` as const, header: `Ảnh ${l}`, width: 14 },
		{ key: `pictureAlt${l}` as const, header: `Mô tả ảnh ${l}`, width: 22 }
	])
];

/** Folded header spellings people use for each column. */
const ALIASES: Record<QuestionColumn, string[]> = {
	number: ['stt', 'so thu tu', 'tt', 'no', 'no.'],
	topic: ['chu de', 'chuyen de', 'topic'],
	text: ['cau hoi', 'noi dung cau hoi', 'noi dung', 'question'],
	...(Object.fromEntries(
		OPTION_COLUMNS.map((l) => {
			const x = l.toLowerCase();
			return [l, [`phuong an ${x}`, `dap an ${x}`, `lua chon ${x}`, `option ${x}`, x]];
		})
	) as Record<(typeof OPTION_COLUMNS)[number], string[]>),
	answer: ['dap an', 'dap an dung', 'answer', 'correct', 'phuong an dung'],
	explanation: ['giai thich', 'loi giai', 'explanation'],
	difficulty: ['muc do', 'do kho', 'difficulty'],
	picture: ['anh', 'hinh', 'hinh anh', 'tep anh', 'picture', 'image'],
	pictureAlt: ['mo ta anh', 'mo ta hinh', 'mo ta hinh anh', 'alt', 'picture description'],
	// an option's picture: "Ảnh A" / "Mô tả ảnh A" (also "Ảnh phương án A", "Hình A", "Picture A")
	...(Object.fromEntries(
		OPTION_COLUMNS.flatMap((l) => {
			const x = l.toLowerCase();
			return [
				[`picture${l}`, [`anh ${x}`, `anh phuong an ${x}`, `hinh ${x}`, `hinh anh ${x}`, `picture ${x}`]],
				[
					`pictureAlt${l}`,
					[
						`mo ta anh ${x}`,
						`mo ta anh phuong an ${x}`,
						`mo ta hinh ${x}`,
						`alt ${x}`,
						`picture description ${x}`
					]
				]
			];
		})
	) as Record<`picture${OptionLetter}` | `pictureAlt${OptionLetter}`, string[]>)
};
const REQUIRED: QuestionColumn[] = ['text', 'A', 'B', 'answer'];
const HEADER_OF = Object.fromEntries(TEMPLATE_HEADERS.map((c) => [c.key, c.header])) as Record<
	QuestionColumn,
	string
>;

/** "Đáp án (VD: B hoặc A,C) *" → "dap an" */
const headerKey = (value: string) =>
	foldForSearch(value.replace(/\([^)]*\)/g, ''))
		.replace(/[*:]/g, '')
		.trim();

type Cell = ExcelJS.CellValue | undefined;

/** A cell as text: formulas give their result, rich text and links their text, numbers their digits. */
function cellText(value: Cell): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value !== 'object') return String(value).normalize('NFC');
	if ('richText' in value)
		return value.richText
			.map((part) => part.text)
			.join('')
			.normalize('NFC');
	if ('hyperlink' in value) return cellText(value.text as Cell);
	if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as Cell);
	return '';
}

function locate(row: string[]): Map<QuestionColumn, number> {
	const index = new Map<QuestionColumn, number>();
	row.forEach((value, i) => {
		const key = headerKey(value);
		for (const [column, aliases] of Object.entries(ALIASES) as [QuestionColumn, string[]][])
			if (!index.has(column) && aliases.includes(key)) index.set(column, i);
	});
	return index;
}

/** A picture's file name as cells and zips spell it: the last part of the path, NFC, any case. */
export const bundleKey = (name: string) =>
	(name.split(/[\\/]/).pop() ?? '').normalize('NFC').trim().toLocaleLowerCase('vi');

export type XlsxRead = { ok: true; drafts: Draft[] } | { ok: false; error: FileError };

/**
 * The sheet named "Câu hỏi" (else the first), its header found in the first ten rows; each later row with any
 * content is a question, numbered by its STT cell or its order. Cells are passed on as written: finishDraft checks.
 * Takes a file opened by files/office.ts: exceljs never sees bytes whose limits were not checked.
 */
export async function readXlsxDrafts(file: OfficeFile, maxRows: number): Promise<XlsxRead> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(repack(file).buffer);
	} catch {
		return { ok: false, error: { code: 'file_unreadable', params: {} } };
	}
	const sheet =
		workbook.worksheets.find((ws) => ['cau hoi', 'questions'].includes(foldForSearch(ws.name))) ??
		workbook.worksheets[0];
	if (!sheet) return { ok: false, error: { code: 'no_questions', params: {} } };

	const rowTexts = (row: ExcelJS.Row) => {
		const cells: string[] = [];
		for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
		return cells;
	};
	let headerRow = 0;
	let columns = new Map<QuestionColumn, number>();
	for (let r = 1; r <= Math.min(10, sheet.rowCount); r++) {
		const found = locate(rowTexts(sheet.getRow(r)));
		if (found.has('text')) {
			headerRow = r;
			columns = found;
			break;
		}
	}
	const missing = REQUIRED.filter((c) => !columns.has(c));
	if (missing.length > 0)
		return {
			ok: false,
			error: { code: 'missing_columns', params: { columns: missing.map((c) => HEADER_OF[c]).join(', ') } }
		};
	if (sheet.actualRowCount - headerRow > maxRows)
		return {
			ok: false,
			error: { code: 'too_many_questions', params: { max: maxRows, count: sheet.actualRowCount - headerRow } }
		};

	const drafts: Draft[] = [];
	sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
		if (rowNumber <= headerRow) return;
		const cells = rowTexts(row);
		const cell = (column: QuestionColumn) => {
			const i = columns.get(column);
			return i === undefined ? '' : (cells[i] ?? '').trim();
		};
		if (cells.every((c) => c.trim() === '')) return;
		const stated = Number(cell('number'));
		const number = Number.isInteger(stated) && stated > 0 ? stated : drafts.length + 1;
		const draft = newDraft(number, rowNumber, cell('topic') || null);
		draft.text.push(cell('text'));
		// a picture named by its file, which the accompanying .zip holds (parsers/bundle.ts)
		if (cell('picture')) draft.text.push(pictureMark(bundleKey(cell('picture')), cell('pictureAlt')));
		// an option may be a picture alone: its "Ảnh A" cell without text still makes it an option
		const filled = OPTION_COLUMNS.map((l) => {
			const picture = cell(`picture${l}`);
			return picture
				? `${cell(l)} ${pictureMark(bundleKey(picture), cell(`pictureAlt${l}`))}`.trim()
				: cell(l);
		});
		const last = filled.findLastIndex((t) => t !== '');
		draft.options = filled.slice(0, last + 1).map((text, i) => ({
			letter: LETTERS[i],
			text: [text],
			starred: false,
			emphasized: false
		}));
		if (cell('answer')) draft.answers.push(cell('answer'));
		if (cell('explanation')) draft.explanation.push(cell('explanation'));
		draft.difficulty = cell('difficulty') || null;
		drafts.push(draft);
	});
	return { ok: true, drafts };
}
