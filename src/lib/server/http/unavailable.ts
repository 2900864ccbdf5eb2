import { json, text, type Handle, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { driverFaultsSeen } from '../db/driver-faults';
import { databaseUnavailable } from '../db/unavailable';

/** How long a client waits before sending again while the database is unreachable (restarts take ~1–3 s). */
export const UNAVAILABLE_RETRY_SECONDS = 2;

// requests whose error handleError saw was the database being unreachable (SvelteKit has already made it a 500);
// keyed by the Request: SvelteKit may hand handleError a copy of the event (with its tracing fields), not the same object
const unreachable = new WeakSet<Request>();
// the driver-fault count when each request started: a request that a pool replacement crossed may have been given
// anything by the pool being replaced (a result with no row was seen: docs/RELIABILITY.md), so any failure of it is
// treated as the database being unreachable, and the client sends it again on the new pool
const faultsAtStart = new WeakMap<Request, number>();

function retryable(request: Request, error: unknown): boolean {
	if (databaseUnavailable(error)) return true;
	const before = faultsAtStart.get(request);
	return before !== undefined && before !== driverFaultsSeen();
}

/** Called from handleError: remembers that this request failed only because the database could not be reached. */
export function noteUnavailable(event: RequestEvent, error: unknown): boolean {
	if (!retryable(event.request, error)) return false;
	unreachable.add(event.request);
	return true;
}

/** 503 with Retry-After, as JSON for the page's fetches (the answer queue reads JSON) and as text otherwise. */
export function unavailableResponse(event: RequestEvent): Response {
	const seconds = UNAVAILABLE_RETRY_SECONDS;
	const message = m.service_unavailable_retry({ seconds });
	const headers = { 'retry-after': String(seconds), 'cache-control': 'no-store' };
	const wantsJson =
		(event.request.headers.get('accept') ?? '').includes('application/json') ||
		event.request.headers.has('x-sveltekit-action') ||
		(event.request.headers.get('content-type') ?? '').includes('application/json');
	if (wantsJson) return json({ ok: false, code: 'unavailable', message }, { status: 503, headers });
	return text(message, { status: 503, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
}

/**
 * The one place where "the database is unreachable" becomes a retryable answer instead of a 500: an error thrown by
 * a later hook (the session lookup) is caught here, and one thrown by an endpoint, action or load (already made a
 * 500 by SvelteKit, and noted by handleError) has its response replaced.
 */
export const unavailable: Handle = async ({ event, resolve }) => {
	let response: Response;
	faultsAtStart.set(event.request, driverFaultsSeen());
	try {
		response = await resolve(event);
	} catch (err) {
		if (!retryable(event.request, err)) throw err;
		console.error(
			`${event.request.method} ${event.route.id ?? event.url.pathname}: database unreachable (503)`
		);
		return unavailableResponse(event);
	}
	if (response.status >= 500 && unreachable.has(event.request)) {
		console.error(
			`${event.request.method} ${event.route.id ?? event.url.pathname}: database unreachable (503)`
		);
		return unavailableResponse(event);
	}
	return response;
};
