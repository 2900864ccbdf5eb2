import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';

/**
 * `npm run backup` / `npm run restore` (docs/DEPLOYMENT.md). A backup is one folder:
 * - `database.dump` (PostgreSQL: pg_dump's custom format, restored with pg_restore) or `pglite.tar` (the embedded
 *   database's data folder, taken while the server is stopped: PGlite is one process);
 * - `files/`: a copy of FILES_DIR (uploaded essay files on the local-disk driver; files stored in PostgreSQL are in
 *   the dump);
 * - `manifest.json`: row counts per table and the sha256 of every file, which a restore checks.
 */
export interface Manifest {
	format: 1;
	createdAt: string;
	engine: 'postgres' | 'pglite';
	rows: Record<string, number>;
	files: Record<string, string>;
}

const run = promisify(execFile);

/** pg_dump / pg_restore: PG_BIN, else Debian's PostgreSQL 15 folder, else the PATH. */
export function pgTool(name: 'pg_dump' | 'pg_restore', env = process.env): string {
	for (const dir of [env.PG_BIN, '/usr/lib/postgresql/15/bin']) {
		if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
	}
	return name;
}

type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** Exact row counts of every table of the app (and of the migrations journal). */
async function rowCounts(query: Query): Promise<Record<string, number>> {
	const tables = await query(
		`select schemaname || '.' || tablename as name from pg_tables
		 where schemaname in ('public', 'drizzle') order by 1`
	);
	const rows: Record<string, number> = {};
	for (const { name } of tables) {
		const [schema, table] = String(name).split('.');
		const [{ n }] = await query(`select count(*)::int as n from "${schema}"."${table}"`);
		rows[String(name)] = Number(n);
	}
	return rows;
}

async function sha256(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) hash.update(chunk);
	return hash.digest('hex');
}

/** Every file under `dir`, relative to it, with its sha256 (an absent folder has none). */
export async function fileChecksums(dir: string): Promise<Record<string, string>> {
	const out: Record<string, string> = {};
	if (!existsSync(dir)) return out;
	for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
		if (!entry.isFile()) continue;
		const full = path.join(entry.parentPath, entry.name);
		out[path.relative(dir, full).split(path.sep).join('/')] = await sha256(full);
	}
	return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const postgresQuery =
	(sql: postgres.Sql): Query =>
	(text) =>
		sql.unsafe(text) as Promise<Record<string, unknown>[]>;
const pgliteQuery =
	(pg: PGlite): Query =>
	async (text) =>
		(await pg.query<Record<string, unknown>>(text)).rows;

export interface Source {
	databaseUrl?: string;
	pgliteDir: string;
	filesDir: string;
}

export async function backup(source: Source, outDir: string): Promise<Manifest> {
	await fs.mkdir(outDir, { recursive: true });
	if ((await fs.readdir(outDir)).length > 0) throw new Error(`${outDir} is not empty`);
	let rows: Record<string, number>;
	if (source.databaseUrl) {
		// counted in the dump's own snapshot would be ideal; counted just before, a busy site may differ slightly
		const sql = postgres(source.databaseUrl, { max: 1, onnotice: () => {} });
		try {
			rows = await rowCounts(postgresQuery(sql));
		} finally {
			await sql.end();
		}
		await run(pgTool('pg_dump'), ['-Fc', '-f', path.join(outDir, 'database.dump'), source.databaseUrl]);
	} else {
		const pg = await PGlite.create({ dataDir: source.pgliteDir });
		try {
			rows = await rowCounts(pgliteQuery(pg));
			const dump = await pg.dumpDataDir('none');
			await fs.writeFile(path.join(outDir, 'pglite.tar'), Buffer.from(await dump.arrayBuffer()));
		} finally {
			await pg.close();
		}
	}
	if (existsSync(source.filesDir))
		await fs.cp(source.filesDir, path.join(outDir, 'files'), { recursive: true });
	const manifest: Manifest = {
		format: 1,
		createdAt: new Date().toISOString(),
		engine: source.databaseUrl ? 'postgres' : 'pglite',
		rows,
		files: await fileChecksums(path.join(outDir, 'files'))
	};
	await fs.writeFile(path.join(outDir, 'manifest.json'), JSON.stringify(manifest, null, '\t') + '\n');
	return manifest;
}

/** What differs between the manifest and what was restored (empty: the restore is complete). */
export function compare(
	manifest: Manifest,
	rows: Record<string, number>,
	files: Record<string, string>
): string[] {
	const problems: string[] = [];
	for (const [table, n] of Object.entries(manifest.rows))
		if (rows[table] !== n) problems.push(`${table}: ${rows[table] ?? 'missing'} rows, the backup has ${n}`);
	for (const [file, hash] of Object.entries(manifest.files))
		if (files[file] !== hash) problems.push(`${file}: ${files[file] ? 'different content' : 'missing'}`);
	return problems;
}

/**
 * Restores into a fresh target: an empty PostgreSQL database (or a PGlite folder that does not exist yet) and an
 * empty files folder; then counts and checksums what it restored against the manifest.
 */
export async function restore(fromDir: string, target: Source): Promise<{ problems: string[] }> {
	const manifest = JSON.parse(await fs.readFile(path.join(fromDir, 'manifest.json'), 'utf8')) as Manifest;
	if (existsSync(target.filesDir) && (await fs.readdir(target.filesDir)).length > 0)
		throw new Error(`${target.filesDir} is not empty: restore into a fresh folder`);
	let rows: Record<string, number>;
	if (manifest.engine === 'postgres') {
		if (!target.databaseUrl)
			throw new Error('this backup is of PostgreSQL: set DATABASE_URL to an empty database');
		const sql = postgres(target.databaseUrl, { max: 1, onnotice: () => {} });
		try {
			const [{ n }] = await sql`select count(*)::int as n from pg_tables where schemaname = 'public'`;
			if (n > 0) throw new Error('the target database is not empty: restore into a fresh database');
			await run(pgTool('pg_restore'), [
				'--no-owner',
				'--exit-on-error',
				'-d',
				target.databaseUrl,
				path.join(fromDir, 'database.dump')
			]);
			rows = await rowCounts(postgresQuery(sql));
		} finally {
			await sql.end();
		}
	} else {
		if (target.databaseUrl) throw new Error('this backup is of the embedded database: unset DATABASE_URL');
		if (existsSync(target.pgliteDir) && (await fs.readdir(target.pgliteDir)).length > 0)
			throw new Error(`${target.pgliteDir} is not empty: restore into a fresh folder`);
		await fs.mkdir(target.pgliteDir, { recursive: true });
		const tar = new Blob([await fs.readFile(path.join(fromDir, 'pglite.tar'))]);
		const pg = await PGlite.create({ dataDir: target.pgliteDir, loadDataDir: tar });
		try {
			rows = await rowCounts(pgliteQuery(pg));
		} finally {
			await pg.close();
		}
	}
	if (existsSync(path.join(fromDir, 'files')))
		await fs.cp(path.join(fromDir, 'files'), target.filesDir, { recursive: true });
	return { problems: compare(manifest, rows, await fileChecksums(target.filesDir)) };
}
