// How much memory an export of many rows takes: streams 100,000 synthetic result rows (the columns of a round's
// results export) through the .xlsx and .csv writers, reading as a client would, and prints the peak heap and RSS
// above the starting point. `npx tsx scripts/measure-export.ts [rows]`. Figures in docs/EXPORTS.md.
import { tableStream, type Column, type ExportFormat } from '../src/lib/server/exports/table-stream';

const ROWS = Number(process.argv[2] ?? 100_000);
type Row = { n: number; name: string; unit: string; trail: string; correct: number; at: Date };
const columns: Column<Row>[] = [
	{ header: 'Thứ tự', value: (r) => r.n },
	{ header: 'Họ và tên', value: (r) => r.name },
	{ header: 'Đơn vị', value: (r) => r.unit },
	{ header: 'Thuộc', value: (r) => r.trail },
	{ header: 'Số câu đúng', value: (r) => r.correct },
	{ header: 'Nộp bài lúc', value: (r) => r.at }
];

async function* batches(): AsyncGenerator<Row[]> {
	for (let start = 0; start < ROWS; start += 2000) {
		await new Promise((r) => setImmediate(r)); // a database round trip's worth of yielding
		yield Array.from({ length: Math.min(2000, ROWS - start) }, (_, i) => ({
			n: start + i + 1,
			name: `Nguyễn Văn Thí Sinh ${start + i}`,
			unit: `Chi bộ số ${(start + i) % 5000}`,
			trail: `Đảng bộ Khối › Đảng bộ cơ sở ${(start + i) % 50} › Chi bộ số ${(start + i) % 5000}`,
			correct: (start + i) % 21,
			at: new Date(1_790_000_000_000 + (start + i) * 1000)
		}));
	}
}

async function measure(format: ExportFormat) {
	globalThis.gc?.();
	const base = process.memoryUsage();
	let peakHeap = 0;
	let peakRss = 0;
	const timer = setInterval(() => {
		const now = process.memoryUsage();
		peakHeap = Math.max(peakHeap, now.heapUsed - base.heapUsed);
		peakRss = Math.max(peakRss, now.rss - base.rss);
	}, 20);
	const started = Date.now();
	let bytes = 0;
	const reader = tableStream({ sheetName: 'x', columns, batches: batches() }, format).getReader();
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		bytes += value.length;
	}
	clearInterval(timer);
	const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
	console.log(
		`${format}: ${ROWS} rows, ${mb(bytes)} file in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
			`peak heap +${mb(peakHeap)}, peak RSS +${mb(peakRss)}`
	);
}

await measure('csv');
await measure('xlsx');
