import type { RequestEvent } from '@sveltejs/kit';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../db/client';
import { isDriverFault, noteDriverFault } from '../db/driver-faults';
import { databaseUnavailable } from '../db/unavailable';
import { noteUnavailable, unavailable } from './unavailable';

function eventFor(path: string, headers: Record<string, string> = {}) {
	const url = new URL(`http://127.0.0.1${path}`);
	return {
		request: new Request(url, { method: 'POST', headers }),
		url,
		route: { id: path }
	} as unknown as RequestEvent;
}

/** What drizzle throws when postgres.js lost its connection: a wrapper whose cause carries the code. */
const droppedQuery = () =>
	Object.assign(new Error('Failed query: update attempt_questions …'), {
		cause: Object.assign(new Error('write CONNECTION_CLOSED 127.0.0.1:5432'), { code: 'CONNECTION_CLOSED' })
	});

describe('the database unreachable', () => {
	it('is recognised from a real refused connection, a cut one and a shutting-down server', async () => {
		const sql = postgres('postgres://nobody@127.0.0.1:1/none', { connect_timeout: 2, max: 1 });
		const refused = await sql`select 1`.then(
			() => null,
			(err: unknown) => err
		);
		await sql.end({ timeout: 1 });
		expect(databaseUnavailable(refused)).toBe(true);
		expect(databaseUnavailable(droppedQuery())).toBe(true);
		expect(databaseUnavailable({ code: '57P01' })).toBe(true); // admin_shutdown (pg_ctl stop -m fast)
		expect(databaseUnavailable({ code: '08006' })).toBe(true);
	});

	it('is not confused with a fault of the request itself', () => {
		expect(databaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
		expect(databaseUnavailable(new Error('boom'))).toBe(false);
		expect(databaseUnavailable(null)).toBe(false);
	});

	it('answers a save whose query lost its connection with 503, Retry-After and a JSON reason, not a 500', async () => {
		const event = eventFor('/quiz/7/save', {
			'content-type': 'application/json',
			accept: 'application/json'
		});
		const response = await unavailable({
			event,
			resolve: async () => {
				// SvelteKit has turned the endpoint's error into a 500 and called handleError, with a copy of the event
				noteUnavailable({ ...event, tracing: {} } as unknown as RequestEvent, droppedQuery());
				return new Response('{"message":"x"}', { status: 500 });
			}
		});
		expect(response.status).toBe(503);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
		// the page's answer queue reads JSON: anything else would make it think the person signed out
		expect(response.headers.get('content-type')).toContain('application/json');
		expect(await response.json()).toMatchObject({ ok: false, code: 'unavailable' });
	});

	it('answers 503 when the session lookup itself cannot reach the database', async () => {
		const response = await unavailable({
			event: eventFor('/rounds/3', { 'x-sveltekit-action': 'true' }),
			resolve: async () => {
				throw droppedQuery();
			}
		});
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).not.toBeNull();
	});

	it('leaves other failures as they are', async () => {
		const event = eventFor('/quiz/7/save');
		const failed = await unavailable({ event, resolve: async () => new Response('x', { status: 500 }) });
		expect(failed.status).toBe(500);
		await expect(
			unavailable({
				event,
				resolve: async () => {
					throw new Error('a bug');
				}
			})
		).rejects.toThrow('a bug');
	});
});

describe('a request in flight while a driver fault replaced the pool', () => {
	// Seen in the chaos suite: a start answered 500 because its `select count(*)` came back with no row from the
	// pool being replaced (postgres.js's write-timer fault). Whatever such a request saw is suspect; it is answered
	// like the database being unreachable, 503 + Retry-After, and the page sends it again on the new pool.
	const emptyResult = () => new TypeError("Cannot read properties of undefined (reading 'current_id')");

	it('answers 503 with Retry-After for any failure of a request that a pool replacement crossed', async () => {
		const event = eventFor('/rounds/3', { 'x-sveltekit-action': 'true' });
		const response = await unavailable({
			event,
			resolve: async () => {
				noteDriverFault();
				noteUnavailable({ ...event, tracing: {} } as unknown as RequestEvent, emptyResult());
				return new Response('{"message":"x"}', { status: 500 });
			}
		});
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).not.toBeNull();

		const thrown = await unavailable({
			event: eventFor('/rounds/3', { 'x-sveltekit-action': 'true' }),
			resolve: async () => {
				noteDriverFault();
				throw emptyResult();
			}
		});
		expect(thrown.status).toBe(503);
	});

	it('leaves the same failure a 500 when no fault happened during the request', async () => {
		noteDriverFault(); // a fault before the request started does not excuse it
		const event = eventFor('/rounds/3', { 'x-sveltekit-action': 'true' });
		const response = await unavailable({
			event,
			resolve: async () => {
				noteUnavailable({ ...event, tracing: {} } as unknown as RequestEvent, emptyResult());
				return new Response('{"message":"x"}', { status: 500 });
			}
		});
		expect(response.status).toBe(500);
	});
});

describe('a database driver fault outside any request', () => {
	it('is told apart from a bug elsewhere, so that only the former keeps the process alive', () => {
		const driver = new TypeError("Cannot read properties of null (reading 'write')");
		driver.stack = `${driver.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)`;
		const ours = new TypeError("Cannot read properties of undefined (reading 'id')");
		ours.stack = `${ours.message}\n    at load (file:///app/build/server/chunks/page.js:10:5)`;
		expect(isDriverFault(driver)).toBe(true);
		expect(isDriverFault(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
		expect(isDriverFault(ours)).toBe(false);
	});
});

describe('the pool after a PostgreSQL restart', () => {
	it('connects again within a second however many connection attempts failed meanwhile', () => {
		// postgres.js's default waits 3^n / 100 s (up to 20 s) after n failures counted across the pool
		for (const failures of [1, 5, 10, 40]) expect(reconnectDelay(failures)).toBeLessThanOrEqual(1);
		expect(reconnectDelay(0)).toBeLessThan(0.1);
	});
});
