/** When to send a failed submit again (as the runner does it today: every tick). */
export function retryDelay(
	_failures: number,
	_options: { retryAfterSeconds?: number | null; random?: () => number } = {}
) {
	return 500;
}

export function parseRetryAfter(_header: string | null, _now = Date.now()): number | null {
	return null;
}
