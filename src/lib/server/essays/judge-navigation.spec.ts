import { describe, expect, it } from 'vitest';
import { byWhatIsLeft, neighboursInQueue } from './judge-navigation';
import type { QueueItem } from './judge-side';

const item = (assignmentId: number, code: string, status: QueueItem['status']): QueueItem => ({
	assignmentId,
	roundId: 1,
	code,
	title: code,
	status,
	third: false,
	calibration: false,
	appearanceNo: null,
	teamName: null
});

const round = [
	item(1, 'A-01', 'submitted'),
	item(2, 'A-02', 'draft'),
	item(3, 'A-03', 'todo'),
	item(4, 'A-04', 'submitted')
];

describe('byWhatIsLeft', () => {
	it('puts entries not started first, then drafts, then submitted ones, each by code', () => {
		expect(byWhatIsLeft(round).map((i) => i.code)).toEqual(['A-03', 'A-02', 'A-01', 'A-04']);
	});
});

describe('neighboursInQueue', () => {
	it('gives previous and next in code order with the place in the round', () => {
		const n = neighboursInQueue(round, 2)!;
		expect(n).toMatchObject({ position: 2, count: 4, previous: { code: 'A-01' }, next: { code: 'A-03' } });
	});

	it('has no previous on the first entry and no next on the last', () => {
		expect(neighboursInQueue(round, 1)!.previous).toBeNull();
		expect(neighboursInQueue(round, 4)!.next).toBeNull();
	});

	it('finds the next entry still to score, wrapping round, and none when all are submitted', () => {
		expect(neighboursInQueue(round, 4)!.nextLeft?.code).toBe('A-02');
		expect(neighboursInQueue(round, 3)!.nextLeft?.code).toBe('A-02');
		const done = round.map((i) => ({ ...i, status: 'submitted' as const }));
		expect(neighboursInQueue(done, 1)!.nextLeft).toBeNull();
	});

	it('answers null for an entry not in the queue', () => {
		expect(neighboursInQueue(round, 99)).toBeNull();
	});
});
