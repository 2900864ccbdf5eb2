// What a picture is, by its bytes (never its name): PNG, JPEG or WebP, and its size in pixels read from the header,
// before anything decodes it. SVG is refused: it is a document that can carry scripts, not a picture.

export type PictureType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface PictureHeader {
	mediaType: PictureType;
	width: number;
	height: number;
}

export type SniffRefusal = 'not_picture' | 'svg';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const ascii = (bytes: Uint8Array, at: number, text: string) =>
	text.split('').every((c, i) => bytes[at + i] === c.charCodeAt(0));
const be16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const be32 = (b: Uint8Array, at: number) =>
	((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
const le16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const le24 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);

function png(b: Uint8Array): PictureHeader | null {
	if (b.length < 24 || !PNG.every((v, i) => b[i] === v) || !ascii(b, 12, 'IHDR')) return null;
	return { mediaType: 'image/png', width: be32(b, 16), height: be32(b, 20) };
}

/** The first start-of-frame segment holds the size; markers before it are skipped by their lengths. */
function jpeg(b: Uint8Array): PictureHeader | null {
	if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
	let at = 2;
	while (at + 9 < b.length) {
		if (b[at] !== 0xff) return null;
		const marker = b[at + 1];
		if (marker === 0xff) {
			at += 1;
			continue;
		}
		const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
		if (isFrame) return { mediaType: 'image/jpeg', height: be16(b, at + 5), width: be16(b, at + 7) };
		if (marker === 0xd9 || marker === 0xda) return null;
		at += 2 + be16(b, at + 2);
	}
	return null;
}

function webp(b: Uint8Array): PictureHeader | null {
	if (b.length < 30 || !ascii(b, 0, 'RIFF') || !ascii(b, 8, 'WEBP')) return null;
	const mediaType = 'image/webp';
	if (ascii(b, 12, 'VP8 ')) return { mediaType, width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
	if (ascii(b, 12, 'VP8L')) {
		const [b0, b1, b2, b3] = [b[21], b[22], b[23], b[24]];
		return {
			mediaType,
			width: 1 + (((b1 & 0x3f) << 8) | b0),
			height: 1 + (((b3 & 0x0f) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6))
		};
	}
	if (ascii(b, 12, 'VP8X')) return { mediaType, width: 1 + le24(b, 24), height: 1 + le24(b, 27) };
	return null;
}

function looksLikeSvg(b: Uint8Array): boolean {
	const head = new TextDecoder('utf-8', { fatal: false })
		.decode(b.subarray(0, 1024))
		.replace(/^\uFEFF/, '')
		.trimStart()
		.toLowerCase();
	return (
		head.startsWith('<svg') || ((head.startsWith('<?xml') || head.startsWith('<!')) && head.includes('<svg'))
	);
}

export function sniffPicture(
	bytes: Uint8Array
): { ok: true; value: PictureHeader } | { ok: false; error: SniffRefusal } {
	const header = png(bytes) ?? jpeg(bytes) ?? webp(bytes);
	if (header && header.width > 0 && header.height > 0) return { ok: true, value: header };
	return { ok: false, error: looksLikeSvg(bytes) ? 'svg' : 'not_picture' };
}
