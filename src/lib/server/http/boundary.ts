import { error, type RequestEvent } from '@sveltejs/kit';

/**
 * The request boundary: what every request must be before any route sees it. One mechanism for every route, so a
 * new route cannot forget it (docs/SECURITY.md):
 * - ids in the path (`[id]`, `[…Id]`) are decimal integers in PostgreSQL's `integer` range, else 404;
 * - the URL carries no control characters (NUL reaches PostgreSQL as an error), else 400;
 * - a body is read at most up to the route's limit (413 past it), and a body that does not parse is a 400, not a
 *   500; control characters are removed from every text field of a form or JSON body.
 */

export const MAX_ID = 2_147_483_647;
const ID_PARAM = /^(id|[a-z][A-Za-z]*Id)$/;
const DIGITS = /^[1-9][0-9]{0,9}$/;
/** C0 controls and DEL, except tab, line feed and carriage return, which text areas send */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F]/;

export const KIB = 1024;
export const MIB = 1024 * KIB;

/** A path id as the database can hold it, or null. */
export function parseId(value: string | undefined): number | null {
	if (value === undefined || !DIGITS.test(value)) return null;
	const n = Number(value);
	return n <= MAX_ID ? n : null;
}

/** The route params that name ids and are not ids. */
export function badIdParams(params: Partial<Record<string, string>>): string[] {
	return Object.entries(params)
		.filter(([name, value]) => ID_PARAM.test(name) && parseId(value) === null)
		.map(([name]) => name);
}

/** Control characters in the decoded path or query (a malformed escape counts as one). */
export function urlHasControls(url: URL): boolean {
	try {
		return (
			ANY_CONTROL.test(decodeURIComponent(url.pathname)) || ANY_CONTROL.test(decodeURIComponent(url.search))
		);
	} catch {
		return true;
	}
}

/**
 * How large a body a route may receive. Uploads are the only large bodies (essay files up to the contest's limit,
 * imports up to 10 MB); an answer save is a few hundred bytes.
 */
export function bodyLimit(routeId: string | null): number {
	if (!routeId) return 64 * KIB;
	if (routeId.startsWith('/(participant)/essays/entries/')) return 52 * MIB;
	if (
		routeId.startsWith('/(organizer)/organize/import') ||
		routeId.startsWith('/(organizer)/organize/bank/import')
	)
		return 11 * MIB;
	if (routeId.endsWith('/save')) return 16 * KIB;
	return 1 * MIB;
}

export const stripControls = (value: string) => value.replace(CONTROL, '');

function cleanJson(value: unknown): unknown {
	if (typeof value === 'string') return stripControls(value);
	if (Array.isArray(value)) return value.map(cleanJson);
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripControls(k), cleanJson(v)]));
	return value;
}

/** The body's bytes, refused with 413 as soon as they pass `limit` (never read whole first). */
async function readCapped(request: Request, limit: number): Promise<Uint8Array> {
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > limit) error(413, 'Payload Too Large');
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		let chunk: ReadableStreamReadResult<Uint8Array>;
		try {
			chunk = await reader.read();
		} catch {
			error(400, 'Bad Request');
		}
		if (chunk.done) break;
		size += chunk.value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			error(413, 'Payload Too Large');
		}
		chunks.push(chunk.value);
	}
	if (chunks.length === 1) return chunks[0];
	const bytes = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		bytes.set(c, at);
		at += c.byteLength;
	}
	return bytes;
}

/**
 * Replaces the request's body readers with guarded ones: the route code keeps calling `request.formData()` /
 * `request.json()` / `request.text()` (superforms too), and gets 400 or 413 instead of an exception.
 */
export function guardBody(request: Request, limit: number): void {
	const contentType = request.headers.get('content-type') ?? '';
	const define = (name: string, value: unknown) =>
		Object.defineProperty(request, name, { value, configurable: true, writable: true });
	define('text', async () => stripControls(new TextDecoder().decode(await readCapped(request, limit))));
	define('json', async () => {
		const text = new TextDecoder().decode(await readCapped(request, limit));
		try {
			return cleanJson(JSON.parse(text));
		} catch {
			error(400, 'Bad Request');
		}
	});
	define('formData', async () => {
		const bytes = await readCapped(request, limit);
		let parsed: FormData;
		try {
			parsed = await new Response(bytes as BodyInit, { headers: { 'content-type': contentType } }).formData();
		} catch {
			error(400, 'Bad Request');
		}
		const cleaned = new FormData();
		for (const [key, value] of parsed)
			cleaned.append(stripControls(key), typeof value === 'string' ? stripControls(value) : value);
		return cleaned;
	});
}

/** Everything the boundary refuses, or null: checked before any load, action or endpoint runs. */
export function boundaryRefusal(event: Pick<RequestEvent, 'params' | 'url'>): 400 | 404 | null {
	if (urlHasControls(event.url)) return 400;
	if (badIdParams(event.params).length > 0) return 404;
	return null;
}
