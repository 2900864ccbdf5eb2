import ExcelJS from 'exceljs';
import { TEMPLATE_HEADERS } from './xlsx';

type Example = Partial<Record<(typeof TEMPLATE_HEADERS)[number]['key'], string | number>>;

const EXAMPLES: Example[] = [
	{
		number: 1,
		topic: 'Quy tắc ứng xử',
		text: 'Khi giao tiếp với công dân, cán bộ, công chức phải có thái độ như thế nào?',
		A: 'Lịch sự, tôn trọng',
		B: 'Thờ ơ',
		C: 'Gây khó khăn',
		D: 'Tuỳ theo công việc',
		answer: 'A',
		explanation: 'Theo quy tắc ứng xử của cán bộ, công chức, viên chức.',
		difficulty: 1
	},
	{
		number: 2,
		topic: 'Quy tắc ứng xử',
		text: 'Những hành vi nào cán bộ, công chức không được làm khi thi hành công vụ? (chọn tất cả phương án đúng)',
		A: 'Hách dịch, cửa quyền',
		B: 'Hướng dẫn tận tình',
		C: 'Gây phiền hà, sách nhiễu',
		D: 'Lắng nghe ý kiến',
		answer: 'A,C',
		difficulty: 2
	},
	{
		number: 3,
		topic: 'Tư tưởng, đạo đức, phong cách Hồ Chí Minh',
		text: 'Chỉ thị 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh được ban hành năm 2016.',
		A: 'Đúng',
		B: 'Sai',
		answer: 'A',
		difficulty: 'Dễ'
	}
];

export interface TemplateFile {
	bytes: Uint8Array<ArrayBuffer>;
	fileName: string;
	contentType: string;
}

/**
 * The .xlsx an organizer fills in: the headers the parser reads, three example questions (one answer, several
 * answers, true/false), and a sheet of notes given by the caller in the interface language.
 */
export async function buildQuestionTemplate(
	notes: { sheetName: string; lines: string[] } = { sheetName: 'Hướng dẫn', lines: [] }
): Promise<TemplateFile> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Câu hỏi', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = TEMPLATE_HEADERS.map((c) => ({
		header: c.header,
		key: c.key,
		width: c.width,
		// text, so that Excel keeps "A,C" and "1945" as typed
		style: { numFmt: '@', alignment: { wrapText: true, vertical: 'top' } }
	}));
	sheet.getRow(1).font = { bold: true };
	for (const example of EXAMPLES) sheet.addRow(example);
	if (notes.lines.length > 0) {
		const help = workbook.addWorksheet(notes.sheetName);
		help.getColumn(1).width = 110;
		for (const line of notes.lines) help.addRow([line]);
	}
	const buffer = await workbook.xlsx.writeBuffer();
	return {
		bytes: new Uint8Array(buffer as ArrayBuffer),
		fileName: 'mau-ngan-hang-cau-hoi.xlsx',
		contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
	};
}
