// npm run bench [-- --quick] [-- --only=saves,start,flow,signin,reads,paint] [-- --write|--no-write] [-- --cpu-prof]
// The contest-scale benchmark (docs/PERFORMANCE.md): seeds a throwaway PostgreSQL (or BENCH_DATABASE_URL, an empty
// database), runs the production build against it, measures with autocannon and pgbench on this machine, prints one
// table and (full run, or --write) writes it into docs/PERFORMANCE.md with the query plans in docs/performance-plans.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { openPostgres } from '../../src/lib/server/db/client';
import * as schema from '../../src/lib/server/db/schema';
import { leaderboardPage, myResult } from '../../src/lib/server/quiz/results';
import { unitStandings } from '../../src/lib/server/quiz/standings';
import { externalCluster, freePort, startCluster } from './cluster.mjs';
import { latencyStats, request, sleep } from './http.mjs';
import { FULL, QUICK, seed } from './seed.mjs';
const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const write = args.includes('--write') || (!quick && !args.includes('--no-write'));
const only = args
	.find((a) => a.startsWith('--only='))
	?.slice(7)
	.split(',');
const cpuProf = args.includes('--cpu-prof');
const wants = (name) => !only || only.includes(name);
const sizes = quick ? QUICK : FULL;
const SAVE_CONNECTIONS = 100;
const durations = quick
	? { warm: 1, saves: 4, pgbench: 4, crowdWindow: 2, flow: 4, flowUsers: 10, reads: 40 }
	: { warm: 3, saves: 20, pgbench: 15, crowdWindow: 10, flow: 20, flowUsers: 50, reads: 300 };
const log = (s) => console.log(s);
const fmt = (n, digits = 0) =>
	Number.isFinite(n)
		? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })
		: '–';
const rows = [];
const notes = [];
const plans = [];
/** what did not work (never a timing): the run exits non-zero when any, so CI's smoke test catches a broken flow */
const broken = [];
const add = (measure, figure, target = '', met = null) => {
	rows.push({ measure, figure, target, met });
	log(`  ${measure}: ${figure}${target ? `  (target ${target}: ${met ? 'met' : 'MISSED'})` : ''}`);
};
// ---------------------------------------------------------------------------------------------------------------
// The build
function newestMtime(dir) {
	let newest = 0;
	if (!fs.existsSync(dir)) return 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (entry.name === 'paraglide' || entry.name === 'node_modules') continue;
		const full = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
	}
	return newest;
}
function ensureBuild() {
	const built = path.join(root, 'build', 'index.js');
	const inputs = Math.max(
		newestMtime(path.join(root, 'src')),
		newestMtime(path.join(root, 'messages')),
		...['package.json', 'svelte.config.js', 'vite.config.ts'].map((f) =>
			fs.existsSync(path.join(root, f)) ? fs.statSync(path.join(root, f)).mtimeMs : 0
		)
	);
	if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= inputs) return;
	log('build/ is missing or older than the sources: npm run build');
	const out = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (out.status !== 0) throw new Error('npm run build failed');
}
async function startServer(databaseUrl, dataDir, env = {}) {
	const port = await freePort(4300);
	const origin = `http://127.0.0.1:${port}`;
	const profDir = path.join(os.tmpdir(), 'cuocthi-bench-prof');
	const proc = spawn(
		process.execPath,
		[...(cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), path.join(root, 'scripts', 'start.js')],
		{
			cwd: root,
			env: {
				...process.env,
				NODE_ENV: 'production',
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: origin,
				DATABASE_URL: databaseUrl,
				MIGRATIONS_DIR: path.join(root, 'drizzle'),
				DATA_DIR: dataDir,
				SEED_DEMO: 'off',
				...env
			},
			stdio: ['ignore', 'inherit', 'inherit']
		}
	);
	const base = new URL(origin);
	for (let i = 0; ; i++) {
		if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode})`);
		try {
			await request(base, { path: '/' });
			break;
		} catch {
			if (i > 600) throw new Error('the server did not answer within 60 s');
			await sleep(100);
		}
	}
	const stop = async () => {
		if (proc.exitCode !== null) return;
		proc.kill('SIGTERM');
		for (let i = 0; i < 100 && proc.exitCode === null; i++) await sleep(100);
		if (proc.exitCode === null) proc.kill('SIGKILL');
	};
	process.once('exit', () => proc.exitCode === null && proc.kill('SIGKILL'));
	if (cpuProf) log(`  CPU profile of the server goes to ${profDir}`);
	return { base, origin, proc, stop };
}
/** CPU time (user + system) a process has used so far, in ms: per-request CPU holds up better than a rate when
 * others load the machine. */
function cpuMsOf(pid) {
	try {
		const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
	} catch {
		return NaN;
	}
}
function memoryOf(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
	return { hwmMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}
// ---------------------------------------------------------------------------------------------------------------
// Scenarios
const cookieOf = (s, userId) => `session=${s.tokenPrefix}${userId}`;
let saveSeq = 0;
async function savesScenario(server, s, sql, label = 'answer saving') {
	log(`\n${label} (autocannon, 100 connections)`);
	// people in a random order, each save to the next one: thousands of open attempts, no one above a human rate
	const order = [...s.openAttempts].sort(() => Math.random() - 0.5);
	let next = 0;
	const run = (duration) =>
		autocannon({
			url: server.origin,
			connections: SAVE_CONNECTIONS,
			duration,
			requests: [
				{
					method: 'POST',
					setupRequest: (req) => {
						const [attemptId, userId] = order[next++ % order.length];
						const seq = ++saveSeq;
						return {
							...req,
							path: `/quiz/${attemptId}/save`,
							headers: {
								cookie: cookieOf(s, userId),
								origin: server.origin,
								'content-type': 'application/json',
								accept: 'application/json'
							},
							body: JSON.stringify({ position: Math.floor(Math.random() * 20), choices: [seq % 4], seq })
						};
					}
				}
			]
		});
	await run(durations.warm);
	const [before] =
		await sql`select count(*)::int as n from attempt_questions aq join attempts a on a.id = aq.attempt_id
		where a.round_id = ${s.savesRoundId} and aq.save_seq > 0`;
	const cpuBefore = server.proc ? cpuMsOf(server.proc.pid) : NaN;
	const result = await run(durations.saves);
	const cpuPerSave = server.proc ? (cpuMsOf(server.proc.pid) - cpuBefore) / result.requests.total : NaN;
	const rps = result.requests.average;
	if (result.non2xx > 0 || result.errors > 0 || result['2xx'] === 0)
		broken.push(`${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
	if (label !== 'answer saving') {
		add(
			label,
			`${fmt(rps)} saves/s, p50 / p99 ${fmt(result.latency.p50)} / ${fmt(result.latency.p99)} ms (${result.non2xx} non-2xx)` +
				(Number.isFinite(cpuPerSave) ? `, ${fmt(cpuPerSave, 2)} ms of app CPU per save` : '')
		);
		return rps;
	}
	add(
		'answer saving: throughput',
		`${fmt(rps)} saves/s (${fmt(result.requests.total)} in ${durations.saves} s, ${result.non2xx} non-2xx, ${result.errors} errors)`
	);
	add('answer saving: app CPU per save (user + system)', `${fmt(cpuPerSave, 2)} ms`);
	add(
		'answer saving: latency p50 / p99',
		`${fmt(result.latency.p50)} / ${fmt(result.latency.p99)} ms`,
		'p99 < 100 ms',
		result.latency.p99 < 100 && result.non2xx === 0
	);
	const [after] =
		await sql`select count(*)::int as n from attempt_questions aq join attempts a on a.id = aq.attempt_id
		where a.round_id = ${s.savesRoundId} and aq.save_seq > 0`;
	notes.push(
		`Answer saving: ${fmt(result['2xx'])} answered 2xx; answers stored with a save in the round went from ${fmt(before.n)} to ${fmt(after.n)} (of ${fmt(s.openAttempts.length * 20)}).`
	);
	return rps;
}
/**
 * Debian's nginx, installed when missing as .ci/run installs PostgreSQL (`apt-get install -y nginx-light`, as root
 * where apt-get exists; `apt-get update` first only when the package lists are stale). Null when it cannot be had.
 */
