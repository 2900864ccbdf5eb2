/**
 * The `file` kind's uploads, checked by content as essay files are (never by name): PNG and JPEG images (the header
 * read first — a small file can claim a huge canvas — then decoded by sharp), slides as .pptx (a zip opened through
 * files/office.ts with its limits enforced while inflating, holding `ppt/presentation.xml`) and PDFs (files.ts
 * checkPdf). The caller reads the upload with the contest's size limit as the essay upload does.
 *
 * `judgeCopyOfOtherFile` is the copy judges see: pictures re-encoded (no EXIF/XMP, which can carry a name), slides
 * with their document properties and comments cleared (docx-clean.ts), PDFs as essay PDFs (pdf-clean.ts).
 */
import sharp from 'sharp';
import { OFFICE_LIMITS, openOffice } from '../../files/office';
import { sniffPicture } from '../../quiz/pictures/sniff';
import { MAX_PICTURE_PIXELS } from '../../quiz/pictures/pictures';
import { cleanDocx } from '../docx-clean';
import { checkPdf, contentAddress } from '../files';
import { cleanPdf } from '../pdf-clean';

export type OtherFileKind = 'png' | 'jpeg' | 'pptx' | 'pdf';

export type OtherFileRefusal =
	| 'empty'
	| 'too_large'
	| 'not_slides_or_image'
	| 'broken_image'
	| 'too_many_pixels'
	| 'broken_pptx'
	| 'zip_bomb'
	| 'unsafe_pptx'
	| 'broken_pdf'
	| 'encrypted_pdf';

export type OtherFileInspection =
	| { ok: true; kind: OtherFileKind; sha256: string; mediaType: string }
	| { ok: false; code: OtherFileRefusal };

const MEDIA: Record<OtherFileKind, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	pdf: 'application/pdf'
};

/** Slides carry pictures and media: the .docx limits, with PowerPoint's folder for embedded objects. */
const PPTX_LIMITS = { ...OFFICE_LIMITS.essayDocx, nestedZipsUnder: ['ppt/embeddings/'] };

const accepted = (kind: OtherFileKind, bytes: Uint8Array): OtherFileInspection => ({
	ok: true,
	kind,
	sha256: contentAddress(bytes),
	mediaType: MEDIA[kind]
});

export async function inspectOtherFile(
	bytes: Uint8Array,
	{ maxBytes }: { maxBytes: number }
): Promise<OtherFileInspection> {
	if (bytes.length === 0) return { ok: false, code: 'empty' };
	if (bytes.length > maxBytes) return { ok: false, code: 'too_large' };

	const picture = sniffPicture(bytes);
	if (picture.ok) {
		const { mediaType, width, height } = picture.value;
		if (mediaType === 'image/webp') return { ok: false, code: 'not_slides_or_image' };
		if (width * height > MAX_PICTURE_PIXELS) return { ok: false, code: 'too_many_pixels' };
		try {
			// decoding every pixel is the only proof that the bytes after a good header are a picture
			await sharp(bytes, { limitInputPixels: MAX_PICTURE_PIXELS, failOn: 'error' }).stats();
		} catch {
			return { ok: false, code: 'broken_image' };
		}
		return accepted(mediaType === 'image/png' ? 'png' : 'jpeg', bytes);
	}

	if (Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-') {
		const code = await checkPdf(bytes);
		if (code === 'encrypted_pdf' || code === 'broken_pdf') return { ok: false, code };
		return code ? { ok: false, code: 'broken_pdf' } : accepted('pdf', bytes);
	}

	if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
		const opened = openOffice(bytes, PPTX_LIMITS);
		if (!opened.ok) {
			if (opened.code === 'bomb') return { ok: false, code: 'zip_bomb' };
			return { ok: false, code: opened.code === 'xml_doctype' ? 'unsafe_pptx' : 'broken_pptx' };
		}
		const presentation = opened.file.part('ppt/presentation.xml');
		if (!opened.file.part('[Content_Types].xml') || !presentation)
			return { ok: false, code: 'not_slides_or_image' };
		if (presentation.length === 0) return { ok: false, code: 'broken_pptx' };
		return accepted('pptx', bytes);
	}
	return { ok: false, code: 'not_slides_or_image' };
}

/**
 * The judge's copy of a file `inspectOtherFile` accepted as `kind` (throws otherwise). Pictures are decoded and
 * written again, turned upright first since the orientation tag goes with the rest of the metadata.
 */
export async function judgeCopyOfOtherFile(bytes: Uint8Array, kind: OtherFileKind): Promise<Uint8Array> {
	if (kind === 'pdf') return cleanPdf(bytes);
	if (kind === 'pptx') {
		const opened = openOffice(bytes, PPTX_LIMITS);
		if (!opened.ok) throw new Error(`judgeCopyOfOtherFile: ${opened.code}`);
		return cleanDocx(opened.file, 'Microsoft Office PowerPoint');
	}
	const image = sharp(bytes, { limitInputPixels: MAX_PICTURE_PIXELS }).rotate();
	const written = kind === 'png' ? image.png() : image.jpeg({ quality: 90 });
	return new Uint8Array(await written.toBuffer());
}
