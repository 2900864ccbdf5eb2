/**
 * What of an unexpected error may be logged: its class, the PostgreSQL error code and constraint, and the first line
 * of the innermost message with anything that looks like a value cut off. Never the query's parameters (a failed
 * sign-up's phone, email, CCCD or password hash), never a DETAIL line ("Key (phone)=(0912…) already exists"),
 * never a stack of request data.
 */
export function describeError(error: unknown): string {
	const chain: unknown[] = [];
	let current: unknown = error;
	while (current && chain.length < 5) {
		chain.push(current);
		current = (current as { cause?: unknown }).cause;
	}
	const innermost = chain.at(-1) as
		| { name?: string; message?: string; code?: string; constraint_name?: string; constraint?: string }
		| undefined;
	const names = chain.map((e) => (e as { name?: string })?.name ?? typeof e).join(' ← ');
	const code = innermost?.code ? ` code=${innermost.code}` : '';
	const constraint =
		(innermost?.constraint_name ?? innermost?.constraint)
			? ` constraint=${innermost?.constraint_name ?? innermost?.constraint}`
			: '';
	let message = String(innermost?.message ?? innermost ?? '')
		.split('\n')[0]
		.slice(0, 200);
	// drizzle's "Failed query: …" carries the SQL; "params:" follows on the next line and is already cut off
	message = message.replace(/(["'])(?:(?!\1).)*\1/g, '$1…$1');
	const frames = ((error as { stack?: string })?.stack ?? '')
		.split('\n')
		.filter((line) => /^\s+at /.test(line))
		.slice(0, 3)
		.map((line) => line.trim());
	const stack = frames.join(' | ');
	return `${names}${code}${constraint}: ${message}${stack ? ` @ ${stack}` : ''}`;
}
