import type { QueueItem } from './judge-side';

const LEFT_FIRST: Record<QueueItem['status'], number> = { todo: 0, draft: 1, submitted: 2 };

/** The queue as a judge works through it: what is left first (not started, then drafts), then what is done. */
export function byWhatIsLeft<T extends Pick<QueueItem, 'status' | 'code'>>(items: T[]): T[] {
	return [...items].sort(
		(a, b) => LEFT_FIRST[a.status] - LEFT_FIRST[b.status] || a.code.localeCompare(b.code)
	);
}

type Stop = { assignmentId: number; code: string };

export type QueueNeighbours = {
	/** 1-based place of the entry in the round, by entry code */
	position: number;
	count: number;
	previous: Stop | null;
	next: Stop | null;
	/** the next entry after this one (wrapping round) not yet submitted, if any */
	nextLeft: Stop | null;
};

const stop = (item: QueueItem | undefined): Stop | null =>
	item ? { assignmentId: item.assignmentId, code: item.code } : null;

/**
 * Previous and next follow the round's entries in code order, which does not move while the judge scores; the
 * queue page's order does (what is left first).
 */
export function neighboursInQueue(items: QueueItem[], assignmentId: number): QueueNeighbours | null {
	const at = items.findIndex((i) => i.assignmentId === assignmentId);
	if (at < 0) return null;
	const after = [...items.slice(at + 1), ...items.slice(0, at)];
	return {
		position: at + 1,
		count: items.length,
		previous: stop(items[at - 1]),
		next: stop(items[at + 1]),
		nextLeft: stop(after.find((i) => i.status !== 'submitted'))
	};
}
