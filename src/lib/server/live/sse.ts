import type { LiveHub } from './hub';

/** A comment line every this many ms keeps proxies and the browser from closing an idle stream. */
export const HEARTBEAT_MS = 20_000;

/**
 * A `text/event-stream` response carrying `event: changed` when the hub says the contest changed. Subscribes on
 * start and unsubscribes (and stops the heartbeat) exactly once, whether the client aborts, the stream is cancelled
 * or a write fails.
 */
export function liveStream(
	hub: LiveHub,
	contestId: number,
	signal: AbortSignal,
	heartbeatMs = HEARTBEAT_MS
): Response {
	const encoder = new TextEncoder();
	let cleanup = () => {};
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let done = false;
			const send = (text: string) => {
				if (done) return;
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					cleanup();
				}
			};
			const unsubscribe = hub.subscribe(contestId, () => send(`event: changed\ndata: ${contestId}\n\n`));
			const heartbeat = setInterval(() => send(': ping\n\n'), heartbeatMs);
			// shutdown ends the stream; the browser's EventSource reconnects (to another process) after `retry`
			const forgetClose = hub.onClose(() => cleanup());
			cleanup = () => {
				if (done) return;
				done = true;
				clearInterval(heartbeat);
				unsubscribe();
				forgetClose();
				signal.removeEventListener('abort', onAbort);
				try {
					controller.close();
				} catch {
					// already closed or cancelled
				}
			};
			const onAbort = () => cleanup();
			signal.addEventListener('abort', onAbort);
			// the browser waits 3 s before reconnecting; the opening comment flushes the headers at once
			send('retry: 3000\n: live\n\n');
			if (signal.aborted) cleanup();
		},
		cancel() {
			cleanup();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no',
			// the connection ends with the stream (at shutdown): an idle keep-alive one would hold the server's exit
			connection: 'close'
		}
	});
}
