// Every hostile Office file through every path that reads one: the people/units import, the question-bank import
// (.xlsx and .docx) and the essay upload. Each is refused with its own code, and the page shows a Vietnamese sentence.
import { beforeAll, describe, expect, it } from 'vitest';
import { entryErrorMessage } from '$lib/components/essays/entry-errors';
import { fileErrorMessage as bankMessage } from '../../../routes/(organizer)/organize/bank/bank-messages';
import { fileErrorMessage as importMessage } from '../../../routes/(organizer)/organize/import/import-messages';
import { inspectUpload } from '../essays/files';
import { readTable } from '../import/read-table';
import { parseQuestionFile } from '../quiz/parsers';
import { goodDocx, goodXlsx, type HostileKind, hostileFiles, HOSTILE_KINDS } from './hostile-fixtures';
import { OFFICE_LIMITS, openOffice } from './office';

const IMPORT_CODE: Record<HostileKind, string> = {
	truthful_bomb: 'file_bomb',
	lying_bomb: 'file_bomb',
	ratio_bomb: 'file_bomb',
	too_many_entries: 'file_bomb',
	nested_zip: 'file_bomb',
	billion_laughs: 'file_unsafe_xml',
	external_entity: 'file_unsafe_xml',
	malformed_xml: 'file_unreadable'
};
const ESSAY_CODE: Record<HostileKind, string> = {
	truthful_bomb: 'zip_bomb',
	lying_bomb: 'zip_bomb',
	ratio_bomb: 'zip_bomb',
	too_many_entries: 'zip_bomb',
	nested_zip: 'zip_bomb',
	billion_laughs: 'unsafe_docx',
	external_entity: 'unsafe_docx',
	malformed_xml: 'malformed_docx'
};

let xlsx: Record<HostileKind, Uint8Array>;
let docx: Record<HostileKind, Uint8Array>;

beforeAll(async () => {
	xlsx = hostileFiles(await goodXlsx(), 'xl/worksheets/sheet1.xml', 'xl/media/');
	docx = hostileFiles(await goodDocx(), 'word/document.xml', 'word/media/');
});

describe('the fixtures', () => {
	it('are what they claim: the good files read, the bombs are small files', async () => {
		expect(await readTable(await goodXlsx(), 'people')).toMatchObject({ ok: true });
		expect(await parseQuestionFile(await goodXlsx())).toMatchObject({ ok: true });
		expect(await parseQuestionFile(await goodDocx())).toMatchObject({ ok: true });
		expect(await inspectUpload(await goodDocx(), { maxBytes: 20e6 })).toMatchObject({ ok: true });
		// 1 GB of zeros declared in a file of about 1 MB (the 1 MB .xlsx took the server to 3 GB)
		expect(xlsx.truthful_bomb.length).toBeLessThan(1.2e6);
		expect(xlsx.ratio_bomb.length).toBeLessThan(100e3);
	});
});

describe.each(HOSTILE_KINDS)('%s', (kind) => {
	it('is refused by the people/units import with a Vietnamese message', async () => {
		const read = await readTable(xlsx[kind], 'people');
		expect(read).toEqual({ ok: false, error: { code: IMPORT_CODE[kind], params: {} } });
		if (!read.ok) expect(importMessage(read.error)).toMatch(/^Tệp \.xlsx /);
	});

	it('is refused by the question-bank import, as .xlsx and as .docx', async () => {
		for (const bytes of [xlsx[kind], docx[kind]]) {
			const read = await parseQuestionFile(bytes);
			expect(read).toEqual({ ok: false, error: { code: IMPORT_CODE[kind], params: {} } });
			if (!read.ok) expect(bankMessage(read.error)).toMatch(/tệp/i);
		}
	});

	it('is refused at the essay upload with a message next to the file field', async () => {
		const inspected = await inspectUpload(docx[kind], { maxBytes: 20e6 });
		expect(inspected).toEqual({ ok: false, code: ESSAY_CODE[kind] });
		if (!inspected.ok) {
			const shown = entryErrorMessage(inspected.code, {
				wordCount: 0,
				minWords: null,
				maxWords: null,
				maxFileBytes: 20e6
			});
			expect(shown.field).toBe('file');
			expect(shown.text).toMatch(/^Tệp \.docx /);
		}
	});
});

describe('the limits are per use', () => {
	it('an embedded workbook is allowed only in the embeddings folder, never unpacked', async () => {
		const good = await goodDocx();
		const { writeZip } = await import('./zip');
		const { entriesOf } = await import('./hostile-fixtures');
		const embedded = writeZip([
			...entriesOf(good),
			{ name: 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', data: await goodXlsx() }
		]);
		expect(openOffice(embedded, OFFICE_LIMITS.bankDocx)).toMatchObject({ ok: true });
		expect(await parseQuestionFile(embedded)).toMatchObject({ ok: true });
	});
});
