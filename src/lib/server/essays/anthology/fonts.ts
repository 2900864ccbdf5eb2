// Tinos (Times metrics, full Vietnamese coverage; Apache 2.0, Debian's fonts-croscore) travels inside the server
// bundle as the certificates' fonts do (Vite's ?inline), so the built server needs no font files beside it.
import tinosBoldUrl from '../../certificates/fonts/Tinos-Bold.ttf?inline';
import tinosItalicUrl from '../../certificates/fonts/Tinos-Italic.ttf?inline';
import tinosUrl from '../../certificates/fonts/Tinos-Regular.ttf?inline';

function decode(dataUrl: string): Uint8Array {
	return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

let cache: { regular: Uint8Array; bold: Uint8Array; italic: Uint8Array } | undefined;

export function anthologyFonts() {
	cache ??= { regular: decode(tinosUrl), bold: decode(tinosBoldUrl), italic: decode(tinosItalicUrl) };
	return cache;
}
