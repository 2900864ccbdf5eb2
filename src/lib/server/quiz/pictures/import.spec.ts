import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { DiskStore } from '../../files/disk-store';
import { PostgresStore } from '../../files/postgres-store';
import { type FileStore, readWhole } from '../../files/store';
import { writeZip } from '../../files/zip';
import { createTestDb } from '../../testing/db';
import { createTopic, getQuestion, importQuestions, listQuestions } from '../bank';
import { buildDocx, withPicture } from '../parsers/docx-fixture';
import { buildQuestionTemplate, parseQuestionFile } from '../parsers';
import { storeFilePictures } from './import';

let handle: DbHandle;
let store: FileStore;
let folder: string;

beforeAll(async () => {
	handle = await createTestDb();
	folder = await fs.mkdtemp(path.join(os.tmpdir(), 'picture-import-'));
	store = process.env.TEST_DATABASE_URL ? new PostgresStore(handle.db) : new DiskStore(folder);
});
afterAll(async () => {
	await handle?.close();
	await fs.rm(folder, { recursive: true, force: true });
});

const png = (width: number, height: number, red: number) =>
	sharp({ create: { width, height, channels: 3, background: { r: red, g: 120, b: 60 } } })
		.png()
		.toBuffer()
		.then((b) => new Uint8Array(b));

async function topic(name: string) {
	const created = await createTopic(handle.db, { name });
	if (!created.ok) throw new Error(created.error);
	return created.value.id;
}

/** Parses, stores the pictures and imports, as the import page does; answers the topic's questions. */
async function importFile(bytes: Uint8Array, topicId: number) {
	const file = await parseQuestionFile(bytes);
	if (!file.ok) throw new Error(`refused: ${file.error.code}`);
	const pictures = await storeFilePictures(handle.db, store, file, null);
	const withProblems = new Set(file.problems.map((p) => p.line));
	const result = await importQuestions(handle.db, { topicId }, file.questions, { pictures, withProblems });
	const listed = await listQuestions(handle.db, topicId);
	const full = await Promise.all(listed.items.map((q) => getQuestion(handle.db, q.id)));
	return { file, result, questions: full.map((q) => q!) };
}

describe('importing pictures from a Word bank', () => {
	it('keeps a question’s picture with Word’s alt text, and an option that is a picture', async () => {
		let docx = await buildDocx([
			'Câu 1: Ngôi nhà trong ảnh ở đâu?',
			'PICTURE-Q',
			'A. Làng Sen, Kim Liên',
			'B. Pác Bó',
			'Đáp án: A',
			'Câu 2: Ảnh nào chụp Bến Nhà Rồng?',
			[{ text: 'A. ' }, { text: 'PICTURE-A' }],
			'B. Không có ảnh nào',
			'Đáp án: A'
		]);
		docx = await withPicture(docx, 'PICTURE-Q', await png(2000, 1000, 10), 'Ngôi nhà tranh ba gian');
		const optionDocx = await withPicture(docx, 'PICTURE-A', await png(40, 30, 200));
		const { file, result, questions } = await importFile(optionDocx, await topic('Ảnh từ Word'));
		expect(file.problems).toEqual([]);
		expect(result).toMatchObject({ ok: true, value: { new: 2, skipped: 0 } });

		const [house, wharf] = questions;
		expect(house.pictureAlt).toBe('Ngôi nhà tranh ba gian');
		const stored = await readWhole(store, house.pictureSha256!);
		const meta = await sharp(stored!).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['png', 1600, 800]);
		// the picture is the option's whole content: its text empty, a plain description given
		expect(wharf.options[0]).toMatchObject({ text: '', pictureAlt: 'Ảnh minh hoạ' });
		expect(wharf.options[0].pictureSha256).toMatch(/^[0-9a-f]{64}$/);
		expect(wharf.pictureSha256).toBeNull();
	});

	it('imports the same file twice as nothing new', async () => {
		const docx = await withPicture(
			await buildDocx(['Câu 1: Ai?', 'PIC', 'A. Một', 'B. Hai', 'Đáp án: B']),
			'PIC',
			await png(20, 20, 50),
			'Chân dung'
		);
		const topicId = await topic('Ảnh hai lần');
		expect((await importFile(docx, topicId)).result).toMatchObject({ ok: true, value: { new: 1 } });
		expect((await importFile(docx, topicId)).result).toMatchObject({
			ok: true,
			value: { new: 0, existing: 1 }
		});
	});
});

const HEADERS = ['Câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án', 'Ảnh', 'Mô tả ảnh'];

async function sheet(rows: (string | null)[][], headers = HEADERS): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const ws = workbook.addWorksheet('Câu hỏi');
	ws.addRow(headers);
	for (const row of rows) ws.addRow(row);
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

