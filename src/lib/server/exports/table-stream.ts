/**
 * Streams a table as .xlsx (exceljs's streaming writer) or .csv (UTF-8 with a BOM so Excel reads Vietnamese),
 * pulling rows batch by batch from an async source only as fast as the client reads: memory stays flat whatever
 * the row count, and each batch is a separate database round trip, so other requests run in between.
 */
import { Transform } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import { VIETNAM_OFFSET_MINUTES } from '$lib/server/quiz/time';

export type Cell = string | number | boolean | Date | null | undefined;

export interface Column<R> {
	header: string;
	value: (row: R) => Cell;
	/** characters, for the .xlsx column */
	width?: number;
}

/**
 * `csv` is comma-separated with a decimal point (what LibreOffice, Google Sheets and an English Excel read);
 * `csv-semicolon` is what Excel reads under Vietnamese regional settings: ";" between fields and a decimal comma.
 */
export const EXPORT_FORMATS = ['xlsx', 'csv', 'csv-semicolon'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** The `format` query parameter of every export. */
export const exportFormat = z.enum(EXPORT_FORMATS).default('xlsx');

export interface TableExport<R> {
	sheetName: string;
	columns: readonly Column<R>[];
	/** batches of rows, fetched lazily (see keysetBatches) */
	batches: AsyncIterable<readonly R[]>;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	csv: 'text/csv; charset=utf-8',
	'csv-semicolon': 'text/csv; charset=utf-8'
};

const OFFSET_MS = VIETNAM_OFFSET_MINUTES * 60_000;
/** The stream stops pulling rows while this much is waiting for the client. */
const HIGH_WATER_BYTES = 1 << 20;
/** How long a batch waits for the zip to emit the previous one's bytes (small batches may emit nothing). */
const ZIP_CATCH_UP_MS = 100;

/** 21/11/2026 17:32:05 in Vietnam time: how a date reads in a CSV opened by a Vietnamese Excel. */
export function vietnamDateTime(value: Date): string {
	const wall = new Date(value.getTime() + OFFSET_MS).toISOString();
	return `${wall.slice(8, 10)}/${wall.slice(5, 7)}/${wall.slice(0, 4)} ${wall.slice(11, 19)}`;
}

/**
 * Every text field is quoted (RFC 4180), so no separator inside it can start a new cell, whichever separator the
 * spreadsheet's regional settings use (Vietnamese Excel splits on ";"); a leading = + - @ tab or CR is defused so a
 * name cannot run as a formula. Numbers are written bare so they stay numbers.
 */
export function csvField(value: Cell, decimalComma = false): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return vietnamDateTime(value);
	if (typeof value === 'boolean') return value ? '1' : '0';
	if (typeof value === 'number') return decimalComma ? String(value).replace('.', ',') : String(value);
	let text = value;
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replaceAll('"', '""')}"`;
}

function csvLine(cells: readonly Cell[], semicolon: boolean): string {
	return cells.map((cell) => csvField(cell, semicolon)).join(semicolon ? ';' : ',') + '\r\n';
}

/**
 * Excel has no time zones: a date cell shows the wall-clock time it holds, so store Vietnam's. Strings are
 * written as string cells, which Excel never evaluates, so they need no defusing (a "+84…" phone stays as is).
 */
function xlsxCell(value: Cell): Cell {
	if (value instanceof Date) return new Date(value.getTime() + OFFSET_MS);
	return value ?? null;
}

function csvStream<R>(table: TableExport<R>, semicolon: boolean): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const iterator = table.batches[Symbol.asyncIterator]();
	let headerSent = false;
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				if (!headerSent) {
					headerSent = true;
					controller.enqueue(
						encoder.encode(
							'\uFEFF' +
								csvLine(
									table.columns.map((c) => c.header),
									semicolon
								)
						)
					);
					return;
				}
				const next = await iterator.next();
				if (next.done) {
					controller.close();
					return;
				}
				let text = '';
				for (const row of next.value)
					text += csvLine(
						table.columns.map((c) => c.value(row)),
						semicolon
					);
				controller.enqueue(encoder.encode(text));
			},
			async cancel() {
				await iterator.return?.();
			}
		},
		{ highWaterMark: 1 }
	);
}