function ensureNginx() {
	const find = () => ['/usr/sbin/nginx', '/usr/bin/nginx'].find((b) => fs.existsSync(b)) ?? null;
	if (find()) return find();
	if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get')) return null;
	log('nginx is missing: apt-get install -y nginx-light');
	const apt = (aptArgs) =>
		spawnSync('apt-get', aptArgs, {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
		}).status === 0;
	const install = () => apt(['install', '-y', '-q', 'nginx-light']);
	if (!install() && apt(['update', '-qq'])) install();
	return find();
}
/** Debian's nginx in front of the given app ports (its own prefix folder, foreground, stopped by `stop`). */
async function startNginx(ports) {
	const bin = ensureNginx();
	if (!bin) return null;
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuocthi-bench-nginx-'));
	const port = await freePort(4400);
	const conf = `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi;
	uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
	upstream cuocthi {
		least_conn;
${ports.map((p) => `		server 127.0.0.1:${p};`).join('\n')}
		keepalive 64;
		keepalive_timeout 4s; # below Node's 5 s (docs/DEPLOYMENT.md)
	}
	server {
		listen 127.0.0.1:${port};
		client_max_body_size 55m;
		location / {
			proxy_pass http://cuocthi;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $host;
			proxy_set_header X-Forwarded-For $remote_addr;
		}
	}
}
`;
	fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
	const proc = spawn(bin, ['-c', path.join(dir, 'nginx.conf'), '-p', dir], {
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const origin = `http://127.0.0.1:${port}`;
	for (let i = 0; ; i++) {
		try {
			await request(new URL(origin), { path: '/' });
			break;
		} catch {
			if (i > 100 || proc.exitCode !== null)
				throw new Error(`nginx did not start: ${fs.readFileSync(path.join(dir, 'error.log'), 'utf8')}`);
			await sleep(100);
		}
	}
	const stop = async () => {
		if (proc.exitCode === null) proc.kill('SIGQUIT');
		for (let i = 0; i < 50 && proc.exitCode === null; i++) await sleep(100);
		if (proc.exitCode === null) proc.kill('SIGKILL');
		fs.rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', () => proc.exitCode === null && proc.kill('SIGKILL'));
	return { origin, base: new URL(origin), stop };
}

/** Answer saving through nginx to one app process, then to two (the same database), for the scale-out note. */
async function twoProcesses(server, s, sql, databaseUrl, dataDir) {
	const one = await startNginx([server.base.port]);
	if (!one) {
		notes.push(
			'nginx is not installed and could not be (not root, or no apt-get): the two-process comparison did not run.'
		);
		return;
	}
	try {
		await savesScenario(one, s, sql, 'answer saving via nginx, 1 app process');
		await sleep(1000); // requests the load generator abandoned at its end finish before anything stops
	} finally {
		await one.stop();
	}
	const second = await startServer(databaseUrl, dataDir);
	const two = await startNginx([server.base.port, second.base.port]);
	try {
		await savesScenario(two, s, sql, 'answer saving via nginx, 2 app processes');
		await sleep(1000);
		const mem = memoryOf(second.proc.pid);
		notes.push(`The second app process peaked at ${fmt(mem.hwmMb)} MB RSS.`);
	} finally {
		await two.stop();
		await second.stop();
	}
}

function pgbench(cluster, s, withSession) {
	const bin = cluster.bin && path.join(cluster.bin, 'pgbench');
	if (!bin || !fs.existsSync(bin)) {
		notes.push(
			'pgbench not found (Debian: postgresql-contrib ships it with the server): no ceiling measured.'
		);
		return null;
	}
	const [firstAttempt, firstUser] = s.openAttempts[0];
	const offset = firstAttempt - firstUser;
	if (!s.openAttempts.every(([a, u]) => a - u === offset))
		throw new Error('open attempts are not numbered by user');
	const session = `select s.expires_at, u.id, u.full_name, u.unit_id, u.must_change_password, u.disabled_at, g.role, g.contest_id
from sessions s inner join users u on u.id = s.user_id left join role_grants g on g.user_id = u.id
where s.id = encode(sha256(convert_to('${s.tokenPrefix}' || :u, 'UTF8')), 'hex');
`;
	// attempts.ts saveAnswer with the person's save limit counted in the same statement (auth/rate-limit.ts upsert),
	// with pgbench variables for its parameters
	const save = `with hit as (
	insert into rate_counters as c (key, count, expires_at)
	values ('save:' || :u, 1, now() + 60000 * interval '1 millisecond')
	on conflict (key) do update set
		count = case when c.expires_at <= now() then 1 else c.count + 1 end,
		expires_at = case when c.expires_at <= now() then now() + 60000 * interval '1 millisecond' else c.expires_at end
	returning count, ceil(extract(epoch from expires_at - now()))::int as retry
), open_attempt as (
	select a.id, a.deadline + make_interval(secs => r.grace_seconds) as accept_until
	from attempts a join rounds r on r.id = a.round_id
	where a.id = :aid and a.user_id = :u and a.status = 'in_progress' and (select count from hit) <= 1000000
	for share of a
), saved as (
	update attempt_questions aq
	set selected = case when cardinality(array[:ch::smallint]) = 0 then null
		else (select array_agg(aq.option_order[c + 1] order by aq.option_order[c + 1]) from unnest(array[:ch::smallint]) c) end,
		save_seq = :seq,
		answered_at = now()
	from open_attempt oa
	where aq.attempt_id = oa.id and aq.position = :pos
		and now() <= oa.accept_until
		and aq.save_seq < :seq
		and :ch < cardinality(aq.option_order)
	returning aq.position
)
select (select count(*) from saved)::int as saved, (select count from hit) as count, (select retry from hit) as retry;
`;
	const script = `\\set u random(1, ${s.openAttempts.length})
\\set aid :u + ${offset}
\\set pos random(0, 19)
\\set ch random(0, 3)
\\set seq random(1000000000, 2000000000)
${withSession ? session : ''}${save}`;
	const file = path.join(os.tmpdir(), `cuocthi-bench-${process.pid}-${withSession ? 'session' : 'save'}.sql`);
	fs.writeFileSync(file, script);
	if (withSession) plans.push(`### pgbench script (session lookup + save)\n\n\`\`\`sql\n${script}\`\`\``);
	const out = spawnSync(
		bin,
		[
			'-n',
			'-M',
			'prepared',
			'-c',
			String(SAVE_CONNECTIONS),
			'-j',
			'2',
			'-T',
			String(durations.pgbench),
			'-f',
			file,
			'-h',
			cluster.host,
			'-p',
			String(cluster.port),
			'-U',
			'postgres',
			new URL(cluster.url).pathname.slice(1) || 'postgres'
		],
		{ encoding: 'utf8', cwd: '/' }
	);
	fs.rmSync(file, { force: true });
	const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out.stdout)?.[1];
	if (!tps) {
		notes.push(`pgbench failed: ${out.stderr.slice(0, 400)}`);
		return null;
	}
	const lat = /latency average = ([\d.]+) ms/.exec(out.stdout)?.[1];
	log(`  pgbench ${withSession ? 'session + save' : 'save only'}: ${tps} tps, latency average ${lat} ms`);
	return Number(tps);
}
async function startScenario(server, s, sql) {
	const [from, to] = s.crowdUsers;
	const count = to - from + 1;
	const windowMs = durations.crowdWindow * 1000;
	log(`\nsynchronized start: ${count} people within ${durations.crowdWindow} s`);
	const replies = [];
	const t0 = performance.now();
	const tasks = [];
	// Distinct people, each with their own session; their requests reach the app over kept-alive connections, as
	// they do behind a reverse proxy: a connection is reused once free and opened when none is (nginx does not cap
	// its upstream connections either). A capped pool would queue requests in the load generator, out of the app's
	// sight; 5,000 new connections in 10 s would measure the kernel's accept queue more than the app.
	const agent = new http.Agent({ keepAlive: true });
	for (let i = 0; i < count; i++) {
		const userId = from + i;
		const due = (i * windowMs) / count;
		const wait = due - (performance.now() - t0);
		if (wait > 0) await sleep(wait);
		tasks.push(
			request(server.base, {
				method: 'POST',
				path: `/rounds/${s.startRoundId}?/start`,
				headers: {
					cookie: cookieOf(s, userId),
					origin: server.origin,
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'application/json',
					'x-sveltekit-action': 'true'
				},
				body: '',
				agent
			}).then(
				(r) => {
					let kind = `http ${r.status}`;
					try {
						const body = JSON.parse(r.body);
						kind = body.type === 'failure' ? `failure ${body.status}` : (body.type ?? kind);
					} catch {
						// not JSON: keep the HTTP status
					}
					replies.push({
						status: r.status,
						kind,
						retryAfter: r.headers['retry-after'] !== undefined,
						ms: r.ms
					});
				},
				(err) => {
					replies.push({ status: 0, kind: `network: ${err.message}`, retryAfter: false, ms: NaN });
				}
			)
		);
	}
	await Promise.all(tasks);
	agent.destroy();
	const took = (performance.now() - t0) / 1000;
	const started = replies.filter((r) => r.kind === 'redirect').length;
	const limited = replies.filter((r) => r.status === 429 || r.kind === 'failure 429');
	const busy = replies.filter((r) => r.kind === 'failure 503' || r.status === 503);
	const fivexx = replies.filter((r) => r.status >= 500 || r.kind === 'error').length;
	const resets = replies.filter((r) => r.status === 0).length;
	const other = replies.length - started - limited.length - busy.length - fivexx - resets;
	const lat = latencyStats(replies.map((r) => r.ms).filter(Number.isFinite));
	const [db] = await sql`select count(*)::int as attempts, count(distinct user_id)::int as people,
			(select count(*)::int from (select user_id from attempts where round_id = ${s.startRoundId}
				group by user_id having count(*) > 1) d) as duplicates,
			(select count(*)::int from attempt_questions aq join attempts a2 on a2.id = aq.attempt_id where a2.round_id = ${s.startRoundId}) as questions
		from attempts where round_id = ${s.startRoundId}`;
	const excess = Math.max(0, db.attempts - started);
	if (
		fivexx > 0 ||
		resets > 0 ||
		started + limited.length === 0 ||
		db.duplicates > 0 ||
		excess > 0 ||
		db.questions !== db.attempts * 20
	)
		broken.push(
			`synchronized start: ${fivexx} 5xx, ${started} started, ${db.duplicates} duplicates, ${excess} excess`
		);
	add(
		'synchronized start: replies',
		`${fmt(started)} started, ${limited.length} × 429 (${limited.filter((r) => r.retryAfter).length} with Retry-After), ${busy.length} × 503 busy, ${fivexx} × 5xx, ${resets} connection errors, ${other} other; all answered ${took.toFixed(1)} s after the first was sent`,
		'0 5xx',
		fivexx === 0 && resets === 0
	);
	add(
		'synchronized start: latency p50 / p99 / max',
		`${fmt(lat.p50)} / ${fmt(lat.p99)} / ${fmt(lat.max)} ms`,
		'every reply < 2,000 ms',
		lat.max < 2000 && lat.n === count
	);
	add(
		'synchronized start: database afterwards',
		`${fmt(db.attempts)} attempts of ${fmt(db.people)} people, ${db.duplicates} duplicates, ${excess} excess, ${fmt(db.questions)} questions drawn`,
		'0 duplicate or excess',
		db.duplicates === 0 && excess === 0 && db.questions === db.attempts * 20
	);
	const kinds = new Map();
	for (const r of replies) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
	notes.push(`Synchronized start replies by kind: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}.`);
}
/**
 * The full flow: each of `flowUsers` people at once starts, saves 20 answers and submits, then the next person.
 * With `signIn`, each first signs in through the login form (phone and password: argon2id verification included)
 * and uses the session cookie it answers with, as a person arriving at the contest does.
 */
async function flowScenario(server, s, sql, { signIn = false } = {}) {
	const [from, to] = signIn ? s.signInUsers : s.flowUsers;
	const roundId = signIn ? s.signInRoundId : s.flowRoundId;
	const name = signIn ? 'full flow with sign-in' : 'full flow';
	log(
		`\n${name}: ${durations.flowUsers} people at once, ${signIn ? 'sign-in → ' : ''}start → 20 saves → submit, ${durations.flow} s`
	);
	let nextUser = from;
	let done = 0;
	let failed = 0;
	let retried = 0;
	const steps = { signIn: [], start: [], save: [], submit: [] };
	const headers = (cookie, kind) => ({
		cookie,
		origin: server.origin,
		accept: 'application/json',
		...(kind === 'form'
			? { 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' }
			: { 'content-type': 'application/json' })
	});
	const agent = new http.Agent({ keepAlive: true, maxSockets: durations.flowUsers });
	const fail = (what, reply) => {
		failed++;
		if (failed <= 3) notes.push(`${name}: ${what} answered ${reply.status} ${reply.body.slice(0, 160)}`);
	};
	// the login form as its enhanced submit sends it; the session is the cookie of the answer
	const signInAs = async (userId) => {
		const body = new URLSearchParams({ login: s.phoneOf(userId), password: s.password }).toString();
		const reply = await request(server.base, {
			method: 'POST',
			path: '/login',
			headers: headers('', 'form'),
			body,
			agent
		});
		steps.signIn.push(reply.ms);
		const session = (reply.headers['set-cookie'] ?? [])
			.map((c) => c.split(';')[0])
			.find((c) => c.startsWith('session='));
		if (!session || !reply.body.includes('redirect')) fail('a sign-in', reply);
		return session ?? null;
	};
	const t0 = performance.now();
	const end = t0 + durations.flow * 1000;
	const person = async () => {
		while (performance.now() < end && nextUser <= to) {
			const userId = nextUser++;
			const cookie = signIn ? await signInAs(userId) : cookieOf(s, userId);
			if (!cookie) continue;
			// a start refused with 429 is tried again after its Retry-After, as the round page does
			let started;
			for (let tries = 0; ; tries++) {
				started = await request(server.base, {
					method: 'POST',
					path: `/rounds/${roundId}?/start`,
					headers: headers(cookie, 'form'),
					body: '',
					agent
				});
				steps.start.push(started.ms);
				const wait = Number(started.headers['retry-after']);
				if (!started.body.includes('"status":429') || !wait || tries >= 5) break;
				retried++;
				await sleep(wait * 1000);
			}
			const attemptId = /\/quiz\/(\d+)/.exec(started.body)?.[1];
			if (!attemptId) {
				fail('a start', started);
				continue;
			}
			let ok = true;
			for (let position = 0; position < 20; position++) {
				const saved = await request(server.base, {
					method: 'POST',
					path: `/quiz/${attemptId}/save`,
					headers: headers(cookie, 'json'),
					body: JSON.stringify({ position, choices: [position % 4], seq: position + 1 }),
					agent
				});
				steps.save.push(saved.ms);
				if (saved.status !== 200) ok = false;
			}
			const submitted = await request(server.base, {
				method: 'POST',
				path: `/quiz/${attemptId}?/submit`,
				headers: headers(cookie, 'form'),
				body: 'auto=0&prediction=',
				agent
			});
			steps.submit.push(submitted.ms);
			if (ok && submitted.status === 200 && submitted.body.includes('redirect')) done++;
			else failed++;
		}
	};
	await Promise.all(Array.from({ length: durations.flowUsers }, person));
	const elapsed = (performance.now() - t0) / 1000;
	agent.destroy();
	if (failed > 0 || done === 0) broken.push(`${name}: ${done} completed, ${failed} failed`);
	const [db] = await sql`select count(*)::int as n from attempts
		where round_id = ${roundId} and status = 'finished' and correct_count is not null`;
	const st = (v) => {
		const l = latencyStats(v);
		return `${fmt(l.p50)}/${fmt(l.p99)}`;
	};
	add(
		`${name}: attempts per second`,
		`${fmt(done / elapsed, 1)} attempts/s (${done} completed, ${failed} failed, ${db.n} graded in the database, ${retried} starts retried after a 429; ${durations.flowUsers} people at once)`,
		signIn ? '' : '≥ 60 attempts/s',
		signIn ? null : done / elapsed >= 60
	);
	add(
		`${name}: p50/p99 ms of ${signIn ? 'sign-in, ' : ''}start, save, submit`,
		`${signIn ? `${st(steps.signIn)}, ` : ''}${st(steps.start)}, ${st(steps.save)}, ${st(steps.submit)}`
	);
}
/** Captures the statements a domain function sends, to EXPLAIN them with the same parameters. */
async function explainCalls(url, label, call) {
	const captured = [];
	const client = postgres(url, { max: 1, onnotice: () => {} });
	const db = drizzle({
		client,
		schema,
		casing: 'snake_case',
		logger: { logQuery: (query, params) => captured.push({ query, params }) }
	});
	await call(db);
	for (const { query, params } of captured) {
		const plan = await client.unsafe(`explain (analyze, buffers) ${query}`, params);
		plans.push(
			`### ${label}\n\n\`\`\`sql\n${query}\n\`\`\`\n\nparameters: \`${JSON.stringify(params)}\`\n\n\`\`\`\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\``
		);
	}
	await client.end();
}
async function timeCalls(url, times, call) {
	const client = postgres(url, { max: 1, onnotice: () => {} });
	const db = drizzle({ client, schema, casing: 'snake_case' });
	await call(db);
	const ms = [];
	for (let i = 0; i < times; i++) {
		const t = performance.now();
		await call(db);
		ms.push(performance.now() - t);
	}
	await client.end();
	return latencyStats(ms);
}
async function readsScenario(server, s, sql, url) {
	log(`\nreads (autocannon, ${durations.reads} requests each, 4 connections)`);
	const round = s.rankedRoundIds[0];
	const [{ n }] =
		await sql`select count(*)::int as n from round_results where round_id = ${round} and rank is not null`;
	const [deep] =
		await sql`select rank, user_id from round_results where round_id = ${round} and rank is not null
		order by rank, user_id offset ${Math.floor(n * 0.9)} limit 1`;
	const [ranked] =
		await sql`select user_id from round_results where round_id = ${round} and user_id <= ${s.openAttempts.length}
		order by user_id limit 1`;
	let dashboard = `/organize/contests/${s.contestId}/dashboard/__data.json?round=${round}`;
	const probe = await request(server.base, {
		path: dashboard,
		headers: { cookie: cookieOf(s, s.organizerId) }
	});
	const hasDashboard = probe.status === 200 && probe.body.includes('participation');
	if (!hasDashboard) dashboard = `/rounds/${round}/units/__data.json`;
	const people = s.openAttempts.map(([, userId]) => userId);
	const cases = [
		{
			label: 'leaderboard page, top',
			path: `/rounds/${round}/leaderboard/__data.json`,
			who: 'people',
			target: 50
		},
		{
			label: `leaderboard page, deep (keyset after rank ${fmt(deep.rank)} of ${fmt(n)})`,
			path: `/rounds/${round}/leaderboard/__data.json?after=${deep.rank}:${deep.user_id}`,
			who: 'people',
			target: 50
		},
		{
			label: "one person's rank (round page)",
			path: `/rounds/${round}/__data.json`,
			who: 'people',
			target: 50
		},
		{
			label: hasDashboard
				? 'participation by unit with roll-up (organizer dashboard, whole page data)'
				: 'participation by unit with roll-up (round standings page)',
			path: dashboard,
			who: hasDashboard ? 'organizer' : 'people',
			target: 50
		}
	];
	for (const c of cases) {
		let i = 0;
		const check = await request(server.base, {
			path: c.path,
			headers: { cookie: cookieOf(s, c.who === 'organizer' ? s.organizerId : ranked.user_id) }
		});
		if (
			check.status !== 200 ||
			check.body.includes('"type":"error"') ||
			check.body.includes('"type":"redirect"')
		) {
			notes.push(`${c.label}: the page answered ${check.status} ${check.body.slice(0, 200)}`);
			broken.push(`${c.label}: ${check.status}`);
		}
		const result = await autocannon({
			url: server.origin,
			connections: 4,
			amount: durations.reads,
			requests: [
				{
					method: 'GET',
					setupRequest: (req) => ({
						...req,
						path: c.path,
						headers: {
							cookie: cookieOf(s, c.who === 'organizer' ? s.organizerId : people[i++ % people.length])
						}
					})
				}
			]
		});
		add(
			`${c.label}: p50 / p99`,
			`${fmt(result.latency.p50)} / ${fmt(result.latency.p99)} ms (${result.non2xx} non-2xx)`,
			`p99 < ${c.target} ms`,
			result.latency.p99 < c.target && result.non2xx === 0
		);
	}
	// the queries themselves, called in this process as the pages call them
	let participation = null;
	try {
		const mod = await import('../../src/lib/server/insights/participation');
		participation = (db) => mod.participationByUnit(db, { contestId: s.contestId, roundId: round }, null);
	} catch {
		participation = null;
	}
	const queries = [
		['leaderboardPage, top', (db) => leaderboardPage(db, round)],
		[
			'leaderboardPage, deep',
			(db) => leaderboardPage(db, round, { after: { rank: deep.rank, userId: deep.user_id } })
		],
		["myResult (one person's rank)", (db) => myResult(db, round, ranked.user_id)],
		[
			'unitStandings (round standings, top level)',
			(db) => unitStandings(db, { contestId: s.contestId, roundId: round }, null)
		]
	];
	if (participation) queries.push(['participationByUnit (dashboard, top level)', participation]);
	// the dashboard page loads these beside the roll-up: timed so that its page figure can be read
	try {
		const timeline = await import('../../src/lib/server/insights/timeline');
		const histogram = await import('../../src/lib/server/insights/histogram');
		queries.push([
			'participationTimeline (dashboard, same page)',
			(db) => timeline.participationTimeline(db, { contestId: s.contestId, roundId: round })
		]);
		queries.push(['scoreHistogram (dashboard, same page)', (db) => histogram.scoreHistogram(db, round)]);
	} catch {
		// no dashboard in this checkout
	}
	for (const [label, call] of queries) {
		const st = await timeCalls(url, Math.min(200, durations.reads), call);
		add(`query alone: ${label}: p50 / p99`, `${fmt(st.p50, 1)} / ${fmt(st.p99, 1)} ms`);
		await explainCalls(url, label, call);
	}
}
// ---------------------------------------------------------------------------------------------------------------
// The report
function git(args) {
	try {
		return execFileSync('git', args, {
			cwd: root,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore']
		}).trim();
	} catch {
		return 'unknown';
	}
}
function report(header, seeded) {
	const table = [
		'| measure | figure | target | |',
		'| --- | --- | --- | --- |',
		...rows.map(
			(r) =>
				`| ${r.measure} | ${r.figure} | ${r.target} | ${r.met === null ? '' : r.met ? 'met' : '**missed**'} |`
		)
	];
	const seedLines = seeded
		? [
				`Seeded in ${seeded.seconds.toFixed(0)} s: ${Object.entries(seeded.counts)
					.map(([k, v]) => `${fmt(v)} ${k.replaceAll('_', ' ')}`)
					.join(', ')}.`,
				'',
				seeded.timings.map(([label, s]) => `${label} ${s.toFixed(1)} s`).join(' · ')
			]
		: [];
	return [...header, '', ...seedLines, '', ...table, '', ...notes.map((n) => `- ${n}`)].join('\n');
}
function writeDocs(text) {
	const file = path.join(root, 'docs', 'PERFORMANCE.md');
	const begin = '<!-- bench:begin -->';
	const end = '<!-- bench:end -->';
	let doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Performance\n\n${begin}\n${end}\n`;
	if (!doc.includes(begin)) doc += `\n${begin}\n${end}\n`;
	doc = doc.slice(0, doc.indexOf(begin) + begin.length) + `\n${text}\n` + doc.slice(doc.indexOf(end));
	fs.writeFileSync(file, doc);
	fs.writeFileSync(
		path.join(root, 'docs', 'performance-plans.md'),
		`# Query plans of the benchmark's reads\n\nWritten by \`npm run bench\` (${new Date().toISOString().slice(0, 16)} UTC): EXPLAIN (ANALYZE, BUFFERS) of each statement the read pages send, with the parameters of the run, on the seeded data set.\n\n${plans.join('\n\n')}\n`
	);
	// the generated tables are formatted as `npm run lint` (prettier --check) expects
	spawnSync(
		path.join(root, 'node_modules', '.bin', 'prettier'),
		['--write', 'docs/PERFORMANCE.md', 'docs/performance-plans.md'],
		{
			cwd: root,
			stdio: 'ignore'
		}
	);
	log(`\nwritten: docs/PERFORMANCE.md (between the bench markers), docs/performance-plans.md`);
}
// ---------------------------------------------------------------------------------------------------------------
// The organizer dashboard's first paint, in Chromium (the insights issue's bar: < 1 s): the production page with the
// full data set, one cold load (empty cache) and then warm ones, each in a fresh tab of one signed-in browser. Times
// from the navigation's start: the first contentful paint (the page's tables, rendered on the server) and the moment
// every chart's canvas holds drawn pixels (chart.js ran in the browser).
async function paintScenario(server, s) {
	const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
	if (!fs.existsSync(executablePath)) {
		notes.push(`Dashboard first paint not measured: no Chromium at ${executablePath} (set CHROMIUM_PATH).`);
		return;
	}
	const loads = quick ? 3 : 11;
	log(`\ndashboard first paint (Chromium, ${loads} loads, the first one cold)`);
	const { chromium } = await import('@playwright/test');
	const browser = await chromium.launch({
		executablePath,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
	});
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
		const [name, value] = cookieOf(s, s.organizerId).split('=');
		await context.addCookies([{ name, value, url: server.origin }]);
		const url = `${server.origin}/organize/contests/${s.contestId}/dashboard?round=${s.rankedRoundIds[0]}`;
		const samples = [];
		for (let i = 0; i < loads; i++) {
			const page = await context.newPage();
			const pageErrors = [];
			page.on('pageerror', (err) => pageErrors.push(err.message));
			page.on('console', (msg) => msg.type() === 'error' && pageErrors.push(msg.text()));
			const response = await page.goto(url, { waitUntil: 'load' });
			if (response?.status() !== 200 || !page.url().includes('/dashboard')) {
				broken.push(`dashboard first paint: the page answered ${response?.status()} at ${page.url()}`);
				await page.close();
				return;
			}
			const t = await page
				.evaluate(
					() =>
						new Promise((resolve, reject) => {
							// asked again on every frame: a live update (the dashboard's stream) may replace the canvases
							let canvases = [];
							const drawnAll = () =>
								(canvases = [...document.querySelectorAll('canvas')]).length > 0 &&
								canvases.every((c) => {
									const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
									for (let k = 3; k < px.length; k += 4) if (px[k] !== 0) return true;
									return false;
								});
							const started = performance.now();
							const tick = () => {
								if (drawnAll()) {
									const charts = performance.now();
									const nav = performance.getEntriesByType('navigation')[0];
									// the paint entry is queued once the frame is presented: it may come after this frame
									new PerformanceObserver((list, observer) => {
										const fcp = list.getEntriesByName('first-contentful-paint')[0];
										if (!fcp) return;
										observer.disconnect();
										resolve({ ttfb: nav.responseStart, fcp: fcp.startTime, charts, count: canvases.length });
									}).observe({ type: 'paint', buffered: true });
									setTimeout(
										() => resolve({ ttfb: nav.responseStart, fcp: NaN, charts, count: canvases.length }),
										3_000
									);
								} else if (performance.now() - started > 10_000)
									reject(new Error('charts not drawn in 10 s'));
								else requestAnimationFrame(tick);
							};
							tick();
						})
				)
				.catch((err) => err);
			if (t instanceof Error) {
				// a page that never draws its charts is a broken dashboard, reported as the other scenarios report
				const counts = await page
					.evaluate(() =>
						[...document.querySelectorAll('canvas')]
							.map((c) => {
								const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
								let drawn = false;
								for (let k = 3; k < px.length && !drawn; k += 4) drawn = px[k] !== 0;
								return `${c.getAttribute('aria-label') ?? '?'} ${c.width}x${c.height} ${drawn ? 'drawn' : 'blank'}`;
							})
							.join('; ')
					)
					.catch(() => '?');
				broken.push(
					`dashboard first paint: ${t.message} (${counts} canvases; page errors: ${pageErrors.join(' | ') || 'none'})`
				);
				await page.close();
				return;
			}
			await page.close();
			samples.push(t);
		}
		const [cold, ...warm] = samples;
		const stat = (key) => latencyStats(warm.map((w) => w[key]));
		add(
			'dashboard first contentful paint in Chromium: cold / warm p50 / warm max',
			`${fmt(cold.fcp)} / ${fmt(stat('fcp').p50)} / ${fmt(stat('fcp').max)} ms (server response ${fmt(cold.ttfb)} / ${fmt(stat('ttfb').p50)} ms)`,
			'< 1,000 ms',
			Math.max(cold.fcp, stat('fcp').max) < 1000
		);
		add(
			`dashboard charts drawn (${cold.count} charts): cold / warm p50 / warm max`,
			`${fmt(cold.charts)} / ${fmt(stat('charts').p50)} / ${fmt(stat('charts').max)} ms`
		);
	} finally {
		await browser.close();
	}
}

async function main() {
	const t0 = performance.now();
	// the app runs on the bench's own Node (process.execPath): production's is 24, and Node 20 spends about three times
	// the CPU per answer save (mostly garbage collection: Node 24's V8 sizes the young generation larger; see
	// docs/PERFORMANCE.md), so figures on it are not production's
	if (Number(process.versions.node.split('.')[0]) < 24)
		notes.push(
			`Run on Node ${process.version}, not on Node 24 (production's): the figures are not production's. Run it with Node 24 first on PATH, as .ci/run does.`
		);
	ensureBuild();
	const external = process.env.BENCH_DATABASE_URL;
	const cluster = external ? externalCluster(external) : await startCluster();
	log(`PostgreSQL: ${external ? 'BENCH_DATABASE_URL' : `throwaway cluster on port ${cluster.port}`}`);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuocthi-bench-data-'));
	let server;
	try {
		const migrator = await openPostgres(cluster.url, 1);
		await migrator.migrate(path.join(root, 'drizzle'));
		await migrator.close();
		log(`seeding (${quick ? 'quick: ~1% of the sizes' : 'full'})`);
		const seeded = await seed(cluster.url, sizes, log);
		log(`  seeded in ${seeded.seconds.toFixed(1)} s`);
		server = await startServer(cluster.url, dataDir);
		const sql = postgres(cluster.url, { max: 2, onnotice: () => {} });
		const [{ version }] = await sql`select current_setting('server_version') as version`;
		const idle = memoryOf(server.proc.pid);
		add('server RSS after start', `${fmt(idle.rssMb)} MB`);
		let appRps = null;
		if (wants('saves')) {
			appRps = await savesScenario(server, seeded, sql);
			// the cost of sharing the rate limits through PostgreSQL: the same load on a process that counts in memory
			const local = await startServer(cluster.url, dataDir, { RATE_LIMIT_STORE: 'memory' });
			try {
				await savesScenario(
					local,
					seeded,
					sql,
					'answer saving, rate limits in process memory (RATE_LIMIT_STORE=memory)'
				);
			} finally {
				await local.stop();
			}
			const ceilingSave = pgbench(cluster, seeded, false);
			const ceiling = pgbench(cluster, seeded, true);
			if (ceiling && ceilingSave) {
				add(
					'ceiling: pgbench, same statements (session lookup + save), 100 clients',
					`${fmt(ceiling)} tps (the save statement alone: ${fmt(ceilingSave)} tps)`
				);
				add(
					'answer saving: app ÷ ceiling',
					`${fmt((100 * appRps) / ceiling)} %`,
					'≥ 60 %',
					appRps / ceiling >= 0.6
				);
			}
		}
		if (wants('saves') && (args.includes('--nginx') || (!quick && !args.includes('--no-nginx')))) {
			await twoProcesses(server, seeded, sql, cluster.url, dataDir);
		}
		// the peak so far after each scenario: which one sets the peak RSS
		const peaks = [];
		const peakAfter = (name) => peaks.push(`${name} ${fmt(memoryOf(server.proc.pid).hwmMb)}`);
		if (wants('saves')) peakAfter('saving');
		if (wants('start')) {
			await startScenario(server, seeded, sql);
			peakAfter('start');
		}
		if (wants('flow')) await flowScenario(server, seeded, sql);
		if (wants('flow') || wants('signin')) {
			await flowScenario(server, seeded, sql, { signIn: true });
			peakAfter('flows');
		}
		if (wants('reads')) {
			await readsScenario(server, seeded, sql, cluster.url);
			peakAfter('reads');
		}
		if (wants('paint')) await paintScenario(server, seeded);
		const mem = memoryOf(server.proc.pid);
		add('server peak RSS (VmHWM)', `${fmt(mem.hwmMb)} MB`, '< 400 MB', mem.hwmMb < 400);
		if (peaks.length) notes.push(`The server's peak RSS (MB) after each scenario: ${peaks.join(' · ')}.`);
		await sql.end();
		await server.stop();
		const cpu = os.cpus()[0]?.model ?? 'unknown';
		const status = process.env.BENCH_COMMIT ? '' : git(['status', '--porcelain', '--untracked-files=no']);
		const dirty = status && status !== 'unknown' ? ' (with uncommitted changes)' : '';
		const header = [
			`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC with \`npm run bench${quick ? ' -- --quick' : ''}\`${only ? ` (only ${only.join(', ')})` : ''}; run took ${((performance.now() - t0) / 60000).toFixed(1)} min.`,
			'',
			`Machine: ${os.cpus().length} CPUs (${cpu}), ${fmt(os.totalmem() / 2 ** 30)} GiB RAM; load average at the end ${os
				.loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}.`,
			`Versions: Node ${process.version}, PostgreSQL ${version}${external ? ' (BENCH_DATABASE_URL)' : ' (throwaway cluster, settings in scripts/bench/cluster.mjs)'}, app commit ${process.env.BENCH_COMMIT ?? git(['rev-parse', '--short', 'HEAD'])}${dirty}.`,
			`Sizes: ${sizes.levels.join(' + ')} units, ${fmt(sizes.people)} people, ${sizes.rankedRounds} ranked rounds of 10 questions, ${fmt(sizes.open)} attempts in progress (20 questions), ${fmt(sizes.crowd)} in the synchronized start.`
		];
		const text = report(header, seeded);
		log(`\n${text}`);
		if (write) writeDocs(text);
		if (broken.length > 0) {
			console.error(`\nnot working:\n${broken.map((b) => `  ${b}`).join('\n')}`);
			return 1;
		}
		return 0;
	} finally {
		await server?.stop();
		cluster.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}
main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