describe('importing pictures from an Excel bank in a .zip', () => {
	it('finds each picture by the file name its row gives, in any folder of the zip', async () => {
		const xlsx = await sheet([
			['Đây là di tích nào?', 'Nhà sàn', 'Lăng', 'A', 'Anh/Nha San.PNG', 'Nhà sàn gỗ bên ao'],
			['Câu không có ảnh?', 'Có', 'Không', 'B', null, null],
			['Ảnh bị thiếu?', 'Có', 'Không', 'A', 'khong-co.png', 'Ảnh']
		]);
		const bundle = writeZip([
			{ name: 'ngan-hang.xlsx', data: xlsx },
			{ name: 'anh/nha san.png', data: await png(64, 48, 90) }
		]);
		const { file, result, questions } = await importFile(bundle, await topic('Ảnh từ Excel'));
		expect(file.format).toBe('xlsx');
		expect(file.problems).toEqual([
			{ number: 3, line: 4, code: 'picture_missing', params: { name: 'khong-co.png' } }
		]);
		expect(result).toMatchObject({ ok: true, value: { new: 2, skipped: 1 } });
		expect(questions[0]).toMatchObject({ text: 'Đây là di tích nào?', pictureAlt: 'Nhà sàn gỗ bên ao' });
		expect(questions[0].pictureSha256).toMatch(/^[0-9a-f]{64}$/);
		expect(questions[1].pictureSha256).toBeNull();
	});

	it('reports a file named as a picture that is not one', async () => {
		const xlsx = await sheet([['Câu hỏi?', 'Có', 'Không', 'A', 'anh.png', 'Ảnh']]);
		const bundle = writeZip([
			{ name: 'cau-hoi.xlsx', data: xlsx },
			{ name: 'anh.png', data: new TextEncoder().encode('không phải ảnh') }
		]);
		const file = await parseQuestionFile(bundle);
		expect(file.ok && file.problems.map((p) => p.code)).toEqual(['picture_bad']);
	});

	it('gives each option the picture its "Ảnh A…F" column names, with the description beside it', async () => {
		const headers = [
			...HEADERS,
			'Phương án C',
			'Ảnh A',
			'Mô tả ảnh A',
			'Ảnh B',
			'Mô tả ảnh B',
			'Ảnh C',
			'Mô tả ảnh C'
		];
		const xlsx = await sheet(
			[
				// B is a picture alone (no text), C has text and a picture without a description
				[
					'Lá cờ nào là cờ Đảng?',
					'Cờ đỏ',
					null,
					'B',
					null,
					null,
					'Cờ vàng',
					'co-a.png',
					'Lá cờ đỏ sao vàng',
					'Co B.PNG',
					'Lá cờ búa liềm',
					'anh/co-c.webp',
					null
				],
				[
					'Phương án thiếu ảnh?',
					'Có',
					'Không',
					'A',
					null,
					null,
					null,
					null,
					null,
					'khong-co.png',
					'Ảnh',
					null,
					null
				]
			],
			headers
		);
		const bundle = writeZip([
			{ name: 'ngan-hang.xlsx', data: xlsx },
			{ name: 'co-a.png', data: await png(40, 30, 200) },
			{ name: 'anh/co b.png', data: await png(40, 30, 150) },
			{
				name: 'anh/co-c.webp',
				data: new Uint8Array(
					await sharp(await png(40, 30, 100))
						.webp()
						.toBuffer()
				)
			}
		]);
		const { file, result, questions } = await importFile(bundle, await topic('Ảnh phương án từ Excel'));
		expect(file.problems).toEqual([
			{ number: 2, line: 3, code: 'picture_missing', params: { name: 'khong-co.png' } }
		]);
		expect(result).toMatchObject({ ok: true, value: { new: 1, skipped: 1 } });
		const [flag] = questions;
		expect(flag.pictureSha256).toBeNull();
		expect(flag.options.map((o) => [o.text, o.pictureAlt])).toEqual([
			['Cờ đỏ', 'Lá cờ đỏ sao vàng'],
			['', 'Lá cờ búa liềm'],
			['Cờ vàng', 'Ảnh minh hoạ']
		]);
		const shas = flag.options.map((o) => o.pictureSha256);
		expect(new Set(shas).size).toBe(3);
		for (const sha of shas) expect(await readWhole(store, sha!)).not.toBeNull();
		// the picture-only option B is the answer
		expect(flag.options.map((o) => o.isCorrect)).toEqual([false, true, false]);
	});

	it('offers a template whose picture columns it reads back', async () => {
		const template = await buildQuestionTemplate();
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(template.bytes.buffer);
		const header = (workbook.getWorksheet('Câu hỏi')!.getRow(1).values as string[]).slice(1);
		expect(header).toEqual(
			expect.arrayContaining(['Ảnh', 'Mô tả ảnh', 'Ảnh A', 'Mô tả ảnh A', 'Ảnh F', 'Mô tả ảnh F'])
		);
		// a row filled under the template's own headers, pictures in the zip
		const ws = workbook.getWorksheet('Câu hỏi')!;
		// the examples cleared, as the template's notes ask
		for (let r = 2; r <= ws.rowCount; r++) ws.getRow(r).eachCell((c) => (c.value = null));
		const column = (name: string) => header.indexOf(name) + 1;
		const row = ws.getRow(2);
		row.getCell(column('Câu hỏi')).value = 'Ảnh nào là Bác Hồ đọc Tuyên ngôn Độc lập?';
		row.getCell(column('Ảnh A')).value = 'ba-dinh.jpg';
		row.getCell(column('Mô tả ảnh A')).value = 'Quảng trường Ba Đình năm 1945';
		row.getCell(column('Phương án B')).value = 'Không có ảnh nào';
		row.getCell(column('Đáp án')).value = 'A';
		row.commit();
		const filled = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
		const jpeg = new Uint8Array(
			await sharp(await png(30, 30, 20))
				.jpeg()
				.toBuffer()
		);
		const { file, questions } = await importFile(
			writeZip([
				{ name: 'mau.xlsx', data: filled },
				{ name: 'ba-dinh.jpg', data: jpeg }
			]),
			await topic('Mẫu có ảnh')
		);
		expect(file.problems).toEqual([]);
		expect(questions[0].options[0]).toMatchObject({ text: '', pictureAlt: 'Quảng trường Ba Đình năm 1945' });
		expect(questions[0].options[0].pictureSha256).toMatch(/^[0-9a-f]{64}$/);
	});
});
