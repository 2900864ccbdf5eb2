import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readConfig } from '../config';

/**
 * Admission control for a burst of work such as quiz starts when a round opens: at most `active` run at once in
 * this process, up to `queue` more wait their turn for at most `maxWaitMs`; anything beyond is refused at once with
 * a Retry-After spread over a few seconds, so that every request is answered quickly (started, or "try again in N
 * seconds", which the round page does by itself) instead of piling up behind the database pool until timeouts.
 * Deliberately local to the process, unlike the rate limits (auth/rate-limit.ts, shared through PostgreSQL): it
 * protects this process's event loop and pool, which another process's load says nothing about.
 */
export class Admission {
	private running = 0;
	private readonly waiting: Array<(admitted: boolean) => void> = [];

	constructor(
		readonly active: number,
		readonly queue: number,
		readonly maxWaitMs: number,
		/** Retry-After is drawn from [min, max] seconds, so refused people do not all come back together */
		readonly retryAfterSeconds: [number, number] = [2, 6],
		/** refuse at once while this says the process is overloaded (its event loop lags) */
		readonly overloaded: () => boolean = () => false
	) {}

	/**
	 * The refusal `run` would answer right now without waiting (overloaded, or every slot and queue place taken), else
	 * null: lets a caller refuse before doing any other work for the request (a rate-limit statement, say).
	 */
	refusesNow(): { ok: false; retryAfter: number } | null {
		if (this.overloaded()) return this.refuse();
		if (this.running >= this.active && this.waiting.length >= this.queue) return this.refuse();
		return null;
	}

	/** Runs `work` when admitted; otherwise tells how many seconds to wait before trying again. */
	async run<T>(work: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; retryAfter: number }> {
		const refused = this.refusesNow();
		if (refused) return refused;
		if (this.running >= this.active) {
			const admitted = await new Promise<boolean>((resolve) => {
				const timer = setTimeout(() => {
					const i = this.waiting.indexOf(wake);
					if (i >= 0) this.waiting.splice(i, 1);
					resolve(false);
				}, this.maxWaitMs);
				const wake = (ok: boolean) => {
					clearTimeout(timer);
					resolve(ok);
				};
				this.waiting.push(wake);
			});
			// a woken waiter inherits the slot of the one that finished (running is unchanged)
			if (!admitted) return this.refuse();
		} else {
			this.running++;
		}
		try {
			return { ok: true, value: await work() };
		} finally {
			const next = this.waiting.shift();
			if (next) next(true);
			else this.running--;
		}
	}

	/** For tests and metrics. */
	get load() {
		return { running: this.running, waiting: this.waiting.length };
	}

	private refuse(): { ok: false; retryAfter: number } {
		const [min, max] = this.retryAfterSeconds;
		return { ok: false, retryAfter: min + Math.floor(Math.random() * (max - min + 1)) };
	}
}

/**
 * Whether this process's event loop has lagged more than `limitMs` on average over the last `windowMs`: every
 * request, not only starts, then waits that long before it is even read, so starting more work only makes every
 * reply later. Refusing starts then (cheap: a few microseconds) frees the process for the replies in flight.
 */
function eventLoopLagsOver(limitMs: number, windowMs = 250) {
	const histogram = monitorEventLoopDelay({ resolution: 10 });
	histogram.enable();
	let lagging = false;
	const timer = setInterval(() => {
		lagging = histogram.count > 0 && histogram.mean / 1e6 > limitMs;
		histogram.reset();
	}, windowMs);
	timer.unref();
	return () => lagging;
}

/**
 * Quiz starts of this process. A start holds a pool connection for a few short statements; all but two of the pool's
 * connections (DB_POOL_MAX) at once leave the rest to the saves of people already answering; at most 1 s in the
 * queue, and none while the event loop lags by more than 100 ms, keep every reply short when thousands start
 * together (docs/PERFORMANCE.md).
 */
export const quizStarts = new Admission(
	Math.max(2, readConfig().poolMax - 2),
	400,
	1000,
	[2, 6],
	eventLoopLagsOver(100)
);
