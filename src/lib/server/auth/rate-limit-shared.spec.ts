import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, type DbHandle, openPostgres, rowsOf } from '../db/client';
import * as schema from '../db/schema';
import { readConfig } from '../config';
import { createTestDb } from '../testing/db';
import { deleteExpiredRateCounters, limits, SharedRateLimiter } from './rate-limit';

// Two app processes: two database handles (on PostgreSQL two connection pools; PGlite is one process, so two
// drizzle instances over its one client) and two limiter objects, as two processes would each build them.
let handle: DbHandle;
let second: { db: Db; close: () => Promise<void> };
const MINUTE = 60_000;

beforeAll(async () => {
	handle = await createTestDb();
	if (handle.kind === 'postgres') {
		const [{ name }] = rowsOf<{ name: string }>(
			await handle.db.execute(sql`select current_database() as name`)
		);
		const url = new URL(process.env.TEST_DATABASE_URL!);
		url.pathname = `/${name}`;
		second = await openPostgres(url.toString(), 5);
	} else {
		second = {
			db: drizzle({ client: handle.pglite!, schema, casing: 'snake_case' }) as unknown as Db,
			close: async () => {}
		};
	}
});
afterAll(async () => {
	await second.close();
	await handle.close();
});

const oks = (hits: { ok: boolean }[]) => hits.filter((h) => h.ok).length;

describe('rate limits shared by every process', () => {
	it('counts the hits of both processes against one limit', async () => {
		const inA = new SharedRateLimiter('save', 5, MINUTE);
		const inB = new SharedRateLimiter('save', 5, MINUTE);
		for (let i = 0; i < 3; i++) expect((await inA.hit(handle.db, '41')).ok).toBe(true);
		for (let i = 0; i < 2; i++) expect((await inB.hit(second.db, '41')).ok).toBe(true);
		const refused = await inB.hit(second.db, '41');
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.retryAfter).toBeGreaterThanOrEqual(59);
		expect((await inA.hit(handle.db, '41')).ok).toBe(false);
		// another person, and another limit of the same person, count apart
		expect((await inA.hit(handle.db, '42')).ok).toBe(true);
		expect((await new SharedRateLimiter('start', 5, MINUTE).hit(handle.db, '41')).ok).toBe(true);
	});

	it('lets exactly the limit through when 60 hits arrive at once through both processes', async () => {
		const inA = new SharedRateLimiter('burst', 20, MINUTE);
		const inB = new SharedRateLimiter('burst', 20, MINUTE);
		const hits = await Promise.all(
			Array.from({ length: 60 }, (_, i) => (i % 2 ? inA.hit(handle.db, '7') : inB.hit(second.db, '7')))
		);
		expect(oks(hits)).toBe(20);
	});

	it('opens again when the window has ended, and the sweep forgets ended windows', async () => {
		const limiter = new SharedRateLimiter('short', 1, 700);
		expect((await limiter.hit(handle.db, 'x')).ok).toBe(true);
		expect(await limiter.hit(second.db, 'x')).toEqual({ ok: false, retryAfter: 1 });
		await new Promise((r) => setTimeout(r, 800));
		await deleteExpiredRateCounters(second.db);
		const left = rowsOf<{ key: string }>(await handle.db.execute(sql`select key from rate_counters`));
		expect(left.map((r) => r.key)).not.toContain('short:x');
		expect((await limiter.hit(second.db, 'x')).ok).toBe(true);
	});

	it('keeps the counters in an unlogged table, and every limit of the app is shared', async () => {
		const [table] = rowsOf<{ persistence: string }>(
			await handle.db.execute(
				sql`select relpersistence as persistence from pg_class where relname = 'rate_counters'`
			)
		);
		expect(table.persistence).toBe('u');
		for (const limiter of Object.values(limits)) {
			expect(limiter).toBeInstanceOf(SharedRateLimiter);
			expect(limiter.shared).toBe(true);
		}
	});

	it('counts in each process apart only when RATE_LIMIT_STORE=memory asks for it (one process, benchmarks)', async () => {
		expect(readConfig({}).rateLimitStore).toBe('db');
		expect(readConfig({ RATE_LIMIT_STORE: 'memory' }).rateLimitStore).toBe('memory');
		expect(() => readConfig({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE/);
		const inA = new SharedRateLimiter('local', 2, MINUTE, 'memory');
		const inB = new SharedRateLimiter('local', 2, MINUTE, 'memory');
		expect(inA.shared).toBe(false);
		for (let i = 0; i < 2; i++) expect((await inA.hit(handle.db, '9')).ok).toBe(true);
		expect((await inA.hit(handle.db, '9')).ok).toBe(false);
		// the other process still lets the person through: the N-times hole the shared default closes
		expect((await inB.hit(second.db, '9')).ok).toBe(true);
		const rows = rowsOf<{ key: string }>(
			await handle.db.execute(sql`select key from rate_counters where key like 'local:%'`)
		);
		expect(rows).toEqual([]);
	});
});
