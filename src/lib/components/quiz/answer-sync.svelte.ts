/**
 * Sends each answer the moment it is chosen and keeps the ones not yet acknowledged in localStorage, so a lost
 * connection, a refresh or a closed tab loses nothing: pending answers are sent again when the page is back online
 * or reopened. Each save carries a sequence number that rises on every change on this device and follows the
 * server-synced clock across devices, so an old save that arrives late cannot overwrite a newer one.
 */
export type SaveState = 'saved' | 'saving' | 'pending' | 'refused';

interface Pending {
	position: number;
	choices: number[];
	seq: number;
}

export class AnswerSync {
	states = $state<Record<number, SaveState>>({});
	online = $state(true);
	/** a message from the server that stops saving (the attempt is over) */
	closed = $state<string | null>(null);
	/** the session ended (signed out elsewhere, password changed): answers wait until the person signs in again */
	signedOut = $state(false);
	// not rendered (the per-question `states` are), so a plain Map
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private pending = new Map<number, Pending>();
	private running: Promise<void> | null = null;
	private lastSeq = 0;

	constructor(
		private readonly endpoint: string,
		private readonly storageKey: string,
		/** milliseconds to add to Date.now() to get the server's clock */
		private readonly clockOffset: () => number,
		private readonly sequenceBase: number
	) {}

	/** Restores answers a previous visit could not send; returns them so the page shows them chosen. */
	restore(): Pending[] {
		try {
			const saved = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]') as Pending[];
			for (const p of saved) {
				this.pending.set(p.position, p);
				this.states[p.position] = 'pending';
				this.lastSeq = Math.max(this.lastSeq, p.seq);
			}
			return saved;
		} catch {
			return [];
		}
	}

	/** Forgets this attempt's queue (it is finished). */
	static clear(storageKey: string) {
		try {
			localStorage.removeItem(storageKey);
		} catch {
			// storage unavailable: nothing was kept
		}
	}

	private persist() {
		try {
			if (this.pending.size === 0) localStorage.removeItem(this.storageKey);
			else localStorage.setItem(this.storageKey, JSON.stringify([...this.pending.values()]));
		} catch {
			// private mode or full storage: the in-memory queue still retries while the page is open
		}
	}

	choose(position: number, choices: number[]) {
		const clockSeq = Math.floor(Date.now() + this.clockOffset() - this.sequenceBase);
		// strictly rising on this device even if the clock offset is corrected downwards meanwhile
		this.lastSeq = Math.max(this.lastSeq + 1, clockSeq);
		this.pending.set(position, { position, choices, seq: this.lastSeq });
		this.states[position] = 'saving';
		this.persist();
		void this.flush();
	}

	get unsent() {
		return this.pending.size;
	}

	/**
	 * Sends everything pending, including answers chosen while sending; callers awaiting it (the submit) wait for
	 * the whole queue. Resolves early only when the network or the server refuses to take more for now.
	 */
	flush(): Promise<void> {
		this.running ??= this.drain().finally(() => (this.running = null));
		return this.running;
	}

	private async drain() {
		while (this.pending.size > 0 && !this.closed && !this.signedOut) {
			const item = [...this.pending.values()][0];
			if (!(await this.send(item))) return;
		}
	}

	private async send(item: Pending): Promise<boolean> {
		this.states[item.position] = 'saving';
		let response: Response;
		try {
			response = await fetch(this.endpoint, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify(item)
			});
		} catch {
			this.online = false;
			this.states[item.position] = 'pending';
			return false;
		}
		this.online = true;
		const json = (response.headers.get('content-type') ?? '').includes('application/json');
		if (response.status === 401 || response.redirected || !json) {
			// the session is gone; keep the answer for when the person signs in again
			this.signedOut = true;
			this.states[item.position] = 'pending';
			return false;
		}
		const body = (await response.json().catch(() => ({}))) as { ok?: boolean; message?: string };
		if (response.ok && body.ok) {
			if (this.pending.get(item.position)?.seq === item.seq) this.pending.delete(item.position);
			this.states[item.position] = this.pending.has(item.position) ? 'saving' : 'saved';
			this.persist();
			return true;
		}
		if (response.status === 404 || response.status === 409 || response.status === 422) {
			// finished, too late, not found, invalid: the attempt no longer takes this answer
			this.states[item.position] = 'refused';
			this.pending.delete(item.position);
			this.persist();
			if (response.status !== 422) this.closed = body.message ?? '';
			return true;
		}
		// 429 or a server error: keep it and try again later
		this.states[item.position] = 'pending';
		return false;
	}
}
