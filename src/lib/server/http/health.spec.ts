import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { type LiveTransport, LiveHub } from '../live/hub';
import { createTestDb } from '../testing/db';
import { healthHandle, type ReadinessSources } from './health';

let handle: DbHandle;
let hub: LiveHub;
const migrationsDir = path.resolve('drizzle');

/** A LISTEN that hears what is sent, as a working connection does. */
function loopback(deaf = false): LiveTransport {
	let heard: (payload: string) => void = () => {};
	return {
		async listen(onPayload) {
			heard = onPayload;
		},
		async notify() {},
		async ping(payload) {
			if (!deaf) heard(payload);
		},
		async close() {}
	};
}

beforeAll(async () => {
	handle = await createTestDb();
	hub = new LiveHub(loopback());
	await hub.start();
});
afterAll(async () => {
	await hub.close();
	await handle.close();
});

const sources = (over: Partial<ReadinessSources> = {}): ReadinessSources => ({
	db: () => handle.db,
	migrationsDir,
	hub: () => hub,
	draining: () => false,
	timeoutMs: 300,
	...over
});

/** Runs the handle as SvelteKit would for GET `path`; `resolve` stands for every later handle and the route. */
async function get(path: string, over: Partial<ReadinessSources> = {}, method = 'GET') {
	let resolved = false;
	const event = {
		url: new URL(path, 'http://x.test'),
		request: new Request(new URL(path, 'http://x.test'), { method })
	} as RequestEvent;
	const response = await healthHandle(sources(over))({
		event,
		resolve: async () => {
			resolved = true;
			return new Response('page');
		}
	});
	const body = response.headers.get('content-type') === 'application/json' ? await response.json() : null;
	return { status: response.status, body, resolved, cacheControl: response.headers.get('cache-control') };
}

describe('health endpoints', () => {
	it('healthz answers 200 without touching the database, the session or any route', async () => {
		const r = await get('/healthz', {
			db: () => {
				throw new Error('healthz must not ask for the database');
			}
		});
		expect(r).toEqual({ status: 200, body: { status: 'ok' }, resolved: false, cacheControl: 'no-store' });
	});

	it('readyz is ready on a migrated database with live updates listening', async () => {
		const r = await get('/readyz');
		expect(r).toEqual({ status: 200, body: { status: 'ready' }, resolved: false, cacheControl: 'no-store' });
	});

	it('readyz names the migration this build ships that the database lacks', async () => {
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'readyz-'));
		await fs.cp(migrationsDir, dir, { recursive: true });
		const journalFile = path.join(dir, 'meta', '_journal.json');
		const journal = JSON.parse(await fs.readFile(journalFile, 'utf8'));
		const last = journal.entries.at(-1);
		journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: '9999_next' });
		await fs.writeFile(journalFile, JSON.stringify(journal));
		await fs.writeFile(path.join(dir, '9999_next.sql'), 'create table later (id int);');
		const r = await get('/readyz', { migrationsDir: dir });
		expect(r.status).toBe(503);
		expect(r.body).toEqual({ status: 'not ready', failed: ['migrations'] });
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('readyz says database when there is none, and live when LISTEN does not hear', async () => {
		expect((await get('/readyz', { db: () => undefined })).body.failed).toEqual(['database']);
		const deaf = new LiveHub(loopback(true));
		await deaf.start();
		expect((await get('/readyz', { hub: () => deaf })).body.failed).toEqual(['live']);
		expect((await get('/readyz', { hub: () => undefined })).body.failed).toEqual(['live']);
	});

	it('readyz answers 503 while the process drains for shutdown', async () => {
		const r = await get('/readyz', { draining: () => true });
		expect(r.status).toBe(503);
		expect(r.body.failed).toEqual(['draining']);
	});

	it('passes every other path on and refuses other methods on the probes', async () => {
		expect((await get('/healthz/x')).resolved).toBe(true);
		expect((await get('/readyz', {}, 'POST')).status).toBe(405);
	});
});

describe('readiness on a database that was never migrated', () => {
	it('says migrations, not database, when the database answers', async () => {
		await handle.db.execute(sql`alter table drizzle.__drizzle_migrations rename to hidden_migrations`);
		try {
			expect((await get('/readyz')).body.failed).toEqual(['migrations']);
		} finally {
			await handle.db.execute(sql`alter table drizzle.hidden_migrations rename to __drizzle_migrations`);
		}
		expect((await get('/readyz')).status).toBe(200);
	});
});
