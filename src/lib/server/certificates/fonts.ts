/**
 * The serif every PDF of the app prints in: Tinos (Times New Roman's metrics, the typeface Vietnamese official
 * documents expect), whose Vietnamese letters stack cleanly (DejaVu's horn and accent collided on Ư). Full-coverage
 * TTFs from Debian's fonts-croscore, licence in fonts/LICENSE-Tinos.txt. They travel inside the server bundle (Vite's
 * ?inline, a base64 data URL), so the adapter-node build needs no file beside it and nothing is served publicly.
 * Certificates, sign-in slips and any other PDF import them from here.
 */
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import boldUrl from './fonts/Tinos-Bold.ttf?inline';
import italicUrl from './fonts/Tinos-Italic.ttf?inline';
import regularUrl from './fonts/Tinos-Regular.ttf?inline';

export type SerifFontBytes = { regular: Uint8Array; bold: Uint8Array; italic: Uint8Array };
export type SerifFonts = { regular: PDFFont; bold: PDFFont; italic: PDFFont };

function decode(dataUrl: string): Uint8Array {
	return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

let cache: SerifFontBytes | undefined;

/** The TTF bytes, decoded once per process. */
export function serifFonts(): SerifFontBytes {
	cache ??= { regular: decode(regularUrl), bold: decode(boldUrl), italic: decode(italicUrl) };
	return cache;
}

/** @deprecated the old name, kept for the sign-in slips: use serifFonts */
export const certificateFonts = serifFonts;

/** Kerning and ligatures off: Vietnamese text is NFC (precomposed letters) and layout is twice as fast without. */
export const FONT_FEATURES = { kern: false, liga: false, clig: false, calt: false };

/** Embeds the three faces in `doc`, each subset to the glyphs used (a 500-page file stays small). */
export async function embedSerifFonts(doc: PDFDocument): Promise<SerifFonts> {
	doc.registerFontkit(fontkit);
	const bytes = serifFonts();
	const embed = (face: Uint8Array) => doc.embedFont(face, { subset: true, features: FONT_FEATURES });
	const [regular, bold, italic] = await Promise.all([
		embed(bytes.regular),
		embed(bytes.bold),
		embed(bytes.italic)
	]);
	return { regular, bold, italic };
}
