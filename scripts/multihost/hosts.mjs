// The multi-host test's machines (net.sh makes the namespaces): a PostgreSQL primary and a streaming replica, two app
// hosts running the production build, and nginx balancing between them with no sticky sessions.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { postgresBin } from '../bench/cluster.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const NET = process.env.MH_NET ?? '10.213.0';
export const ADDR = {
	lb: `${NET}.10`,
	app1: `${NET}.21`,
	app2: `${NET}.22`,
	db1: `${NET}.31`,
	db2: `${NET}.32`
};
export const APP_PORT = 3000;
const DB = 'cuocthi';
export const primaryUrl = `postgres://postgres@${ADDR.db1}:5432/${DB}`;
export const replicaUrl = `postgres://postgres@${ADDR.db2}:5432/${DB}`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs a command inside a host's namespace, as `user` when given; throws with its output on failure. */
export function inHost(host, command, args, { user, cwd } = {}) {
	const full = user ? ['runuser', '-u', user, '--', command, ...args] : [command, ...args];
	return execFileSync('ip', ['netns', 'exec', `mh-${host}`, ...full], {
		cwd: cwd ?? '/',
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe']
	});
}

export function network(action) {
	execFileSync('bash', [path.join(root, 'scripts/multihost/net.sh'), action], { stdio: 'inherit' });
}

/** Waits until `probe` resolves true, or throws after `ms`. */
export async function until(what, probe, ms = 30_000) {
	const end = Date.now() + ms;
	for (;;) {
		try {
			if (await probe()) return;
		} catch {
			// not yet
		}
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await sleep(200);
	}
}

export class Hosts {
	constructor() {
		this.dir = fs.mkdtempSync('/tmp/cuocthi-multihost-');
		fs.chmodSync(this.dir, 0o755);
		this.bin = postgresBin();
		// PostgreSQL's folders, logs and sockets belong to the postgres user, which refuses to run as root
		this.pgDir = path.join(this.dir, 'pg');
		fs.mkdirSync(this.pgDir);
		fs.chownSync(this.pgDir, ...postgresIds());
		this.apps = new Map();
		this.nginx = null;
	}

	pg(host) {
		return path.join(this.pgDir, host);
	}

