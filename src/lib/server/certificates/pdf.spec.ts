import fs from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { newCertificateCode } from './codes';
import { renderCertificates, verificationUrl, vietnameseDate } from './pdf';
import type { CertificateText } from './queries';

function sample(overrides: Partial<CertificateText> = {}): CertificateText {
	return {
		id: 1,
		code: newCertificateCode(),
		kind: 'essay_award',
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
	it('is a PDF pdf-lib can load, one A4 landscape page per certificate, with DejaVu embedded', async () => {
		const list = [
			sample(),
			sample({ kind: 'participation', awardText: 'Đã tham gia', detail: '' }),
			sample()
		];
		const bytes = await renderCertificates(list, { origin: 'https://thi.example.vn' });
		if (process.env.CERT_PDF_OUT) await fs.writeFile(process.env.CERT_PDF_OUT, bytes);
		const { doc, names } = await embeddedFonts(bytes);
		expect(doc.getPageCount()).toBe(3);
		const { width, height } = doc.getPage(0).getSize();
		expect(Math.round(width)).toBe(842);
		expect(Math.round(height)).toBe(595);
		// subset fonts: '/DejaVuSerif-1234', '/DejaVuSerif-Bold-5678'; embedded once for the document, not per page
		expect(names).toHaveLength(2);
		expect(names.filter((n) => n.startsWith('/DejaVuSerif-Bold'))).toHaveLength(1);
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
		expect(names).toHaveLength(2);
		expect(bytes.length).toBeLessThan(3 * 1024 * 1024);
	});

	it('points the QR code at the verification page and dates the certificate in Vietnam time', () => {
		expect(verificationUrl('https://thi.example.vn/', 'ABCDE12345')).toBe(
			'https://thi.example.vn/verify/ABCDE12345'
		);
		// 17:30 UTC on 20 Nov is already 21 Nov in Vietnam
		expect(vietnameseDate(new Date('2026-11-20T17:30:00Z'))).toBe('Ngày 21 tháng 11 năm 2026');
		expect(vietnameseDate(new Date('2026-11-20T17:30:00Z'), 'Hà Nội')).toBe(
			'Hà Nội, ngày 21 tháng 11 năm 2026'
		);
	});
});
