// Helpers for the import specs: build files the way Excel and organizers make them, and a minimal organization.
import ExcelJS from 'exceljs';
import { count, eq } from 'drizzle-orm';
import type { OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { importBatches, units, users } from '../db/schema';
import { createUnit } from '../units';
import { previewImport } from './preview';
import type { CellValue, ImportKind } from './types';

export const UNIT_HEADERS = ['Mã đơn vị', 'Tên đơn vị', 'Mã đơn vị cấp trên', 'Số người'];
export const PEOPLE_HEADERS = ['Họ và tên', 'Ngày sinh', 'Mã đơn vị', 'Số điện thoại', 'Email', 'Số CCCD'];

/** A CSV as Excel saves it: UTF-8 with a BOM, CRLF, quotes where needed. */
export function csv(rows: CellValue[][], options: { bom?: boolean; delimiter?: string } = {}): Uint8Array {
	const delimiter = options.delimiter ?? ',';
	const quote = (cell: CellValue) => {
		const text = String(cell ?? '');
		return /[",;\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	};
	const text = rows.map((row) => row.map(quote).join(delimiter)).join('\r\n') + '\r\n';
	return new TextEncoder().encode((options.bom === false ? '' : '\uFEFF') + text);
}

export async function xlsx(rows: ExcelJS.CellValue[][], sheetName = 'Sheet1'): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(sheetName);
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** An organizer in a top unit, to upload batches. */
export async function seedOrganizer(db: Db, phone = '0900000002') {
	const top = await createUnit(db, { code: 'BTC', name: 'Ban tổ chức', parentId: null, headcount: 1 });
	if (!top.ok) throw new Error(top.error);
	const [user] = await db
		.insert(users)
		.values({
			fullName: 'Lê Thị Tổ Chức',
			birthDate: '1980-01-01',
			unitId: top.value.id,
			phone,
			passwordHash: 'x',
			searchText: 'le thi to chuc'
		})
		.returning();
	return { user, actor: { id: user.id, isAdmin: false }, topUnit: top.value };
}

export async function preview(
	db: Db,
	userId: number,
	kind: ImportKind,
	bytes: Uint8Array,
	fileName = 'tep.csv',
	scope?: OrganizerScope
) {
	const result = await previewImport(db, { kind, fileName, bytes, userId, scope });
	if (!result.ok) throw new Error(`file refused: ${result.error.code}`);
	return result.preview;
}

export async function tableSizes(db: Db) {
	const [{ n: people }] = await db.select({ n: count() }).from(users);
	const [{ n: unitCount }] = await db.select({ n: count() }).from(units);
	return { people, units: unitCount };
}

export async function batchStatus(db: Db, id: string) {
	const [batch] = await db
		.select({ status: importBatches.status })
		.from(importBatches)
		.where(eq(importBatches.id, id));
	return batch?.status;
}
