// npm run chaos: the fault-injection suite (docs/RELIABILITY.md). Real participants drive the production build on
// PostgreSQL 15 while faults are injected one after another; afterwards the database is checked against the
// driver's log of every save the server acknowledged.
//   npm run chaos                       1,000 faults (CHAOS_FAULTS or --faults N for another count)
//   npm run chaos -- --faults 100       the short run of .ci/run
//   --write                             rewrites the measured table in docs/RELIABILITY.md
// Everything listens on 127.0.0.1: the app on CHAOS_PORT (4187 or the next free port), the TCP proxy between the
// app's pool and PostgreSQL on CHAOS_PROXY_PORT (4190…), its own PostgreSQL cluster on CHAOS_PG_PORT (55450…).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { freePort } from '../bench/cluster.mjs';
import { appProcess } from './app.mjs';
import { checkDatabase } from './check.mjs';
import { startChaosCluster } from './cluster.mjs';
import { createDriver } from './driver.mjs';
import { drawFault, inject, WEIGHTS } from './faults.mjs';
import { sleep } from './http.mjs';
import { startProxy } from './proxy.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => {
	const i = args.indexOf(name);
	return i >= 0 ? args[i + 1] : undefined;
};
const FAULTS = Math.max(1, Number(flag('--faults') ?? process.env.CHAOS_FAULTS ?? 1000));
const PARTICIPANTS = Math.max(2, Number(process.env.CHAOS_PARTICIPANTS ?? 24));
// bounds: the fault loop stops at this many minutes even if not every fault was injected (the run then fails)
const MAX_MINUTES = Number(process.env.CHAOS_MAX_MINUTES ?? 5 + FAULTS * 0.04);
const WRITE = args.includes('--write');
/**
 * How soon the service must answer again after a fault ends (the figure: 5 s). CI passes a looser bound for
 * the restart after SIGKILL only, which includes a whole process start on a machine also building and testing.
 */
const RECOVERY_MS = 5000;
const KILL_RECOVERY_MS = Number(flag('--kill-recovery-ms') ?? RECOVERY_MS);
/**
 * Answers that were neither retryable nor a clear refusal (a 500) always fail the run, like lost, unsent, late,
 * double-graded or duplicated answers. Requests that got no answer at all while the app was up (a timeout or a reset
 * connection; the page sends them again) are tolerated up to --allow-stalls: 0 by default, CI allows a few because
 * its machine is shared by the app, PostgreSQL and the driver (docs/RELIABILITY.md).
 */
