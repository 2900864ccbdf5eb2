// Hostile Office files for the specs, generated in code: deflate bombs (truthful and lying headers), too many
// entries, a nested zip, a DOCTYPE (billion laughs, external entity) and malformed XML, in an .xlsx or a .docx.
import { crc32, deflateRawSync, constants } from 'node:zlib';
import ExcelJS from 'exceljs';
import { buildDocx } from '../quiz/parsers/docx-fixture';
import { readZip, writeZip, type ZipEntry } from './zip';

const MB = 1024 * 1024;
const OPEN = {
	maxEntries: 10_000,
	maxTotalUncompressed: 1024 * MB,
	maxRatio: Infinity,
	ratioFloor: 0,
	nestedZipsUnder: ['']
};

/** The entries of a good file, to build hostile variants from. */
export function entriesOf(bytes: Uint8Array): ZipEntry[] {
	const read = readZip(bytes, OPEN);
	if (!read.ok) throw new Error(`entriesOf: ${read.code}`);
	return read.entries;
}

interface RawEntry {
	name: string;
	body: Buffer;
	crc: number;
	usize: number;
}

/** A zip whose entries are already deflated (method 8), with the sizes and CRC given (they may lie). */
function rawZip(entries: RawEntry[]): Uint8Array {
	const out: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	for (const e of entries) {
		const name = Buffer.from(e.name);
		const local = Buffer.alloc(30);
		local.writeUInt32LE(0x04034b50, 0);
		local.writeUInt16LE(20, 4);
		local.writeUInt16LE(8, 8);
		local.writeUInt32LE(e.crc >>> 0, 14);
		local.writeUInt32LE(e.body.length, 18);
		local.writeUInt32LE(e.usize, 22);
		local.writeUInt16LE(name.length, 26);
		const cd = Buffer.alloc(46);
		cd.writeUInt32LE(0x02014b50, 0);
		cd.writeUInt16LE(20, 4);
		cd.writeUInt16LE(20, 6);
		cd.writeUInt16LE(8, 10);
		cd.writeUInt32LE(e.crc >>> 0, 16);
		cd.writeUInt32LE(e.body.length, 20);
		cd.writeUInt32LE(e.usize, 24);
		cd.writeUInt16LE(name.length, 28);
		cd.writeUInt32LE(offset, 42);
		out.push(local, name, e.body);
		central.push(cd, name);
		offset += 30 + name.length + e.body.length;
	}
	const cd = Buffer.concat(central);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(entries.length, 8);
	end.writeUInt16LE(entries.length, 10);
	end.writeUInt32LE(cd.length, 12);
	end.writeUInt32LE(offset, 16);
	return new Uint8Array(Buffer.concat([...out, cd, end]));
}

/**
 * `megabytes` MB of zeros as one raw deflate stream, built from a 1 MB block flushed and repeated, so making it
 * costs 1 MB, not the inflated size. Returns the stream and the CRC-32 of what it inflates to.
 */
function zeros(megabytes: number): { body: Buffer; crc: number } {
	const block = Buffer.alloc(MB);
	const flushed = deflateRawSync(block, { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
	let crc = 0;
	for (let i = 0; i < megabytes; i++) crc = crc32(block, crc);
	const body = Buffer.concat([...Array<Buffer>(megabytes).fill(flushed), deflateRawSync(Buffer.alloc(0))]);
	return { body, crc };
}

function withRaw(good: ZipEntry[], extra: RawEntry): Uint8Array {
	const raw = good.map((e) => {
		const body = deflateRawSync(e.data);
		return { name: e.name, body, crc: crc32(e.data), usize: e.data.length };
	});
	return rawZip([...raw, extra]);
}

const replace = (good: ZipEntry[], part: string, xml: string): Uint8Array =>
	writeZip(good.map((e) => (e.name === part ? { name: e.name, data: Buffer.from(xml) } : e)));

const LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>`;

export const HOSTILE_KINDS = [
	'truthful_bomb',
	'lying_bomb',
	'ratio_bomb',
	'too_many_entries',
	'nested_zip',
	'billion_laughs',
	'external_entity',
	'malformed_xml'
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

/** A small real .xlsx (exceljs writes it as Excel does), read by both the people import and the bank import. */
export async function goodXlsx(): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('Câu hỏi');
	sheet.addRow(['Họ và tên', 'Câu hỏi', 'Phương án A', 'Phương án B', 'Đáp án']);
	sheet.addRow(['Nguyễn Văn A', '1 + 1 = ?', '2', '3', 'A']);
	return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

/** A small .docx question bank, which is also a valid essay. */
export const goodDocx = () =>
	buildDocx([
		'Câu 1: 1 + 1 = ?',
		'A. 2',
		'B. 3',
		'Đáp án: A',
		'Câu 2: 2 + 2 = ?',
		'A. 4',
		'B. 5',
		'Đáp án: A'
	]);

/**
 * Every hostile variant of a good Office file. `mainPart` is the XML part a reader parses (xl/worksheets/sheet1.xml,
 * word/document.xml) and `mediaFolder` where a zip may hide a bomb (xl/media/, word/media/).
 */
export function hostileFiles(
	good: Uint8Array,
	mainPart: string,
	mediaFolder: string
): Record<HostileKind, Uint8Array> {
	const entries = entriesOf(good);
	const main = entries.find((e) => e.name === mainPart);
	if (!main) throw new Error(`hostileFiles: no ${mainPart}`);
	const root = /<([\w:]+)[\s>]/.exec(
		Buffer.from(main.data)
			.toString('utf8')
			.replace(/<\?[\s\S]*?\?>/, '')
	)![1];
	const gigabyte = zeros(1024);
	const thirty = zeros(30);
	const many: ZipEntry[] = [...entries];
	for (let i = 0; i < 2000; i++) many.push({ name: `${mediaFolder}${i}.txt`, data: new Uint8Array() });
	return {
		// 1 GB of zeros in a ~1 MB file, the size declared honestly
		truthful_bomb: withRaw(entries, { name: `${mediaFolder}zeros.bin`, usize: 1024 * MB, ...gigabyte }),
		// the same stream declared as 1,000 bytes
		lying_bomb: withRaw(entries, {
			name: `${mediaFolder}zeros.bin`,
			body: gigabyte.body,
			crc: 0,
			usize: 1000
		}),
		// 30 MB (under every total limit) from a ~30 KB file: a ratio near 1,000
		ratio_bomb: withRaw(entries, { name: `${mediaFolder}zeros.bin`, usize: 30 * MB, ...thirty }),
		too_many_entries: writeZip(many),
		nested_zip: writeZip([...entries, { name: `${mediaFolder}inner.zip`, data: writeZip(entries) }]),
		billion_laughs: replace(entries, mainPart, `${LAUGHS}<${root}>&lol9;</${root}>`),
		external_entity: replace(
			entries,
			mainPart,
			`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><${root}>&xxe;</${root}>`
		),
		malformed_xml: replace(entries, mainPart, `<?xml version="1.0"?><${root}><unclosed></${root}>`)
	};
}