	async startPrimary() {
		const data = this.pg('db1');
		inHost(
			'db1',
			`${this.bin}/initdb`,
			['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
			{
				user: 'postgres'
			}
		);
		fs.appendFileSync(
			path.join(data, 'pg_hba.conf'),
			`host all all ${NET}.0/24 trust\nhost replication all ${NET}.0/24 trust\n`
		);
		this.pgStart('db1');
		const admin = postgres(`postgres://postgres@${ADDR.db1}:5432/postgres`, { max: 1, onnotice: () => {} });
		await admin.unsafe(`create database ${DB}`);
		await admin.end();
	}

	pgStart(host) {
		const data = this.pg(host);
		const sockets = `${data}-socket`;
		if (!fs.existsSync(sockets)) {
			fs.mkdirSync(sockets);
			fs.chownSync(sockets, ...postgresIds());
		}
		inHost(
			host,
			`${this.bin}/pg_ctl`,
			[
				'-D',
				data,
				'-l',
				`${data}.log`,
				'-w',
				'-t',
				'60',
				'-o',
				`-p 5432 -k ${sockets} -c listen_addresses=${ADDR[host]} -c fsync=off -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on -c max_connections=200`,
				'start'
			],
			{ user: 'postgres' }
		);
	}

	/** A streaming replica of the primary, made with pg_basebackup, caught up before it returns. */
	async startReplica() {
		const data = this.pg('db2');
		inHost(
			'db2',
			`${this.bin}/pg_basebackup`,
			['-h', ADDR.db1, '-p', '5432', '-U', 'postgres', '-D', data, '-R', '-X', 'stream', '-c', 'fast'],
			{
				user: 'postgres'
			}
		);
		this.pgStart('db2');
		await this.replicaCaughtUp();
	}

	async replicaCaughtUp(ms = 30_000) {
		const primary = postgres(primaryUrl, { max: 1, onnotice: () => {} });
		const replica = postgres(replicaUrl, { max: 1, onnotice: () => {} });
		try {
			const [{ lsn }] = await primary`select pg_current_wal_lsn()::text as lsn`;
			await until(
				'the replica to replay the primary',
				async () => {
					const [{ behind }] =
						await replica`select pg_wal_lsn_diff(${lsn}::pg_lsn, pg_last_wal_replay_lsn()) > 0 as behind`;
					return !behind;
				},
				ms
			);
		} finally {
			await primary.end();
			await replica.end();
		}
	}

	/** Starts the production build on an app host; resolves when it answers. */
	async startApp(host, env = {}) {
		const log = fs.openSync(path.join(this.dir, `${host}.log`), 'a');
		const child = spawn(
			'ip',
			['netns', 'exec', `mh-${host}`, process.execPath, path.join(root, 'scripts/start.js')],
			{
				cwd: root,
				env: {
					...process.env,
					PORT: String(APP_PORT),
					HOST: ADDR[host],
					ORIGIN: `http://${ADDR.lb}`,
					DATABASE_URL: primaryUrl,
					DATABASE_READ_URL: replicaUrl,
					TRUSTED_PROXIES: ADDR.lb,
					SEED_DEMO: 'off',
					DATA_DIR: path.join(this.dir, `${host}-data`),
					LOG_LEVEL: 'warn',
					...env
				},
				stdio: ['ignore', log, log]
			}
		);
		this.apps.set(host, child);
		await until(
			`${host} to answer`,
			async () => (await fetch(`http://${ADDR[host]}:${APP_PORT}/login`)).status === 200,
			60_000
		);
		return child;
	}

	/** Stops an app host: SIGTERM (it drains) or SIGKILL (it dies mid-request). */
	async stopApp(host, signal = 'SIGTERM') {
		const child = this.apps.get(host);
		if (!child || child.exitCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill(signal);
		await Promise.race([exited, sleep(15_000)]);
		this.apps.delete(host);
	}

	async startBalancer() {
		const conf = path.join(this.dir, 'nginx.conf');
		const temp = path.join(this.dir, 'nginx-temp');
		fs.mkdirSync(temp);
		fs.writeFileSync(
			conf,
			`daemon off;
worker_processes 1;
user root;
pid ${this.dir}/nginx.pid;
error_log ${this.dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path ${temp}/body;
	proxy_temp_path ${temp}/proxy;
	fastcgi_temp_path ${temp}/fastcgi;
	uwsgi_temp_path ${temp}/uwsgi;
	scgi_temp_path ${temp}/scgi;
	client_max_body_size 55m;
	upstream app {
		server ${ADDR.app1}:${APP_PORT} max_fails=1 fail_timeout=5s;
		server ${ADDR.app2}:${APP_PORT} max_fails=1 fail_timeout=5s;
		keepalive 16;
	}
	server {
		listen ${ADDR.lb}:80;
		location / {
			proxy_pass http://app;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
			proxy_buffering off;
			proxy_read_timeout 60s;
			proxy_connect_timeout 2s;
		}
	}
}
`
		);
		this.nginx = spawn('ip', ['netns', 'exec', 'mh-lb', 'nginx', '-c', conf, '-p', this.dir], {
			stdio: ['ignore', 'inherit', 'inherit']
		});
		await until('the balancer', async () => (await fetch(`http://${ADDR.lb}/login`)).status === 200);
	}

	async stopAll() {
		for (const host of [...this.apps.keys()]) await this.stopApp(host, 'SIGKILL');
		if (this.nginx && this.nginx.exitCode === null) this.nginx.kill('SIGQUIT');
		for (const host of ['db2', 'db1']) {
			const data = this.pg(host);
			if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
				try {
					inHost(host, `${this.bin}/pg_ctl`, ['-D', data, '-m', 'immediate', '-w', 'stop'], {
						user: 'postgres'
					});
				} catch {
					// already gone
				}
			}
		}
	}

	/** The end of each log, for a failed run. */
	tails(lines = 30) {
		const out = [];
		const logs = [this.dir, this.pgDir].flatMap((dir) =>
			fs
				.readdirSync(dir)
				.filter((f) => f.endsWith('.log'))
				.map((f) => path.join(dir, f))
		);
		for (const file of logs) {
			const name = path.basename(file);
			const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
			out.push(`--- ${name}\n${text.slice(-lines).join('\n')}`);
		}
		return out.join('\n');
	}

	remove() {
		fs.rmSync(this.dir, { recursive: true, force: true });
	}
}

function postgresIds() {
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return [uid, gid];
}