function xlsxStream<R>(table: TableExport<R>): ReadableStream<Uint8Array> {
	// exceljs's writer ignores backpressure (its buffers always accept), so the pace is kept here: a batch is
	// added only once the zip has caught up with the previous one and the client has read what waits for it.
	let written = 0;
	const out = new Transform({
		highWaterMark: HIGH_WATER_BYTES,
		transform(chunk: Buffer, _encoding, callback) {
			written += chunk.length;
			callback(null, chunk);
		}
	});
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
		stream: out,
		useStyles: true,
		useSharedStrings: false
	});
	const sheet = workbook.addWorksheet(table.sheetName.slice(0, 31), {
		views: [{ state: 'frozen', ySplit: 1 }]
	});
	sheet.columns = table.columns.map((c, i) => ({
		header: c.header,
		key: String(i),
		width: c.width ?? Math.max(10, Math.min(40, c.header.length + 2))
	}));
	sheet.getRow(1).font = { bold: true };
	sheet.getRow(1).commit();

	let cancelled = false;
	const iterator = table.batches[Symbol.asyncIterator]();
	async function paced(writtenBefore: number) {
		const started = Date.now();
		while (
			!cancelled &&
			(out.readableLength >= HIGH_WATER_BYTES ||
				(written === writtenBefore && Date.now() - started < ZIP_CATCH_UP_MS))
		)
			await sleep(5);
	}

	void (async () => {
		try {
			let writtenBefore = -1;
			for (;;) {
				await paced(writtenBefore);
				writtenBefore = written;
				if (cancelled) break;
				const next = await iterator.next();
				if (next.done) break;
				for (const row of next.value) {
					const values: Record<string, Cell> = {};
					table.columns.forEach((c, i) => (values[String(i)] = xlsxCell(c.value(row))));
					sheet.addRow(values).commit();
				}
			}
			if (cancelled) {
				await iterator.return?.();
				return;
			}
			sheet.commit();
			await workbook.commit();
		} catch (err) {
			out.destroy(err instanceof Error ? err : new Error(String(err)));
		}
	})();

	const reader = out[Symbol.asyncIterator]();
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				const next = await reader.next();
				if (next.done) controller.close();
				else controller.enqueue(new Uint8Array(next.value as Buffer));
			},
			cancel() {
				cancelled = true;
				out.destroy();
			}
		},
		{ highWaterMark: 1 }
	);
}

export function tableStream<R>(table: TableExport<R>, format: ExportFormat): ReadableStream<Uint8Array> {
	return format === 'xlsx' ? xlsxStream(table) : csvStream(table, format === 'csv-semicolon');
}

/** RFC 5987 value encoding: encodeURIComponent leaves ' ( ) * unescaped, which the header grammar forbids. */
export function rfc5987(value: string): string {
	return encodeURIComponent(value).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
}

/** The headers of a download: the file name in ASCII and in UTF-8 (RFC 6266), never cached by proxies. */
export function attachmentHeaders(fullName: string, contentType: string): Record<string, string> {
	const ascii = fullName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^A-Za-z0-9._-]+/g, '-');
	return {
		'content-type': contentType,
		'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(fullName)}`,
		'cache-control': 'private, no-store',
		'x-content-type-options': 'nosniff'
	};
}

/** An export's headers: `fileName` gets the format's extension. */
export function downloadHeaders(fileName: string, format: ExportFormat): Record<string, string> {
	return attachmentHeaders(`${fileName}.${format === 'xlsx' ? 'xlsx' : 'csv'}`, CONTENT_TYPES[format]);
}

/**
 * Batches from a keyset query: `fetch(after)` returns up to `size` rows after the key (undefined: from the
 * start); the next key is taken from the last row. Stops at a short batch.
 */
export async function* keysetBatches<R, K>(
	fetch: (after: K | undefined, size: number) => Promise<R[]>,
	keyOf: (row: R) => K,
	size = 2000
): AsyncGenerator<R[]> {
	let after: K | undefined;
	for (;;) {
		const rows = await fetch(after, size);
		if (rows.length > 0) yield rows;
		if (rows.length < size) return;
		after = keyOf(rows[rows.length - 1]);
	}
}