const ALLOW_STALLS = Number(flag('--allow-stalls') ?? 0);
const log = (...a) => console.log(...a);
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(0)} s`;

function newestMtime(dir) {
	if (!fs.existsSync(dir)) return 0;
	let newest = 0;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		if (entry.name === 'paraglide' || entry.name === 'node_modules') continue;
		const full = path.join(dir, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
	}
	return newest;
}

/** the production build, rebuilt when missing or older than the sources */
function ensureBuild() {
	const built = path.join(root, 'build', 'index.js');
	const sources = Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'messages')));
	if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
	log('build/ is missing or older than the sources: npm run build');
	const out = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (out.status !== 0) throw new Error('npm run build failed');
}

const sessionId = (token) => createHash('sha256').update(token).digest('hex');

async function seed(sql, people) {
	const organizer = people + 1;
	await sql`insert into units (id, code, name, path, depth, headcount, search_text) overriding system value
		values (1, 'CHAOS', 'Đơn vị thử lỗi', '/1/', 0, ${people}, 'don vi thu loi')`;
	await sql`insert into users (id, full_name, birth_date, unit_id, phone, password_hash, search_text) overriding system value
		select i, 'Người ' || i, date '1990-01-01', 1, '09' || lpad(i::text, 8, '0'), 'no-sign-in', 'nguoi ' || i
		from generate_series(1, ${organizer}::int) i`;
	await sql`select setval(pg_get_serial_sequence('users', 'id'), ${organizer})`;
	const token = `chaos-${Date.now().toString(36)}-`;
	for (let i = 1; i <= organizer; i++)
		await sql`insert into sessions (id, user_id, expires_at) values (${sessionId(token + i)}, ${i}, now() + interval '1 day')`;
	await sql`insert into contests (id, kind, title, published, created_by) overriding system value
		values (1, 'quiz', 'Cuộc thi thử lỗi', true, ${organizer})`;
	await sql`insert into topics (id, name) overriding system value values (1, 'Chung')`;
	await sql`insert into questions (id, topic_id, text) overriding system value
		select i, 1, 'Câu ' || i || '?' from generate_series(1, 40) i`;
	await sql`insert into question_options (question_id, position, text, is_correct)
		select i, o, 'Phương án ' || o, o = i % 4 from generate_series(1, 40) i, generate_series(0, 3) o`;
	return { cookieOf: (userId) => `session=${token}${userId}`, probeCookie: `session=${token}${organizer}` };
}

/** Rounds that open and close during the run: attempts are in flight when their round closes. */
function roundFeeder(client) {
	const list = [];
	let position = 0;
	const add = async (closesInSeconds) => {
		try {
			const [r] = await client().begin(async (tx) => {
				position++;
				const rows =
					await tx`insert into rounds (contest_id, position, name, opens_at, closes_at, time_limit_seconds,
						attempts_allowed, grace_seconds)
					values (1, ${position}, ${'Vòng ' + position}, now() - interval '1 second',
						now() + make_interval(secs => ${closesInSeconds}), 30, 3, 3)
					returning id, closes_at`;
				await tx`insert into round_topics (round_id, topic_id, question_count) values (${rows[0].id}, 1, 10)`;
				return rows;
			});
			list.push({
				id: r.id,
				closesAt: r.closes_at.getTime(),
				questionCount: 10,
				timeLimitSeconds: 30,
				graceSeconds: 3
			});
		} catch (err) {
			// PostgreSQL is restarting: the next tick adds one
			if (list.length === 0) console.error('could not add a round:', err.message);
		}
	};
	let timer;
	return {
		list,
		async start() {
			await add(30);
			await add(45);
			timer = setInterval(() => void add(30 + Math.random() * 15), 8000);
		},
		stop: () => clearInterval(timer),
		pickOpen() {
			const open = list.filter((r) => r.closesAt > Date.now() + 4000);
			return open.length ? open[Math.floor(Math.random() * open.length)] : null;
		}
	};
}

function appLogSummary(file) {
	const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	const lines = text.split('\n');
	return {
		served500: lines.filter((l) => /failed \(5\d\d\)/.test(l)).length,
		unreachable503: lines.filter((l) => l.includes('database unreachable (503)')).length,
		sample: lines.filter((l) => /failed \(5\d\d\)|Error|error/.test(l)).slice(0, 8)
	};
}

async function main() {
	ensureBuild();
	log(
		`chaos: ${FAULTS} faults, ${PARTICIPANTS} participants, at most ${MAX_MINUTES.toFixed(0)} min of faults`
	);
	const cluster = await startChaosCluster({ fromPort: Number(process.env.CHAOS_PG_PORT ?? 55450) });
	const proxyPort = await freePort(Number(process.env.CHAOS_PROXY_PORT ?? 4190));
	const proxy = await startProxy({ port: proxyPort, targetPort: cluster.port });
	const appLog = path.join(os.tmpdir(), `chaos-app-${process.pid}.log`);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-data-'));
	const app = appProcess({
		root,
		port: await freePort(Number(process.env.CHAOS_PORT ?? 4187)),
		databaseUrl: `postgres://postgres@127.0.0.1:${proxyPort}/postgres`,
		dataDir,
		logFile: appLog
	});
	log(`PostgreSQL on ${cluster.port}, proxy on ${proxyPort}, app on ${app.base.port} (log: ${appLog})`);
	await app.start();
	const connectAdmin = () => postgres(cluster.url, { max: 2, onnotice: () => {}, connect_timeout: 5 });
	let admin = connectAdmin();
	// the suite's own connection meets the same postgres.js fault as the app's pool when PostgreSQL restarts (a
	// TypeError from its write timer): it gets a fresh client, as the app does (src/lib/server/db/driver-faults.ts)
	process.on('uncaughtException', (err) => {
		const driverFault =
			/node_modules[\\/]postgres[\\/]/.test(String(err?.stack)) ||
			/^(CONNECT|ECONN|EPIPE)/.test(err?.code ?? '');
		if (!driverFault) {
			console.error(err);
			process.exit(1); // not a throw from here: the exit handlers stop the cluster and the app
		}
		console.error("the suite's PostgreSQL client failed on a cut connection: replaced");
		const old = admin;
		admin = connectAdmin();
		old.end({ timeout: 1 }).catch(() => {});
	});
	const { cookieOf, probeCookie } = await seed(admin, PARTICIPANTS);
	const rounds = roundFeeder(() => admin);
	await rounds.start();
	const driver = createDriver({ app, cookieOf, rounds, limits: { attemptsPerParticipant: 10_000 } });
	const people = Promise.all(Array.from({ length: PARTICIPANTS }, (_, i) => driver.participant(i + 1)));
	const ctx = { app, cluster, proxy, driver, probeCookie };
	// a crash is a finding, not the end of the run: the app is started again, as a supervisor would
	app.onCrash = () => {
		driver.health.appDown = true;
		console.error(`the app crashed (${app.crashes.length}); restarting it`);
	};
	const revive = async () => {
		if (app.up) return;
		await app.start();
		driver.health.appDown = false;
	};

	const faults = [];
	const faultsUntil = Date.now() + MAX_MINUTES * 60_000;
	await sleep(1500); // traffic first
	for (let tries = 0; faults.length < FAULTS && tries < FAULTS * 3 && Date.now() < faultsUntil; tries++) {
		if (app.crashes.length > 20) break;
		await revive();
		const kind = drawFault();
		const startedAt = Date.now();
		const out = await inject(kind, ctx);
		if (!out.injected) continue;
		faults.push({ kind, recoveryMs: out.recoveryMs, ms: Date.now() - startedAt });
		if (faults.length % 50 === 0) log(`  ${faults.length} faults (${elapsed()})`);
		await sleep(out.recoveryMs === undefined ? 20 : 100 + Math.random() * 200);
	}
	log(`faults over after ${elapsed()}: participants finish their attempts`);
	proxy.setDelay(0);
	proxy.setRefusing(false);
	await revive();
	driver.stop();
	rounds.stop();
	await Promise.race([people, sleep(60_000)]);
	// the sweep (every 2 s) finishes what is left past deadline + grace; bounded wait
	const roundIds = rounds.list.map((r) => r.id);
	for (let i = 0; i < 60; i++) {
		const [{ n }] = await admin`select count(*)::int as n from attempts a join rounds r on r.id = a.round_id
			where a.status = 'in_progress' and a.deadline + make_interval(secs => r.grace_seconds) < now() - interval '3 seconds'`;
		if (n === 0) break;
		await sleep(500);
	}
	const checked = await checkDatabase(cluster.url, driver, roundIds);
	await app.stop();
	await admin.end();
	await proxy.close();
	cluster.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
	const appSummary = appLogSummary(appLog);
	return report({ faults, driver, checked, appSummary, seconds: (Date.now() - t0) / 1000, app });
}

