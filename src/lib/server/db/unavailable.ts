/**
 * Whether an error means "the database cannot be reached right now" (its server restarting, a connection cut, the
 * pool unable to connect) rather than a fault in the request: such a request can simply be sent again a moment later.
 * Walks drizzle's wrapper (`cause`) down to the postgres.js or socket error.
 */
const CONNECTION_CODES = new Set([
	// postgres.js
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	// node:net
	'ECONNREFUSED',
	'ECONNRESET',
	'EPIPE',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EAI_AGAIN'
]);

// SQLSTATE: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, serialization_failure,
// deadlock_detected; and class 08 (connection exception) below
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

export function databaseUnavailable(err: unknown): boolean {
	let current: unknown = err;
	for (let depth = 0; current && depth < 5; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string') {
			if (CONNECTION_CODES.has(code) || TRANSIENT_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
				return true;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}
