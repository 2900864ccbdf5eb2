/**
 * Sends each answer the moment it is chosen and keeps the ones not yet acknowledged in localStorage, so a lost
 * connection, a refresh or a closed tab loses nothing: pending answers are sent again when the page is back online
 * or reopened. Each save carries a sequence number from the server-synced clock, so an old save that arrives late
 * cannot overwrite a newer one (the server keeps the higher number).
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
	// not rendered (the per-question `states` are), so a plain Map
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private pending = new Map<number, Pending>();
	private flushing = false;

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
			}
			return saved;
		} catch {
			return [];
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
		const seq = Math.max(1, Math.floor(Date.now() + this.clockOffset() - this.sequenceBase));
		this.pending.set(position, { position, choices, seq });
		this.states[position] = 'saving';
		this.persist();
		void this.flush();
	}

	get unsent() {
		return this.pending.size;
	}

	async flush() {
		if (this.flushing || this.closed) return;
		this.flushing = true;
		try {
			for (const item of [...this.pending.values()]) {
				const ok = await this.send(item);
				if (!ok) break;
			}
		} finally {
			this.flushing = false;
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
		const body = (await response.json().catch(() => ({}))) as { ok?: boolean; message?: string };
		if (response.ok && body.ok) {
			if (this.pending.get(item.position)?.seq === item.seq) this.pending.delete(item.position);
			this.states[item.position] = this.pending.has(item.position) ? 'saving' : 'saved';
			this.persist();
			return true;
		}
		if (response.status === 429 || response.status >= 500) {
			this.states[item.position] = 'pending';
			return false;
		}
		// finished, too late, not found: the attempt no longer takes answers
		this.states[item.position] = 'refused';
		this.pending.delete(item.position);
		this.persist();
		if (response.status === 409 || response.status === 404) this.closed = body.message ?? '';
		return true;
	}
}
