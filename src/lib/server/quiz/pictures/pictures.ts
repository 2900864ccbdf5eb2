// Pictures for questions and options: checked by content, re-encoded (which also strips EXIF and location data),
// scaled down to a size a phone needs, stored content-addressed in the shared file store, catalogued in `pictures`.
import sharp from 'sharp';
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { pictures } from '../../db/schema';
import type { FileStore } from '../../files/store';
import type { Result } from '../bank/common';
import { type PictureType, sniffPicture } from './sniff';

/** An upload or an embedded picture larger than this is refused (reading stops there). */
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
/** Width × height read from the header, before anything decodes it: a small file can claim a huge canvas. */
export const MAX_PICTURE_PIXELS = 40_000_000;
/** The longer side after scaling down: sharp on a phone's screen, enlarged or not. */
export const MAX_PICTURE_EDGE = 1600;
export const MAX_PICTURE_ALT = 300;

export type PictureError = 'empty' | 'too_large' | 'not_picture' | 'svg' | 'too_many_pixels';

export interface StoredPicture {
	sha256: string;
	mediaType: PictureType;
	width: number;
	height: number;
}

async function reencode(bytes: Uint8Array, type: PictureType) {
	const image = sharp(bytes, { limitInputPixels: MAX_PICTURE_PIXELS, failOn: 'error' })
		.rotate()
		.resize({ width: MAX_PICTURE_EDGE, height: MAX_PICTURE_EDGE, fit: 'inside', withoutEnlargement: true });
	const encoded =
		type === 'image/png'
			? image.png({ compressionLevel: 9 })
			: type === 'image/webp'
				? image.webp({ quality: 85 })
				: image.jpeg({ quality: 85, mozjpeg: true });
	const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
	return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/**
 * Checks a picture (PNG, JPEG or WebP by its bytes; SVG refused; size and pixel count bounded), re-encodes it and
 * stores it. Storing the same picture twice stores it once.
 */
export async function storePicture(
	db: Db,
	store: FileStore,
	bytes: Uint8Array,
	createdBy: number | null = null
): Promise<Result<StoredPicture, PictureError>> {
	if (bytes.length === 0) return { ok: false, error: 'empty' };
	if (bytes.length > MAX_PICTURE_BYTES) return { ok: false, error: 'too_large' };
	const sniffed = sniffPicture(bytes);
	if (!sniffed.ok) return sniffed;
	const { mediaType, width, height } = sniffed.value;
	if (width * height > MAX_PICTURE_PIXELS) return { ok: false, error: 'too_many_pixels' };
	let encoded;
	try {
		encoded = await reencode(bytes, mediaType);
	} catch {
		// a header that looks right on bytes that do not decode
		return { ok: false, error: 'not_picture' };
	}
	const stored = await store.put(encoded.data);
	const picture = { sha256: stored.sha256, mediaType, width: encoded.width, height: encoded.height };
	await db
		.insert(pictures)
		.values({ ...picture, size: stored.size, createdBy })
		.onConflictDoNothing({ target: pictures.sha256 });
	return { ok: true, value: picture };
}

/** Which of these hashes are catalogued pictures (stored through storePicture). */
export async function knownPictures(db: Db, hashes: string[]): Promise<Set<string>> {
	const wanted = [...new Set(hashes)];
	if (wanted.length === 0) return new Set();
	const rows = await db
		.select({ sha256: pictures.sha256 })
		.from(pictures)
		.where(inArray(pictures.sha256, wanted));
	return new Set(rows.map((r) => r.sha256));
}

export async function getPicture(db: Db, sha256: string) {
	if (!/^[0-9a-f]{64}$/.test(sha256)) return undefined;
	const [row] = await db.select().from(pictures).where(eq(pictures.sha256, sha256));
	return row;
}

/**
 * The request's body, read up to `max` bytes: a larger body (declared or actual) stops the reading there and is
 * refused, so a client cannot make the server hold more than `max` in memory.
 */
export async function readLimited(
	request: Request,
	max: number
): Promise<Result<Uint8Array, 'too_large' | 'empty'>> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (Number.isFinite(declared) && declared > max) return { ok: false, error: 'too_large' };
	if (!request.body) return { ok: false, error: 'empty' };
	const reader = request.body.getReader();
	const pieces: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.length;
		if (size > max) {
			await reader.cancel().catch(() => {});
			return { ok: false, error: 'too_large' };
		}
		pieces.push(value);
	}
	if (size === 0) return { ok: false, error: 'empty' };
	const whole = new Uint8Array(size);
	let at = 0;
	for (const piece of pieces) {
		whole.set(piece, at);
		at += piece.length;
	}
	return { ok: true, value: whole };
}
