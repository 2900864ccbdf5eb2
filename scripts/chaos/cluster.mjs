// The fault-injection suite's own PostgreSQL 15 cluster (it is restarted with fast and immediate shutdowns, so never
// the shared server): initdb in a temporary folder as the postgres user when run as root, a private socket folder.
// Restarts run asynchronously so that the participants keep sending while PostgreSQL goes down and comes back.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, postgresBin } from '../bench/cluster.mjs';

const isRoot = process.getuid?.() === 0;
const asPostgres = (bin, args) =>
	isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];

function runSync(bin, args) {
	const [cmd, argv] = asPostgres(bin, args);
	const out = spawnSync(cmd, argv, { cwd: '/', encoding: 'utf8' });
	if (out.status !== 0) throw new Error(`${path.basename(bin)} failed: ${out.stderr || out.stdout}`);
}

function runAsync(bin, args, timeoutMs) {
	const [cmd, argv] = asPostgres(bin, args);
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, argv, { cwd: '/', stdio: ['ignore', 'ignore', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('exit', (code) => {
			clearTimeout(timer);
			if (code === 0) resolve();
			else reject(new Error(`${path.basename(bin)} exited ${code}: ${stderr.trim()}`));
		});
	});
}

/** Durability as in production (fsync and synchronous_commit on): an immediate shutdown must not lose a commit. */
export async function startChaosCluster({ fromPort = 55450 } = {}) {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-pg-'));
	if (isRoot) execFileSync('chown', ['postgres:postgres', dir]);
	const data = path.join(dir, 'data');
	const log = path.join(dir, 'server.log');
	runSync(path.join(bin, 'initdb'), [
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
	const port = await freePort(fromPort);
	const opts = [
		`-p ${port}`,
		`-k ${dir}`,
		'-c listen_addresses=127.0.0.1',
		'-c max_connections=100',
		'-c shared_buffers=128MB',
		'-c jit=off'
	].join(' ');
	const pgCtl = path.join(bin, 'pg_ctl');
	runSync(pgCtl, ['-D', data, '-l', log, '-w', '-t', '60', '-o', opts, 'start']);
	let stopped = false;
	const stop = () => {
		if (stopped) return;
		stopped = true;
		try {
			runSync(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
			fs.copyFileSync(log, path.join(os.tmpdir(), 'chaos-postgres.log'));
		} catch {
			// already down
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', stop);
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		port,
		stop,
		/** pg_ctl restart with a fast (clients told, checkpoint) or immediate (no checkpoint: crash recovery) shutdown */
		restart: (mode) =>
			runAsync(pgCtl, ['-D', data, '-l', log, '-m', mode, '-w', '-t', '60', '-o', opts, 'restart'], 70_000)
	};
}
