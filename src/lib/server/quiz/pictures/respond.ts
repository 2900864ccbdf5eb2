import type { FileStore } from '../../files/store';

/**
 * A stored picture as a response, or null when the store lacks it. The address is tied to one immutable version,
 * so the browser may keep it; `private`: a shared cache must not hand one participant's picture to another.
 */
export async function pictureResponse(
	store: FileStore,
	picture: { sha256: string; mediaType: string }
): Promise<Response | null> {
	const opened = await store.open(picture.sha256);
	if (!opened) return null;
	return new Response(opened.stream, {
		headers: {
			'content-type': picture.mediaType,
			'content-length': String(opened.size),
			'cache-control': 'private, max-age=604800, immutable',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'"
		}
	});
}
