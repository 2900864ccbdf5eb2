// The cost of sharing the rate limits: 5,000 hits of the answer-save limit, in process memory (the old way) and
// through PostgreSQL (the unlogged table's upsert), one after another (latency) and 50 at a time (throughput).
//   npx tsx scripts/bench-rate-limit.ts                        in memory and embedded PGlite
//   BENCH_DATABASE_URL=postgres://… npx tsx scripts/bench-rate-limit.ts   also that PostgreSQL (an empty scratch
//     database: the script migrates it)
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { RateLimiter, SharedRateLimiter } from '../src/lib/server/auth/rate-limit';
import { type DbHandle, openPglite, openPostgres } from '../src/lib/server/db/client';

const HITS = 5000;
const PEOPLE = 1000; // keys: each person saves 5 answers, well under the limit
const limit = 300;
const windowMs = 60_000;

async function measure(label: string, hit: (key: string) => Promise<unknown> | unknown, parallel: number) {
	const started = process.hrtime.bigint();
	let next = 0;
	const lane = async () => {
		while (next < HITS) await hit(String(next++ % PEOPLE));
	};
	await Promise.all(Array.from({ length: parallel }, lane));
	const us = Number(process.hrtime.bigint() - started) / 1000 / HITS;
	console.log(
		`${label.padEnd(46)} ${parallel === 1 ? 'sequential ' : `${parallel} at a time`}  ${us.toFixed(1).padStart(8)} µs/hit`
	);
}

async function database(label: string, handle: DbHandle) {
	await handle.migrate(path.resolve('drizzle'));
	// for scale: the cheapest round trip this database can make
	await measure(`${label}: select 1`, () => handle.db.execute(sql`select 1`), 1);
	for (const parallel of [1, 50]) {
		const limiter = new SharedRateLimiter(`bench${parallel}-${Date.now()}`, limit, windowMs);
		await measure(label, (key) => limiter.hit(handle.db, key), parallel);
	}
	await handle.close();
}

console.log(
	`${HITS} hits over ${PEOPLE} keys (${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`
);
const memory = new RateLimiter(limit, windowMs);
await measure('in process memory', (key) => memory.hit(key), 1);
await database('PGlite (embedded, in-process)', await openPglite());
if (process.env.BENCH_DATABASE_URL)
	await database('PostgreSQL (postgres.js, pool 10)', await openPostgres(process.env.BENCH_DATABASE_URL, 10));