function report({ faults, driver, checked, appSummary, seconds, app }) {
	const KILL = 'app SIGKILL mid-save + restart';
	const recoveries = faults.filter((x) => x.recoveryMs !== undefined);
	const slow = recoveries.filter((x) => x.recoveryMs > (x.kind === KILL ? KILL_RECOVERY_MS : RECOVERY_MS));
	const spread = (list) => {
		const sorted = list.map((x) => x.recoveryMs).sort((a, b) => a - b);
		const p = (q) =>
			sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : NaN;
		return `${fmt(p(0.5))} / ${fmt(p(0.99))} / ${fmt(sorted.at(-1))} ms over ${sorted.length} faults`;
	};
	const poolFaults = recoveries.filter((x) => x.kind !== KILL);
	const killFaults = recoveries.filter((x) => x.kind === KILL);
	const f = checked.found;
	const acks = driver.log.acks.length;
	const tally = [...driver.tally.entries()].sort();
	const connDown = tally
		.filter(([k]) => k.includes('connection error (app down)'))
		.reduce((a, [, n]) => a + n, 0);
	const rows = [
		[
			'app process crashes (exits the suite did not cause)',
			`${app.crashes.length}`,
			'0',
			app.crashes.length === 0
		],
		['faults injected', `${faults.length}`, `≥ ${FAULTS}`, faults.length >= FAULTS],
		[
			'acknowledged answers lost',
			`${f.lost.length} (of ${acks} acknowledgements, ${driver.log.sent.length} saves sent)`,
			'0',
			f.lost.length === 0
		],
		[
			'answers stored that were never sent',
			`${f.neverSent.length} (of ${checked.answered} stored answers)`,
			'0',
			f.neverSent.length === 0
		],
		['answers stored or acknowledged after deadline + grace', `${f.late.length}`, '0', f.late.length === 0],
		[
			'attempts graded twice (entries ≠ finished attempts)',
			`${checked.gradedTwice.length}`,
			'0',
			checked.gradedTwice.length === 0
		],
		[
			'grades that disagree with the stored answers',
			`${checked.gradedWrong.length} (of ${checked.attemptCounts.finished} finished attempts)`,
			'0',
			checked.gradedWrong.length === 0
		],
		[
			'duplicate attempts (over the limit, two in progress, repeated numbers)',
			`${checked.duplicates.length + driver.violations.filter((v) => v.startsWith('double start')).length}`,
			'0',
			checked.duplicates.length === 0 && !driver.violations.some((v) => v.startsWith('double start'))
		],
		[
			'failed requests without a retryable status or a clear 4xx reason',
			`${driver.unclear.length}`,
			'0',
			driver.unclear.length === 0
		],
		[
			'requests with no answer while the app was up (timeout or reset; sent again as the page does)',
			`${driver.stalls.length}`,
			ALLOW_STALLS ? `≤ ${ALLOW_STALLS}` : '0',
			driver.stalls.length <= ALLOW_STALLS
		],
		['connection errors while the app was down (retried as the page does)', `${connDown}`, '', null],
		[
			'service answering again after a PostgreSQL or pool fault (p50 / p99 / max)',
			spread(poolFaults),
			'≤ 5,000 ms each',
			poolFaults.every((x) => x.recoveryMs <= RECOVERY_MS)
		],
		[
			'service answering again after SIGKILL, counted from the kill (includes the new process starting: max ' +
				fmt(Math.max(...app.boots)) +
				' ms)',
			spread(killFaults),
			`≤ ${fmt(KILL_RECOVERY_MS)} ms each`,
			killFaults.every((x) => x.recoveryMs <= KILL_RECOVERY_MS)
		],
		[
			'abandoned attempts finished by the sweep',
			`${checked.attemptCounts.swept} (overdue left in progress: ${checked.attemptCounts.overdue})`,
			'0 left',
			checked.attemptCounts.overdue === 0
		],
		[
			'other violations seen by the driver',
			`${driver.violations.length}`,
			'0',
			driver.violations.length === 0
		]
	];
	const byKind = Object.keys(WEIGHTS).map((kind) => {
		const mine = faults.filter((x) => x.kind === kind);
		const rec = mine.filter((x) => x.recoveryMs !== undefined).map((x) => x.recoveryMs);
		return [kind, mine.length, rec.length ? `${fmt(Math.max(...rec))} ms` : '–'];
	});
	const lines = [
		`Run: \`npm run chaos -- --faults ${FAULTS}\`, ${PARTICIPANTS} participants, ${fmt(seconds)} s in all, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, commit ${git()}.`,
		'',
		'| measure | figure | target | met |',
		'| --- | --- | --- | --- |',
		...rows.map(
			([m, fig, target, met]) =>
				`| ${m} | ${fig} | ${target} | ${met === null ? '' : met ? 'yes' : '**no**'} |`
		),
		'',
		'| fault | injected | slowest recovery |',
		'| --- | ---: | ---: |',
		...byKind.map(([k, n, r]) => `| ${k} | ${n} | ${r} |`),
		'',
		`Attempts: ${checked.attemptCounts.total} started (${checked.unseen} whose start answer was lost to a fault, resumed or swept), ${checked.attemptCounts.finished} finished; app processes started: ${app.starts} (start to first answer: max ${fmt(Math.max(...app.boots))} ms); the app logged ${appSummary.unreachable503} requests answered 503 (database unreachable) and ${appSummary.served500} answered 500.`,
		'',
		'| answers the driver got | count |',
		'| --- | ---: |',
		...tally.map(([k, n]) => `| ${k} | ${n} |`)
	];
	const text = lines.join('\n');
	log(`\n${text}\n`);
	const problems = [
		...f.lost.slice(0, 10),
		...f.neverSent.slice(0, 10),
		...f.late.slice(0, 10),
		...checked.gradedTwice.slice(0, 5).map((r) => `graded twice: ${JSON.stringify(r)}`),
		...checked.gradedWrong.slice(0, 5).map((r) => `graded wrong: ${JSON.stringify(r)}`),
		...checked.duplicates.slice(0, 5).map((r) => `duplicate: ${JSON.stringify(r)}`),
		...grouped(driver.unclear),
		...grouped(driver.stalls),
		...driver.violations.slice(0, 10),
		...slow.slice(0, 5).map((s) => `slow recovery: ${s.kind} ${s.recoveryMs} ms`)
	];
	if (problems.length) log(`problems:\n  ${problems.join('\n  ')}`);
	if (appSummary.sample.length)
		log(`app log (first lines with an error):\n  ${appSummary.sample.join('\n  ')}`);
	if (WRITE) writeDocs(text);
	return rows.every(([, , , met]) => met !== false) ? 0 : 1;
}

/** distinct messages with their counts (digits folded), the most frequent first */
function grouped(messages) {
	const counts = new Map();
	for (const m of messages) {
		const k = m.replace(/\d+/g, '#').slice(0, 200);
		counts.set(k, (counts.get(k) ?? 0) + 1);
	}
	return [...counts]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 10)
		.map(([k, n]) => `${n}× ${k}`);
}

const fmt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : String(n));
function git() {
	const out = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
	return out.stdout?.trim() || 'unknown';
}
function writeDocs(text) {
	const file = path.join(root, 'docs', 'RELIABILITY.md');
	const doc = fs.readFileSync(file, 'utf8');
	const begin = '<!-- chaos:begin -->';
	const end = '<!-- chaos:end -->';
	const i = doc.indexOf(begin);
	const j = doc.indexOf(end);
	if (i < 0 || j < 0) throw new Error(`docs/RELIABILITY.md lacks the ${begin} … ${end} markers`);
	fs.writeFileSync(file, `${doc.slice(0, i + begin.length)}\n${text}\n${doc.slice(j)}`);
	log('docs/RELIABILITY.md updated');
}

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

main().then(
	(code) => process.exit(code),
	(err) => {
		console.error(err);
		process.exit(1);
	}
);
