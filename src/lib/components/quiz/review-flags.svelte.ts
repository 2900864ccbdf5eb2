/**
 * "Flag for review" marks on an attempt's questions: the participant's own notes, kept on this device only (the
 * server never needs them), so they survive a refresh during the attempt and are forgotten with the attempt.
 */
type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class ReviewFlags {
	positions = $state<number[]>([]);

	constructor(
		private readonly storageKey: string,
		private readonly storage: () => Storage | undefined = () => globalThis.localStorage
	) {}

	restore() {
		try {
			const saved = JSON.parse(this.storage()?.getItem(this.storageKey) ?? '[]');
			if (Array.isArray(saved)) this.positions = saved.filter((p): p is number => Number.isInteger(p));
		} catch {
			// unreadable or no storage: start with no flags
		}
	}

	has(position: number) {
		return this.positions.includes(position);
	}

	toggle(position: number) {
		this.positions = this.has(position)
			? this.positions.filter((p) => p !== position)
			: [...this.positions, position].sort((a, b) => a - b);
		try {
			if (this.positions.length === 0) this.storage()?.removeItem(this.storageKey);
			else this.storage()?.setItem(this.storageKey, JSON.stringify(this.positions));
		} catch {
			// storage full or blocked: the flags still work until the page closes
		}
	}

	static clear(storageKey: string) {
		try {
			globalThis.localStorage?.removeItem(storageKey);
		} catch {
			// nothing kept
		}
	}
}
