// What a hostile file costs the server: every bomb through every reader, with the process's memory measured before
// and after (RSS, and the peak RSS the kernel records, which catches a spike freed before "after"). The figures are
// printed and copied into docs/SECURITY.md. Runs with --expose-gc when available (NODE_OPTIONS=--expose-gc).
import { describe, expect, it } from 'vitest';
import { inspectUpload } from '../essays/files';
import { readTable } from '../import/read-table';
import { parseQuestionFile } from '../quiz/parsers';
import { goodDocx, goodXlsx, HOSTILE_KINDS, hostileFiles } from './hostile-fixtures';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function memory() {
	gc?.();
	return { rss: process.memoryUsage().rss, peak: process.resourceUsage().maxRSS * 1024 };
}

describe('hostile files and memory', () => {
	it('no bomb grows the RSS (or its peak) by 50 MB or more, on any path', async () => {
		const xlsx = hostileFiles(await goodXlsx(), 'xl/worksheets/sheet1.xml', 'xl/media/');
		const docx = hostileFiles(await goodDocx(), 'word/document.xml', 'word/media/');
		const paths: [string, (bytes: Uint8Array) => Promise<{ ok: boolean }>, typeof xlsx][] = [
			['people import (.xlsx)', (b) => readTable(b, 'people'), xlsx],
			['bank import (.xlsx)', parseQuestionFile, xlsx],
			['bank import (.docx)', parseQuestionFile, docx],
			['essay upload (.docx)', (b) => inspectUpload(b, { maxBytes: 20 * MB }), docx]
		];
		// warm every reader once with a good file: module loading is not the bomb's cost
		await readTable(await goodXlsx(), 'people');
		await parseQuestionFile(await goodDocx());
		await parseQuestionFile(await goodXlsx());
		await inspectUpload(await goodDocx(), { maxBytes: 20 * MB });

		const rows: string[] = [];
		for (const [name, read, files] of paths) {
			for (const kind of HOSTILE_KINDS) {
				const before = memory();
				const result = await read(files[kind]);
				const after = memory();
				expect(result.ok, `${name} ${kind}`).toBe(false);
				const rss = (after.rss - before.rss) / MB;
				const peak = (after.peak - before.peak) / MB;
				rows.push(
					`| ${name} | ${kind} | ${(files[kind].length / 1024).toFixed(0)} KB | ${rss.toFixed(1)} | ${peak.toFixed(1)} |`
				);
				expect(rss, `${name} ${kind}: RSS`).toBeLessThan(50);
				expect(peak, `${name} ${kind}: peak RSS`).toBeLessThan(50);
			}
		}
		console.log(`gc exposed: ${gc !== undefined}\n${rows.join('\n')}`);
	});
});
