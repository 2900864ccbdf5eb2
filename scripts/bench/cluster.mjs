// A throwaway PostgreSQL cluster for the benchmark: initdb in a temporary folder (as the postgres user when run as
// root, since PostgreSQL refuses to run as root), a free port, a private socket folder. Stopped and removed at exit.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
/** Debian's layout first, then whatever pg_config says. */
export function postgresBin() {
	const candidates = [process.env.PG_BIN, '/usr/lib/postgresql/15/bin'];
	try {
		candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
	} catch {
		// no pg_config on PATH
	}
	for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, 'initdb'))) return dir;
	return null;
}
export async function freePort(from) {
	for (let port = from; port < from + 500; port++) {
		const free = await new Promise((resolve) => {
			const server = net.createServer();
			server.once('error', () => resolve(false));
			server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
		});
		if (free) return port;
	}
	throw new Error(`no free port from ${from}`);
}
const isRoot = process.getuid?.() === 0;
function run(bin, args) {
	const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
	const out = spawnSync(cmd, argv, { cwd: '/', encoding: 'utf8' });
	if (out.status !== 0) throw new Error(`${path.basename(bin)} failed: ${out.stderr || out.stdout}`);
}
/**
 * Settings: production-like durability (fsync and synchronous_commit on), memory sized for a 2-core, 24 GiB
 * machine shared with the app. BENCH_PG_OPTS adds or overrides `-c name=value` settings.
 */
export async function startCluster() {
	const bin = postgresBin();
	if (!bin)
		throw new Error('PostgreSQL is not installed (apt-get install -y postgresql), or set BENCH_DATABASE_URL');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuocthi-bench-pg-'));
	if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	run(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'postgres',
		'-A',
		'trust',
		'-E',
		'UTF8',
		'--locale=C.UTF-8',
		'--no-sync'
	]);
	const port = await freePort(56432);
	const settings = [
		'listen_addresses=127.0.0.1',
		'max_connections=300',
		'shared_buffers=1GB',
		'effective_cache_size=8GB',
		'work_mem=16MB',
		'maintenance_work_mem=512MB',
		'max_wal_size=8GB',
		'checkpoint_timeout=30min',
		'jit=off'
	];
	const opts = [
		`-p ${port}`,
		`-k ${dir}`,
		...settings.map((s) => `-c ${s}`),
		process.env.BENCH_PG_OPTS ?? ''
	].join(' ');
	run(path.join(bin, 'pg_ctl'), [
		'-D',
		data,
		'-l',
		path.join(dir, 'server.log'),
		'-w',
		'-t',
		'60',
		'-o',
		opts,
		'start'
	]);
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		try {
			run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
			// the server's log outlives the cluster, for a look after the run
			fs.copyFileSync(path.join(dir, 'server.log'), path.join(os.tmpdir(), 'cuocthi-bench-postgres.log'));
		} catch {
			// already down
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', stop);
	return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, port, host: '127.0.0.1', bin, stop };
}
/** An existing database given by BENCH_DATABASE_URL: must be empty (the seed refuses otherwise). */
export function externalCluster(url) {
	const parsed = new URL(url);
	return {
		url,
		port: Number(parsed.port || 5432),
		host: parsed.hostname,
		bin: postgresBin(),
		stop: () => {}
	};
}
