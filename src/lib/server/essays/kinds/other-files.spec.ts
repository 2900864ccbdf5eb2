import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectOtherFile } from './other-files';

const MB = 1024 * 1024;
const limit = { maxBytes: 5 * MB };

async function picture(format: 'png' | 'jpeg' | 'webp'): Promise<Uint8Array> {
	const image = sharp({ create: { width: 40, height: 30, channels: 3, background: '#c0392b' } });
	return new Uint8Array(await image[format]().toBuffer());
}

async function slides(parts: Record<string, string>): Promise<Uint8Array> {
	const zip = new JSZip();
	for (const [name, text] of Object.entries(parts)) zip.file(name, text);
	return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const PPTX = {
	'[Content_Types].xml': `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
	'ppt/presentation.xml': `${XML}<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>`
};

describe('files of another kind, by content', () => {
	it('accepts PNG and JPEG images, whatever they are called', async () => {
		expect(await inspectOtherFile(await picture('png'), limit)).toMatchObject({ ok: true, kind: 'png' });
		expect(await inspectOtherFile(await picture('jpeg'), limit)).toMatchObject({
			ok: true,
			kind: 'jpeg',
			mediaType: 'image/jpeg'
		});
	});

	it('refuses a picture whose header is fine but whose pixels are not, and other picture formats', async () => {
		const png = await picture('png');
		const broken = png.slice(0, 40);
		expect(await inspectOtherFile(broken, limit)).toEqual({ ok: false, code: 'broken_image' });
		expect(await inspectOtherFile(await picture('webp'), limit)).toEqual({
			ok: false,
			code: 'not_slides_or_image'
		});
		const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>');
		expect(await inspectOtherFile(svg, limit)).toEqual({ ok: false, code: 'not_slides_or_image' });
	});

	it('accepts slides that hold a presentation, and refuses a zip that does not or cannot be read safely', async () => {
		expect(await inspectOtherFile(await slides(PPTX), limit)).toMatchObject({ ok: true, kind: 'pptx' });
		// a Word document renamed .pptx is not slides
		const docx = await slides({
			'[Content_Types].xml': PPTX['[Content_Types].xml'],
			'word/document.xml': '<w/>'
		});
		expect(await inspectOtherFile(docx, limit)).toEqual({ ok: false, code: 'not_slides_or_image' });
		const doctype = await slides({
			...PPTX,
			'ppt/slides/slide1.xml': `${XML}<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>`
		});
		expect(await inspectOtherFile(doctype, limit)).toEqual({ ok: false, code: 'unsafe_pptx' });
		const bomb = await slides({ ...PPTX, 'ppt/media/zeros.bin': '0'.repeat(60 * MB) });
		expect(await inspectOtherFile(bomb, limit)).toEqual({ ok: false, code: 'zip_bomb' });
		expect(await inspectOtherFile((await slides(PPTX)).slice(0, 30), limit)).toEqual({
			ok: false,
			code: 'broken_pptx'
		});
	});

	it('checks a PDF as essay uploads are checked', async () => {
		const doc = await PDFDocument.create();
		doc.addPage([200, 200]);
		const pdf = await doc.save();
		expect(await inspectOtherFile(pdf, limit)).toMatchObject({ ok: true, kind: 'pdf' });
		expect(await inspectOtherFile(pdf.slice(0, pdf.length - 200), limit)).toEqual({
			ok: false,
			code: 'broken_pdf'
		});
	});

	it('refuses an empty file, one over the contest’s limit, and anything else', async () => {
		expect(await inspectOtherFile(new Uint8Array(), limit)).toEqual({ ok: false, code: 'empty' });
		expect(await inspectOtherFile(await picture('png'), { maxBytes: 10 })).toEqual({
			ok: false,
			code: 'too_large'
		});
		expect(await inspectOtherFile(new TextEncoder().encode('chỉ là văn bản'), limit)).toEqual({
			ok: false,
			code: 'not_slides_or_image'
		});
	});
});
