/**
 * At most one call of `fire(key)` per key per window, whatever the rate of `poke(key)`: the first poke after a quiet
 * window fires at once (leading edge); pokes inside the window schedule one more call at the window's end
 * (trailing edge), so the last change is never lost. Timers are unref'd: they never keep a process alive.
 */
export class Coalescer<K> {
	private last = new Map<K, number>();
	private timers = new Map<K, ReturnType<typeof setTimeout>>();

	constructor(
		private readonly windowMs: number,
		private readonly fire: (key: K) => void,
		private readonly now: () => number = Date.now
	) {}

	poke(key: K) {
		if (this.timers.has(key)) return; // a trailing call is already due: it will carry this change
		const since = this.now() - (this.last.get(key) ?? -Infinity);
		if (since >= this.windowMs) {
			this.run(key);
			return;
		}
		const timer = setTimeout(() => {
			this.timers.delete(key);
			this.run(key);
		}, this.windowMs - since);
		(timer as { unref?: () => void }).unref?.();
		this.timers.set(key, timer);
	}

	/** Forgets a key (its pending call is dropped). */
	forget(key: K) {
		clearTimeout(this.timers.get(key));
		this.timers.delete(key);
		this.last.delete(key);
	}

	clear() {
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		this.last.clear();
	}

	private run(key: K) {
		this.last.set(key, this.now());
		try {
			this.fire(key);
		} catch (err) {
			console.error('live: coalesced call failed:', (err as Error).message);
		}
	}
}
