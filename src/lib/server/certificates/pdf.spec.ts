import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { newCertificateCode } from './codes';
import { renderCertificates, verificationUrl, vietnameseDate } from './pdf';
import type { CertificateText } from './queries';
import { DEFAULT_SETTINGS, type PrintTemplate } from './settings';

const party: PrintTemplate = {
	...DEFAULT_SETTINGS,
	heading: 'party',
	issuerLines: 'Đảng ủy Khối các cơ quan tỉnh\nBan Tổ chức Cuộc thi',
	decisionNumber: '125-QĐ/BTC',
	place: 'Hà Nội',
	signerCapacity: 'TM. Ban Tổ chức',
	signerTitle: 'Trưởng ban',
	signerName: 'Nguyễn Văn Thành',
	logo: null
};

/** The text of a PDF as pdftotext (poppler) reads it: what a person copying from the file gets. */
async function textOf(bytes: Uint8Array): Promise<string> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cert-'));
	try {
		await fs.writeFile(path.join(dir, 'c.pdf'), bytes);
		return execFileSync('pdftotext', ['-layout', path.join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
	} finally {
		await fs.rm(dir, { recursive: true, force: true });
	}
}

function sample(overrides: Partial<CertificateText> = {}): CertificateText {
	return {
		id: 1,
		code: newCertificateCode(),
		kind: 'essay_award',
		contestId: 1,
		fullName: 'Nguyễn Thị Hồng Nhung',
		unitName: 'Chi bộ Phòng Tổ chức – Hành chính',
		contestTitle: 'Cuộc thi viết “Tìm hiểu lịch sử Đảng bộ tỉnh” năm 2026',
		awardText: 'Giải Nhất',
		detail: 'Đảng bộ với công cuộc đổi mới ở địa phương',
		issuerName: 'Đảng bộ Khối các cơ quan tỉnh',
		issuedAt: new Date('2026-11-21T03:00:00Z'),
		...overrides
	};
}

/** Names of the fonts a PDF embeds. */
async function embeddedFonts(bytes: Uint8Array) {
	const doc = await PDFDocument.load(bytes);
	const names: string[] = [];
	for (const [, obj] of doc.context.enumerateIndirectObjects()) {
		const dict = 'dict' in obj ? (obj as { dict: { get(n: PDFName): unknown } }).dict : obj;
		const get = (dict as { get?: (n: PDFName) => unknown }).get;
		if (typeof get !== 'function') continue;
		if (String(get.call(dict, PDFName.of('Type'))) === '/FontDescriptor')
			names.push(String(get.call(dict, PDFName.of('FontName'))));
	}
	return { doc, names };
}

describe('certificate PDF', () => {
	it('is a PDF pdf-lib can load, one A4 landscape page per certificate, with Tinos embedded', async () => {
		const list = [
			sample(),
			sample({ kind: 'participation', awardText: 'Đã tham gia', detail: '' }),
			sample()
		];
		const bytes = await renderCertificates(list, { origin: 'https://thi.example.vn' });
		const { doc, names } = await embeddedFonts(bytes);
		expect(doc.getPageCount()).toBe(3);
		const { width, height } = doc.getPage(0).getSize();
		expect(Math.round(width)).toBe(842);
		expect(Math.round(height)).toBe(595);
		// subset fonts ('/Tinos-4533', '/Tinos-Bold-4734', '/Tinos-Italic-2514'): once for the document, not per page
		expect(names).toHaveLength(3);
		expect(names.filter((n) => n.startsWith('/Tinos-Bold'))).toHaveLength(1);
		expect(names.filter((n) => n.startsWith('/Tinos-Italic'))).toHaveLength(1);
	});

	it('embeds the glyphs of Vietnamese letters with stacked diacritics', async () => {
		const bytes = await renderCertificates([sample({ fullName: 'Đặng Thị Ngọc Ánh' })], {
			origin: 'http://x'
		});
		const doc = await PDFDocument.load(bytes);
		// the ToUnicode map of the subset fonts maps glyphs back to the letters used: ặ (U+1EB7), ọ (U+1ECD)
		let cmaps = '';
		for (const [, obj] of doc.context.enumerateIndirectObjects()) {
			if (!(obj instanceof PDFRawStream)) continue;
			const filter = obj.dict.get(PDFName.of('Filter'));
			const content = filter ? inflateSync(obj.contents) : Buffer.from(obj.contents);
			const text = content.toString('latin1');
			if (text.includes('begincmap')) cmaps += text;
		}
		expect(cmaps.toLowerCase()).toContain('1eb7');
		expect(cmaps.toLowerCase()).toContain('1ecd');
	});

	it('renders 300 pages with the fonts embedded once, in a small file', async () => {
		const list = Array.from({ length: 300 }, (_, i) => sample({ id: i, fullName: `Người thứ ${i + 1}` }));
		// its speed is the benchmark's to measure (docs/CERTIFICATES.md), never a timed unit test's
		const bytes = await renderCertificates(list, { origin: 'https://thi.example.vn' });
		const { doc, names } = await embeddedFonts(bytes);
		expect(doc.getPageCount()).toBe(300);
		expect(names).toHaveLength(3);
		expect(bytes.length).toBeLessThan(3 * 1024 * 1024);
	});

	it('points the QR code at the verification page and dates the certificate in Vietnam time', () => {
		// the link carries the code in its printed form
		expect(verificationUrl('https://thi.example.vn/', 'ABCDE12345')).toBe(
			'https://thi.example.vn/verify/ABCDE-12345'
		);
		// 17:30 UTC on 20 Nov is already 21 Nov in Vietnam
		expect(vietnameseDate(new Date('2026-11-20T17:30:00Z'))).toBe('Ngày 21 tháng 11 năm 2026');
		expect(vietnameseDate(new Date('2026-11-20T17:30:00Z'), 'Hà Nội')).toBe(
			'Hà Nội, ngày 21 tháng 11 năm 2026'
		);
		// official documents write days below 10 and January, February with a leading zero
		expect(vietnameseDate(new Date('2026-12-05T03:00:00Z'), 'Hà Nội')).toBe(
			'Hà Nội, ngày 05 tháng 12 năm 2026'
		);
		expect(vietnameseDate(new Date('2027-02-01T03:00:00Z'))).toBe('Ngày 01 tháng 02 năm 2027');
		expect(vietnameseDate(new Date('2027-03-09T03:00:00Z'))).toBe('Ngày 09 tháng 3 năm 2027');
	});

	it('prints the Party heading, the issuer, the decision number, the date line, the signer and a name with Ư, Ữ, Ặ', async () => {
		const bytes = await renderCertificates(
			[sample({ fullName: 'Đặng Thị Ưng Ữ', issuedAt: new Date('2026-12-05T03:00:00Z') })],
			{ origin: 'https://thi.example.vn', template: party }
		);
		const text = await textOf(bytes);
		expect(text).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
		expect(text).toContain('ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH');
		expect(text).toContain('BAN TỔ CHỨC CUỘC THI');
		expect(text).toContain('Số 125-QĐ/BTC');
		expect(text).toContain('Hà Nội, ngày 05 tháng 12 năm 2026');
		expect(text).toContain('TM. BAN TỔ CHỨC');
		expect(text).toContain('TRƯỞNG BAN');
		expect(text).toContain('Nguyễn Văn Thành');
		expect(text).toContain('Đặng Thị Ưng Ữ');
		expect(text).toContain('GIẤY CHỨNG NHẬN');
		expect(text).toContain('Chứng nhận đồng chí');
		expect(text).not.toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
	});

	it('prints the national name and motto, "Số:" and a Giấy khen to a person and to a unit', async () => {
		const national: PrintTemplate = {
			...party,
			heading: 'national',
			awardTitle: 'commendation',
			issuerLines: 'Sở Giáo dục và Đào tạo\nBan Tổ chức Hội thi',
			decisionNumber: '125/QĐ-BTC'
		};
		const bytes = await renderCertificates(
			[
				sample({ fullName: 'Lê Văn Ặng' }),
				sample({
					kind: 'unit_award',
					fullName: 'Chi bộ Phòng Tổ chức',
					unitName: 'Đảng bộ Sở Giáo dục',
					awardText: 'Giải tập thể xuất sắc',
					detail: ''
				}),
				sample({ kind: 'participation', awardText: 'Đã tham gia', detail: '' })
			],
			{ origin: 'https://thi.example.vn', template: national }
		);
		const pages = (await textOf(bytes)).split('\f');
		expect(pages[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(pages[0]).toContain('Độc lập - Tự do - Hạnh phúc');
		expect(pages[0]).toContain('Số: 125/QĐ-BTC');
		expect(pages[0]).toContain('GIẤY KHEN');
		expect(pages[0]).toContain('Tặng Ông/Bà');
		expect(pages[0]).toContain('Lê Văn Ặng');
		expect(pages[0]).not.toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
		expect(pages[1]).toContain('Tặng tập thể');
		expect(pages[1]).toContain('Chi bộ Phòng Tổ chức');
		expect(pages[1]).toContain('Trực thuộc: Đảng bộ Sở Giáo dục');
		// participation is certified, never commended
		expect(pages[2]).toContain('GIẤY CHỨNG NHẬN');
		expect(pages[2]).not.toContain('GIẤY KHEN');
	});

	// CERT_PDF_OUT=/tmp/c.pdf keeps this one: docs/screenshots/certificate.png is its page (docs/CERTIFICATES.md)
	it('draws an uploaded logo and prints the code in its one printed form', async () => {
		const png = await fs.readFile(
			new URL('../../../../tests/fixtures/certificate-logo.png', import.meta.url)
		);
		const bytes = await renderCertificates(
			[
				sample({ code: 'ABCDE12345', fullName: 'Đặng Thị Ưng Ữ', issuedAt: new Date('2026-12-05T03:00:00Z') })
			],
			{
				origin: 'https://thi.example.vn',
				template: { ...party, awardTitle: 'commendation', logo: { bytes: png, type: 'png' } }
			}
		);
		if (process.env.CERT_PDF_OUT) await fs.writeFile(process.env.CERT_PDF_OUT, bytes);
		const doc = await PDFDocument.load(bytes);
		let images = 0;
		for (const [, obj] of doc.context.enumerateIndirectObjects())
			if (obj instanceof PDFRawStream && String(obj.dict.get(PDFName.of('Subtype'))) === '/Image') images++;
		expect(images).toBeGreaterThanOrEqual(1);
		const text = await textOf(bytes);
		expect(text).toContain('Mã xác thực: ABCDE-12345');
		expect(text).toContain('https://thi.example.vn/verify/ABCDE-12345');
	});
});
