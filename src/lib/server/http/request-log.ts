import { randomUUID } from 'node:crypto';
import type { Handle, RequestEvent } from '@sveltejs/kit';
import { pino, type DestinationStream, type Logger } from 'pino';
import { isTrusted } from './address';
import { describeError } from './log';

/**
 * Structured logs: one JSON line per request, and one per unexpected error, both with the request id that the
 * response carries back as X-Request-Id. What a line holds is chosen field by field, never a whole request or error:
 * no query strings (a search for a phone number), no bodies, no cookies or headers, no parameters of a failed query
 * (describeError), so no phone numbers, emails or passwords can reach the logs.
 */
export function createLogger(
	level = process.env.LOG_LEVEL ?? 'info',
	destination?: DestinationStream
): Logger {
	const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
	return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();

/** An id from the proxy in front (nginx's $request_id) is kept, so its access log and ours share it. */
const FORWARDED_ID = /^[A-Za-z0-9._-]{8,64}$/;

function requestIdOf(event: RequestEvent, trustedProxies: string[]): string {
	const forwarded = event.request.headers.get('x-request-id');
	if (forwarded && FORWARDED_ID.test(forwarded) && trustedProxies.length > 0) {
		let peer = '';
		try {
			peer = event.getClientAddress();
		} catch {
			// no peer address (tests, prerendering): not a trusted proxy
		}
		if (peer && isTrusted(peer, trustedProxies)) return forwarded;
	}
	return randomUUID();
}

export function requestLogHandle(log: Logger, trustedProxies: string[] = []): Handle {
	return async ({ event, resolve }) => {
		const requestId = requestIdOf(event, trustedProxies);
		event.locals.requestId = requestId;
		const started = performance.now();
		let status = 500;
		try {
			const response = await resolve(event);
			status = response.status;
			try {
				response.headers.set('x-request-id', requestId);
			} catch {
				// a response with immutable headers (a proxied fetch): it goes out without the id
			}
			return response;
		} catch (thrown) {
			// error() and redirect() thrown from a handle carry their status; anything else becomes a 500
			status = (thrown as { status?: number })?.status ?? 500;
			throw thrown;
		} finally {
			const line = {
				reqId: requestId,
				method: event.request.method,
				route: event.route.id,
				status,
				ms: Math.round((performance.now() - started) * 10) / 10
			};
			if (status >= 500) log.error(line, 'request');
			else log.info(line, 'request');
		}
	};
}

/** An unexpected error (handleError): where it happened and what describeError may keep of it. */
export function logUnexpectedError(log: Logger, event: RequestEvent, error: unknown, status: number) {
	log.error(
		{
			reqId: event.locals.requestId,
			method: event.request.method,
			route: event.route.id,
			status,
			err: describeError(error)
		},
		'unexpected error'
	);
}
