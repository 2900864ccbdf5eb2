// Browser helpers for the import page: an upload that reports progress, an NDJSON reader, a CSV download.
import type { ApplyLine } from './api';

/** XMLHttpRequest, because fetch() cannot report upload progress. Resolves with the status and the JSON body. */
export function uploadWithProgress(
	url: string,
	form: FormData,
	onProgress: (loaded: number, total: number) => void
): Promise<{ status: number; body: unknown }> {
	return new Promise((resolve, reject) => {
		const xhr = new XMLHttpRequest();
		xhr.open('POST', url);
		xhr.setRequestHeader('accept', 'application/json');
		xhr.responseType = 'json';
		xhr.upload.onprogress = (event) => {
			if (event.lengthComputable) onProgress(event.loaded, event.total);
		};
		xhr.onload = () => resolve({ status: xhr.status, body: xhr.response });
		xhr.onerror = () => reject(new Error('network'));
		xhr.onabort = () => reject(new Error('aborted'));
		xhr.send(form);
	});
}

/** Calls `onLine` for each JSON line of a streamed body as it arrives. */
export async function readNdjson(body: ReadableStream<Uint8Array>, onLine: (line: ApplyLine) => void) {
	const reader = body.getReader();
	const decoder = new TextDecoder();
	let buffer = '';
	for (;;) {
		const { value, done } = await reader.read();
		if (value) buffer += decoder.decode(value, { stream: true });
		let newline: number;
		while ((newline = buffer.indexOf('\n')) >= 0) {
			const line = buffer.slice(0, newline).trim();
			buffer = buffer.slice(newline + 1);
			if (line) onLine(JSON.parse(line) as ApplyLine);
		}
		if (done) break;
	}
	if (buffer.trim()) onLine(JSON.parse(buffer) as ApplyLine);
}

/** Quoted, and a leading = + - @ neutralized so that Excel does not run a cell as a formula. */
function csvCell(value: string | number): string {
	const text = String(value);
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return `"${safe.replaceAll('"', '""')}"`;
}

/** Builds the file in the browser (nothing goes back to the server): UTF-8 with a BOM, so Excel shows Vietnamese. */
export function downloadCsv(fileName: string, rows: (string | number)[][]) {
	const text = '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
	downloadBlob(fileName, new Blob([text], { type: 'text/csv;charset=utf-8' }));
}

/** Saves a blob made or fetched by the page as a file. */
export function downloadBlob(fileName: string, blob: Blob) {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = fileName;
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
