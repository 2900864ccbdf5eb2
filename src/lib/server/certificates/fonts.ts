// The fonts travel inside the server bundle (Vite's ?inline: a base64 data URL), so the adapter-node build needs no
// files beside it and nothing is served publicly. DejaVu covers Vietnamese; licence in fonts/LICENSE-DejaVu.txt.
import serifBoldUrl from './fonts/DejaVuSerif-Bold.ttf?inline';
import serifUrl from './fonts/DejaVuSerif.ttf?inline';

function decode(dataUrl: string): Uint8Array {
	return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

let cache: { regular: Uint8Array; bold: Uint8Array } | undefined;

export function certificateFonts() {
	cache ??= { regular: decode(serifUrl), bold: decode(serifBoldUrl) };
	return cache;
}
