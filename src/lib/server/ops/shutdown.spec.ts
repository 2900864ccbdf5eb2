import { EventEmitter } from 'node:events';
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { drainHandle, installShutdown, isDraining, resetDraining, whenDraining } from './shutdown';

afterEach(() => resetDraining());

const respond = () =>
	drainHandle({ event: {} as RequestEvent, resolve: async () => new Response('ok') }) as Promise<Response>;

describe('graceful shutdown', () => {
	it('drains from the signal on: SSE streams end, responses close their connection, then the pool is released', async () => {
		const emitter = new EventEmitter();
		const target = emitter as unknown as NodeJS.Process;
		const steps: string[] = [];
		installShutdown(
			{
				signals: true,
				onSignal: async () => void steps.push('streams ended'),
				onClosed: async () => void steps.push('pool released'),
				log: () => {}
			},
			target
		);
		expect((await respond()).headers.get('connection')).toBeNull();
		emitter.emit('SIGTERM', 'SIGTERM');
		expect(isDraining()).toBe(true);
		expect((await respond()).headers.get('connection')).toBe('close');
		emitter.emit('SIGTERM', 'SIGTERM'); // a second signal starts nothing twice
		emitter.emit('sveltekit:shutdown', 'SIGTERM');
		await new Promise((r) => setTimeout(r, 0));
		expect(steps).toEqual(['streams ended', 'pool released']);
	});

	it('stops the job worker from the signal on, and releases the pool only once it has stopped', async () => {
		const emitter = new EventEmitter();
		const target = emitter as unknown as NodeJS.Process;
		const steps: string[] = [];
		let finishJob!: () => void;
		whenDraining(async () => {
			steps.push('worker takes no new job');
			await new Promise<void>((r) => (finishJob = r));
			steps.push('running job finished');
		});
		installShutdown(
			{
				signals: true,
				onSignal: async () => {},
				onClosed: async () => void steps.push('pool released'),
				log: () => {}
			},
			target
		);
		emitter.emit('SIGTERM', 'SIGTERM');
		emitter.emit('sveltekit:shutdown', 'SIGTERM');
		await new Promise((r) => setTimeout(r, 10));
		expect(steps).toEqual(['worker takes no new job']);
		finishJob();
		await new Promise((r) => setTimeout(r, 0));
		expect(steps).toEqual(['worker takes no new job', 'running job finished', 'pool released']);
	});

	it('leaves the signals alone under vite dev', () => {
		const target = new EventEmitter() as unknown as NodeJS.Process;
		installShutdown(
			{ signals: false, onSignal: async () => {}, onClosed: async () => {}, log: () => {} },
			target
		);
		expect((target as unknown as EventEmitter).listenerCount('SIGINT')).toBe(0);
		expect((target as unknown as EventEmitter).listenerCount('sveltekit:shutdown')).toBe(1);
	});
});
