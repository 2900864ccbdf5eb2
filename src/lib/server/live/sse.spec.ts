import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LiveTransport, LiveHub } from './hub';
import { liveStream } from './sse';

/** A transport that delivers what it is given to the hub, as a database would. */
function loopback(): LiveTransport & { deliver(payload: string): void } {
	let handler: (payload: string) => void = () => {};
	return {
		async listen(onPayload) {
			handler = onPayload;
		},
		async notify() {},
		async ping(payload) {
			handler(payload);
		},
		async close() {},
		deliver: (payload) => handler(payload)
	};
}

async function readSome(reader: ReadableStreamDefaultReader<Uint8Array>) {
	const { value } = await reader.read();
	return new TextDecoder().decode(value);
}

describe('liveStream', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('is an event stream that nginx does not buffer, says only that the contest changed, and pings', async () => {
		const transport = loopback();
		const hub = new LiveHub(transport);
		await hub.start();
		const abort = new AbortController();
		const response = liveStream(hub, 7, abort.signal, 20_000);
		expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(response.headers.get('x-accel-buffering')).toBe('no');
		expect(response.headers.get('cache-control')).toBe('no-store');
		const reader = response.body!.getReader();
		expect(await readSome(reader)).toContain('retry: 3000');
		expect(hub.subscriberCount(7)).toBe(1);

		transport.deliver('8:3'); // another contest: nothing for this client
		transport.deliver('7:2');
		expect(await readSome(reader)).toBe('event: changed\ndata: 7\n\n');

		vi.advanceTimersByTime(20_000);
		expect(await readSome(reader)).toBe(': ping\n\n');
		abort.abort();
	});

	it('leaves no listener and no timer behind when the client goes away', async () => {
		const hub = new LiveHub(loopback());
		await hub.start();
		const abort = new AbortController();
		const response = liveStream(hub, 7, abort.signal);
		const reader = response.body!.getReader();
		await readSome(reader);
		expect(hub.subscriberCount()).toBe(1);
		abort.abort();
		expect(hub.subscriberCount()).toBe(0);
		expect((await reader.read()).done).toBe(true);
		expect(vi.getTimerCount()).toBe(0);

		// a cancelled stream (the server noticed the socket closed) cleans up the same way
		const other = liveStream(hub, 7, new AbortController().signal);
		expect(hub.subscriberCount()).toBe(1);
		await other.body!.cancel();
		expect(hub.subscriberCount()).toBe(0);
		expect(vi.getTimerCount()).toBe(0);
	});

	it('ends when the hub closes at shutdown, so the connection does not hold the server open', async () => {
		const hub = new LiveHub(loopback());
		await hub.start();
		const reader = liveStream(hub, 7, new AbortController().signal, 20_000).body!.getReader();
		await reader.read();
		await hub.close();
		expect(await reader.read()).toEqual({ done: true, value: undefined });
		expect(hub.subscriberCount()).toBe(0);
	});

	it('answers a readiness probe only when the notification comes back through LISTEN', async () => {
		vi.useRealTimers();
		const hub = new LiveHub(loopback());
		await hub.start();
		expect(await hub.probe(500)).toBe(true);
		const deaf = new LiveHub({ ...loopback(), async ping() {} });
		await deaf.start();
		expect(await deaf.probe(50)).toBe(false);
		await hub.close();
		expect(await hub.probe(50)).toBe(false);
	});
});
