/**
 * Graceful shutdown of the production server. adapter-node, on SIGTERM or SIGINT, stops accepting connections, lets
 * requests in flight finish (up to SHUTDOWN_TIMEOUT seconds, then cuts them), and once every connection has closed
 * emits `sveltekit:shutdown`. What it cannot know, this module does:
 * - from the signal on, /readyz answers 503 (`draining`), so a balancer that still has this process stops using it;
 * - the signal also ends the live dashboards' SSE streams: an open stream is a request that never finishes, and
 *   would hold the exit for the whole SHUTDOWN_TIMEOUT (the browser reconnects, to another process);
 * - `sveltekit:shutdown` releases the database pool, the last handle that keeps Node's event loop alive.
 */
import type { Handle } from '@sveltejs/kit';

let draining = false;

export const isDraining = () => draining;

const drainSteps: Array<() => Promise<void>> = [];

/**
 * Work to stop from the signal on, awaited before `onClosed` releases the database: the job worker (jobs/index.ts)
 * takes no new job and lets the one it runs finish while the last requests do.
 */
export function whenDraining(step: () => Promise<void>) {
	drainSteps.push(step);
}

const runDrainSteps = () => Promise.allSettled(drainSteps.map((step) => step())).then(() => {});

export interface ShutdownSteps {
	/** whether to listen for SIGTERM/SIGINT (not under `vite dev`, which exits on Ctrl-C itself) */
	signals: boolean;
	/** at the signal: things that would hold connections open (SSE streams) */
	onSignal: () => Promise<void>;
	/** after the last connection closed */
	onClosed: () => Promise<void>;
	log: (message: string) => void;
}

export function installShutdown(steps: ShutdownSteps, target: NodeJS.Process = process) {
	let drained: Promise<void> | undefined;
	const signal = (name: NodeJS.Signals) => {
		if (draining) return;
		draining = true;
		steps.log(`${name}: draining (no new connections; requests in flight finish)`);
		steps.onSignal().catch((err) => steps.log(`shutdown: ${(err as Error).message}`));
		drained = runDrainSteps();
	};
	if (steps.signals) {
		target.once('SIGTERM', signal);
		target.once('SIGINT', signal);
	}
	target.once('sveltekit:shutdown', () => {
		draining = true;
		(drained ?? runDrainSteps())
			.then(() => steps.onClosed())
			.catch((err) => steps.log(`shutdown: ${(err as Error).message}`))
			.finally(() => steps.log('shutdown complete'));
	});
}

/**
 * While draining, every response closes its connection: a keep-alive connection that went idle after the signal would
 * otherwise hold the exit until its keep-alive timeout.
 */
export const drainHandle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (draining) {
		try {
			response.headers.set('connection', 'close');
		} catch {
			// immutable headers: the idle connection is closed by adapter-node's timeout instead
		}
	}
	return response;
};

/** For tests. */
export function resetDraining() {
	draining = false;
}
