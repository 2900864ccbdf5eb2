import fs from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

/** A database or a transaction: domain functions take either. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
	db: Db;
	kind: 'pglite' | 'postgres';
	migrate(migrationsFolder: string): Promise<void>;
	close(): Promise<void>;
	/** PostgreSQL only: a fresh connection pool in place of the current one (after a driver fault) */
	replacePool?(): void;
	/** the embedded client, for tests that dump or load a data folder */
	pglite?: PGlite;
}

const MIGRATION_LOCK = 7_245_001;

/**
 * Drizzle's query builder asks postgres.js for unnamed statements, and postgres.js then first sends Parse + Describe
 * and waits for the answer before it binds and executes: two round trips and two parses per query. Named prepared
 * statements (cached per connection after their first use) make every later run one round trip, one Bind + Execute.
 * The app's statements are a bounded set of texts (values are parameters), so the cache stays small.
 */
type Wrapped = (...args: unknown[]) => unknown;
interface Client {
	unsafe: Wrapped;
	begin?: Wrapped;
	savepoint?: Wrapped;
}

function preparedByDefault<T>(sql: T): T {
	const client = sql as unknown as Client;
	const unsafe = client.unsafe.bind(client);
	client.unsafe = (query, params, options) =>
		unsafe(query, params, { ...(options as object), prepare: true });
	// transactions and savepoints hand their callback a new client: it gets the same treatment
	for (const key of ['begin', 'savepoint'] as const) {
		const original = client[key]?.bind(client);
		if (!original) continue;
		client[key] = (...args) => {
			const work = args.pop() as (tx: unknown) => unknown;
			return original(...args, (tx: unknown) => work(preparedByDefault(tx)));
		};
	}
	return sql;
}

/**
 * Seconds before a pool connection that failed connects again. postgres.js's default grows as 3^n / 100 with the
 * failures counted across the whole pool, so a 2-second PostgreSQL restart seen by ten connections left the pool
 * waiting up to 20 s after the server was back (docs/RELIABILITY.md); capped at one second here, with jitter.
 */
export function reconnectDelay(failures: number): number {
	return Math.min(1, 0.05 * 2 ** failures) * (0.5 + Math.random() / 2);
}

/**
 * `readOnly`: every transaction on these connections is read-only (a write fails with SQLSTATE 25006), so a handle
 * meant for a replica cannot write even when its URL points at the primary; `application_name` names the pool in
 * pg_stat_activity.
 */
export async function openPostgres(
	url: string,
	poolMax = 10,
	options: { readOnly?: boolean } = {}
): Promise<DbHandle> {
	const connection = options.readOnly
		? { application_name: 'cuocthi-read', default_transaction_read_only: true }
		: { application_name: 'cuocthi' };
	const connect = () =>
		preparedByDefault(
			postgres(url, {
				max: poolMax,
				onnotice: () => {},
				connect_timeout: 10,
				backoff: reconnectDelay,
				connection
			})
		);
	let client = connect();
	await client`select 1`;
	const handle: DbHandle = {
		db: drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db,
		kind: 'postgres',
		async migrate(migrationsFolder) {
			// One connection holds an advisory lock so that two processes starting at once migrate one at a time.
			const single = postgres(url, { max: 1, onnotice: () => {} });
			try {
				await single`select pg_advisory_lock(${MIGRATION_LOCK})`;
				await migratePostgres(drizzlePostgres({ client: single }), { migrationsFolder });
				await single`select pg_advisory_unlock(${MIGRATION_LOCK})`;
			} finally {
				await single.end();
			}
		},
		close: () => client.end({ timeout: 5 }),
		replacePool() {
			// queries still on the old pool fail (answered 503, sent again by the page); new ones use the new pool
			const old = client;
			client = connect();
			handle.db = drizzlePostgres({ client, schema, casing: 'snake_case' }) as unknown as Db;
			old.end({ timeout: 1 }).catch(() => {});
		}
	};
	return handle;
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<DbHandle> {
	if (options.dataDir) await fs.mkdir(options.dataDir, { recursive: true });
	const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir });
	const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Db;
	return {
		db,
		kind: 'pglite',
		async migrate(migrationsFolder) {
			await migratePglite(drizzlePglite({ client }), { migrationsFolder });
		},
		close: () => client.close(),
		pglite: client
	};
}

/** Rows of a raw `db.execute(sql)`: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
	if (Array.isArray(result)) return result as T[];
	return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export async function isEmpty(db: Db): Promise<boolean> {
	const rows = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from units`));
	return rows[0].n === 0;
}
