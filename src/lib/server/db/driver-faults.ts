import { describeError } from '../http/log';
import { databaseUnavailable } from './unavailable';

/**
 * Whether an error that escaped every request is the database driver failing on a cut connection. Seen under the
 * fault-injection suite (docs/RELIABILITY.md) with postgres.js 3.4: a TypeError thrown from its write timer
 * (`socket.write` on a connection already closed) and an unhandled ECONNRESET. Either one would end the process,
 * taking every participant's in-flight save with it.
 */
export function isDriverFault(err: unknown): boolean {
	if (databaseUnavailable(err)) return true;
	const stack = String((err as { stack?: unknown } | null)?.stack ?? '');
	return err instanceof TypeError && /node_modules[\\/]postgres[\\/]/.test(stack);
}

let installed = false;
let faults = 0;

/** Counts a driver fault (the pool is being replaced): requests in flight across it are answered 503. */
export function noteDriverFault(): void {
	faults++;
}

/** How many driver faults this process has seen: a request compares the count at its start and at its failure. */
export const driverFaultsSeen = () => faults;

/**
 * Keeps the process serving through a driver fault: the fault is logged and `replacePool` gives the app a fresh
 * connection pool (the faulty connection may be left in a state it cannot recover from). Any other uncaught error
 * still ends the process, as Node would.
 */
export function guardDriverFaults(replacePool: () => void) {
	if (installed) return;
	installed = true;
	process.on('uncaughtException', (err) => {
		if (!isDriverFault(err)) {
			console.error(err);
			process.exit(1);
		}
		console.error(`database driver fault, connection pool replaced: ${describeError(err)}`);
		noteDriverFault();
		replacePool();
	});
	process.on('unhandledRejection', (reason) => {
		if (!isDriverFault(reason)) throw reason;
		console.error(`database driver fault (unhandled), connection pool replaced: ${describeError(reason)}`);
		noteDriverFault();
		replacePool();
	});
}
