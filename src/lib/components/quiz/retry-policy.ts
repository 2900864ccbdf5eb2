/**
 * When to send a failed submit again. Exponential steps (2 s, 4 s, 8 s … capped at 30 s) with "equal jitter" (half
 * the step plus a random half), so the thousands of pages whose attempts share a round's close do not retry in
 * step; never sooner than the server's Retry-After. The server's sweep finishes any attempt that is never submitted,
 * from its saved answers, so waiting costs nothing.
 */
const BASE_MS = 2_000;
const CAP_MS = 30_000;

export function retryDelay(
	failures: number,
	options: { retryAfterSeconds?: number | null; random?: () => number } = {}
): number {
	const random = options.random ?? Math.random;
	const step = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, failures - 1));
	const jittered = step / 2 + (random() * step) / 2;
	const floor = options.retryAfterSeconds ? options.retryAfterSeconds * 1000 : 0;
	return Math.round(Math.max(jittered, floor + (random() * BASE_MS) / 2));
}

/** Retry-After in seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
	if (header === null) return null;
	const text = header.trim();
	if (/^\d{1,6}$/.test(text)) return Number(text);
	if (!/[a-z]/i.test(text)) return null;
	const when = Date.parse(text);
	return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - now) / 1000));
}
