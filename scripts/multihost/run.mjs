// npm run test:multihost — the several-machines test (docs/DEPLOYMENT.md). Needs root: it makes its own hosts in
// network namespaces (net.sh): PostgreSQL primary (db1) and streaming replica (db2), two app hosts (app1, app2)
// running the production build, and nginx (lb) balancing between them with no sticky sessions. Then, through the
// balancer and each host directly, it checks what must hold when the app runs on several machines, prints one line a
// check and `N passed, M failed`, and removes everything it made. Build first (npm run build).
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { createHash } from 'node:crypto';
import { openPostgres } from '../../src/lib/server/db/client';
import { createEssayContest, setPublished } from '../../src/lib/server/essays/setup';
import { buildDocx } from '../../src/lib/server/quiz/parsers/docx-fixture';
import { QUICK, seed } from '../bench/seed.mjs';
import { ADDR, APP_PORT, Hosts, network, primaryUrl, replicaUrl, root, until } from './hosts.mjs';

const PASSWORD = 'bench-password-1'; // the benchmark seed's, for everyone
const LB = `http://${ADDR.lb}`;
const HOST = { app1: `http://${ADDR.app1}:${APP_PORT}`, app2: `http://${ADDR.app2}:${APP_PORT}` };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const phoneOf = (userId) => `09${String(userId).padStart(8, '0')}`;

const results = [];
function check(name, ok, detail = '') {
	results.push({ name, ok });
	console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
}

/** A person with their own cookies, who can talk to the balancer or to one host. */
class Person {
	constructor(cookies = {}) {
		this.cookies = { ...cookies };
	}
	header() {
		return Object.entries(this.cookies)
			.map(([k, v]) => `${k}=${v}`)
			.join('; ');
	}
	keep(response) {
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') delete this.cookies[name];
			else this.cookies[name] = value;
		}
	}
	async request(base, pathname, { method = 'GET', form, multipart, json, headers = {}, signal } = {}) {
		const init = {
			method,
			redirect: 'manual',
			signal,
			headers: { origin: LB, cookie: this.header(), accept: 'text/html', ...headers }
		};
		if (form) {
			init.body = new URLSearchParams(form).toString();
			init.headers['content-type'] = 'application/x-www-form-urlencoded';
			init.headers['x-sveltekit-action'] = 'true';
			init.headers.accept = 'application/json';
		}
		if (multipart) {
			init.body = multipart;
			init.headers['x-sveltekit-action'] = 'true';
			init.headers.accept = 'application/json';
		}
		if (json) {
			init.body = JSON.stringify(json);
			init.headers['content-type'] = 'application/json';
			init.headers.accept = 'application/json';
		}
		const response = await fetch(`${base}${pathname}`, init);
		this.keep(response);
		const text = await response.text();
		let body = null;
		try {
			body = JSON.parse(text);
		} catch {
			// a page
		}
		return { status: response.status, headers: response.headers, text, body };
	}
	/** SvelteKit's answer to a form action, as the page reads it: the status inside the JSON when it is a failure. */
	static actionStatus(r) {
		if (r.body?.type === 'failure') return r.body.status;
		if (r.body?.type === 'redirect') return 303;
		return r.status;
	}
	async signIn(base, userId, password = PASSWORD) {
		const r = await this.request(base, '/login', {
			method: 'POST',
			form: { login: phoneOf(userId), password }
		});
		if (password === PASSWORD && Person.actionStatus(r) !== 303)
			throw new Error(`sign-in of ${phoneOf(userId)} on ${base}: ${r.status} ${r.text.slice(0, 300)}`);
		return r;
	}
	/** Signed in on this host: the sign-in page sends a signed-in person home. */
	async signedInOn(base) {
		const r = await this.request(base, '/login');
		return r.status === 303;
	}
}

// ---------------------------------------------------------------------------------------------------------------
// The checks

async function signInOnOneContinueOnOther(s) {
	const person = new Person();
	const userId = s.flowUsers[0] + 0;
	const signed = await person.signIn(HOST.app1, userId);
	const onOne = await person.signedInOn(HOST.app1);
	const onOther = await person.signedInOn(HOST.app2);
	const throughBalancer = [];
	for (let i = 0; i < 4; i++) throughBalancer.push(await person.signedInOn(LB));
	check(
		'sign in on app1, continue on app2 and through the balancer',
		Person.actionStatus(signed) === 303 && onOne && onOther && throughBalancer.every(Boolean),
		`sign-in ${Person.actionStatus(signed)}, app1 ${onOne}, app2 ${onOther}, balancer ${throughBalancer.join('/')}`
	);
}

async function signInLimitCountsAcrossHosts(s) {
	const person = new Person();
	const userId = s.flowUsers[0] + 1;
	const statuses = [];
	// the per-(account, address) limit is 5 wrong guesses a window (auth/sign-in-guard.ts): alternate the hosts
	for (let i = 0; i < 6; i++) {
		const r = await person.signIn(i % 2 ? HOST.app2 : HOST.app1, userId, 'wrong-password-1');
		statuses.push(Person.actionStatus(r));
	}
	check(
		'a sign-in limit counts across both hosts',
		statuses.slice(0, 5).every((c) => c === 400) && statuses[5] === 429,
		`replies ${statuses.join(', ')} (five refusals, then 429)`
	);
}

/** Starts an attempt in the flow round; returns its id. */
async function startAttempt(person, base, roundId) {
	let r;
	for (let tries = 0; tries < 5; tries++) {
		r = await person.request(base, `/rounds/${roundId}?/start`, { method: 'POST', form: {} });
		const id = /\/quiz\/(\d+)/.exec(r.text)?.[1];
		if (id) return Number(id);
		await sleep(1000);
	}
	throw new Error(`could not start an attempt: ${r.status} ${r.text.slice(0, 200)}`);
}

/**
 * Saves an answer as the quiz page does: the same body again after a network error, a 502/503/504 or a 429, until
 * acknowledged (a bounded number of tries). Returns true when the server acknowledged it.
 */
async function saveLikeThePage(person, base, attemptId, save, log) {
	for (let tries = 0; tries < 20; tries++) {
		let r;
		try {
			r = await person.request(base, `/quiz/${attemptId}/save`, { method: 'POST', json: save });
		} catch {
			log.networkErrors++;
			await sleep(250);
			continue;
		}
		if (r.status === 200 && r.body?.ok) return true;
		if ([429, 502, 503, 504].includes(r.status)) {
			log.retried++;
			await sleep(r.status === 429 ? 1000 * Number(r.headers.get('retry-after') ?? 1) : 250);
			continue;
		}
		log.refused.push(r.status);
		return false;
	}
	return false;
}

/** Every acknowledged save is in the database (its seq or a later one), and nothing stored was never sent. */
async function answersHold(sql, attemptId, sent, acked) {
	const rows = await sql`select position, save_seq, selected from attempt_questions
		where attempt_id = ${attemptId} order by position`;
	let lost = 0;
	let invented = 0;
	for (const row of rows) {
		const last = acked.get(row.position);
		if (last !== undefined && (row.save_seq < last || row.selected === null)) lost++;
		if (row.save_seq > 0 && !sent.has(`${row.position}:${row.save_seq}`)) invented++;
	}
	return { lost, invented, rows: rows.length };
}

async function quizAlternatingHosts(s, sql) {
	const person = new Person();
	const userId = s.flowUsers[0] + 2;
	await person.signIn(LB, userId);
	const attemptId = await startAttempt(person, HOST.app1, s.flowRoundId);
	const sent = new Set();
	const acked = new Map();
	const log = { networkErrors: 0, retried: 0, refused: [] };
	for (let position = 0; position < 20; position++) {
		const save = { position, choices: [position % 4], seq: position + 1 };
		sent.add(`${position}:${save.seq}`);
		const host = position % 2 ? HOST.app2 : HOST.app1;
		if (await saveLikeThePage(person, host, attemptId, save, log)) acked.set(position, save.seq);
	}
	const submitted = await person.request(HOST.app2, `/quiz/${attemptId}?/submit`, {
		method: 'POST',
		form: { auto: '0', prediction: '' }
	});
	const held = await answersHold(sql, attemptId, sent, acked);
	const [attempt] = await sql`select status, correct_count from attempts where id = ${attemptId}`;
	check(
		'a quiz whose saves alternate hosts keeps every answer; submitted on the other host',
		acked.size === 20 && held.lost === 0 && held.invented === 0 && attempt.status === 'finished',
		`${acked.size}/20 acknowledged, ${held.lost} lost, ${held.invented} never sent, submit ${Person.actionStatus(submitted)}, attempt ${attempt.status} (${attempt.correct_count} correct)`
	);
}

/** Reads `event: changed` lines from an SSE response until one arrives or `ms` passes. */
async function firstEvent(response, ms) {
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let text = '';
	const deadline = Date.now() + ms;
	try {
		while (Date.now() < deadline) {
			const chunk = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
			if (!chunk || chunk.done) break;
			text += decoder.decode(chunk.value, { stream: true });
			if (text.includes('event: changed')) return true;
		}
		return false;
	} finally {
		await reader.cancel().catch(() => {});
	}
}

async function dashboardLiveAcrossHosts(s) {
	const organizer = new Person({ session: `${s.tokenPrefix}${s.organizerId}` });
	const abort = new AbortController();
	const stream = await fetch(`${HOST.app1}/organize/contests/${s.contestId}/dashboard/live`, {
		headers: { cookie: organizer.header(), accept: 'text/event-stream' },
		signal: abort.signal
	});
	const participant = new Person();
	await participant.signIn(HOST.app2, s.flowUsers[0] + 3);
	const attemptId = await startAttempt(participant, HOST.app2, s.flowRoundId);
	const heard = firstEvent(stream, 10_000);
	await participant.request(HOST.app2, `/quiz/${attemptId}?/submit`, {
		method: 'POST',
		form: { auto: '0', prediction: '' }
	});
	const ok = await heard;
	abort.abort();
	check(
		'a dashboard open on app1 updates live when an attempt is submitted on app2',
		stream.status === 200 && ok,
		`stream ${stream.status}, event ${ok ? 'received' : 'not received within 10 s'}`
	);
}

async function leaderboardFromReplica(s) {
	const replica = postgres(replicaUrl.replace(/\/cuocthi$/, '/postgres'), { max: 1, onnotice: () => {} });
	const commits = async () =>
		Number(
			(await replica`select xact_commit from pg_stat_database where datname = 'cuocthi'`)[0].xact_commit
		);
	const person = new Person();
	await person.signIn(LB, s.flowUsers[0] + 4);
	const before = await commits();
	const statuses = [];
	for (let i = 0; i < 10; i++)
		statuses.push((await person.request(LB, `/rounds/${s.rankedRoundIds[0]}/leaderboard`)).status);
	await sleep(1500); // a backend flushes its pg_stat counters at most once a second
	const after = await commits();
	const [{ n: readConnections }] = await replica`select count(*)::int as n from pg_stat_activity
		where datname = 'cuocthi' and application_name = 'cuocthi-read'`;
	await replica.end();
	check(
		'leaderboards are read from the replica',
		statuses.every((c) => c === 200) && after - before > 0 && readConnections > 0,
		`pages ${[...new Set(statuses)].join('/')}, ${after - before} transactions on the replica for 10 pages, ${readConnections} read-pool connections there`
	);
}

async function openEssayContest(s) {
	const handle = await openPostgres(primaryUrl, 1);
	try {
		const now = Date.now();
		const created = await createEssayContest(handle.db, {
			title: 'Bài dự thi nhiều máy',
			description: '',
			rules: '',
			eligibleUnitId: null,
			codePrefix: 'MH',
			opensAt: new Date(now - 3600_000),
			closesAt: new Date(now + 7 * 86400_000),
			entriesPerAuthor: 1,
			minWords: null,
			maxWords: null,
			requirement: 'text_or_file',
			maxFileBytes: 10 * 1024 * 1024,
			createdBy: s.organizerId
		});
		if (!created.ok) throw new Error(`essay contest: ${created.error}`);
		const published = await setPublished(handle.db, created.value.id, true, s.organizerId);
		if (!published.ok) throw new Error(`publish essay contest: ${published.error}`);
		return created.value.id;
	} finally {
		await handle.close();
	}
}

async function essayUploadedOnOneHostReadOnOther(s) {
	const contestId = await openEssayContest(s);
	const author = new Person();
	await author.signIn(HOST.app1, s.flowUsers[0] + 6);
	const created = await author.request(HOST.app1, `/essays/${contestId}?/create`, {
		method: 'POST',
		form: { title: 'Học tập và làm theo tấm gương đạo đức Hồ Chí Minh' }
	});
	const entryId = /\/essays\/entries\/(\d+)/.exec(created.text)?.[1];
	if (!entryId) throw new Error(`create entry: ${created.status} ${created.text.slice(0, 200)}`);
	const docx = await buildDocx(['Bài viết của tôi về nêu gương.', 'Đoạn thứ hai của bài dự thi.']);
	const form = new FormData();
	form.set('title', 'Học tập và làm theo tấm gương đạo đức Hồ Chí Minh');
	form.set('body', '');
	form.set('file', new Blob([docx]), 'bai-du-thi.docx');
	const saved = await author.request(HOST.app1, `/essays/entries/${entryId}?/save`, {
		method: 'POST',
		multipart: form
	});
	const response = await fetch(`${HOST.app2}/essays/entries/${entryId}/file`, {
		headers: { cookie: author.header() }
	});
	const bytes = new Uint8Array(await response.arrayBuffer());
	const same =
		createHash('sha256').update(bytes).digest('hex') === createHash('sha256').update(docx).digest('hex');
	check(
		'an essay file uploaded on app1 downloads from app2, byte for byte',
		Person.actionStatus(saved) === 200 && response.status === 200 && same,
		`upload ${Person.actionStatus(saved)}, download ${response.status} (${bytes.length} of ${docx.length} bytes, ${same ? 'identical' : 'different'})`
	);
}

async function hostStoppedMidQuiz(s, sql, hosts) {
	const person = new Person();
	await person.signIn(LB, s.flowUsers[0] + 5);
	const attemptId = await startAttempt(person, LB, s.flowRoundId);
	const sent = new Set();
	const acked = new Map();
	const log = { networkErrors: 0, retried: 0, refused: [] };
	for (let position = 0; position < 20; position++) {
		if (position === 8) await hosts.stopApp('app1', 'SIGKILL');
		const save = { position, choices: [(position + 1) % 4], seq: position + 1 };
		sent.add(`${position}:${save.seq}`);
		if (await saveLikeThePage(person, LB, attemptId, save, log)) acked.set(position, save.seq);
	}
	const submitted = await person.request(LB, `/quiz/${attemptId}?/submit`, {
		method: 'POST',
		form: { auto: '0', prediction: '' }
	});
	const held = await answersHold(sql, attemptId, sent, acked);
	const [attempt] = await sql`select status from attempts where id = ${attemptId}`;
	check(
		'app1 killed mid-quiz: the pending answers reach the database through app2, nothing acknowledged is lost',
		acked.size === 20 && held.lost === 0 && held.invented === 0 && attempt.status === 'finished',
		`${acked.size}/20 acknowledged (${log.networkErrors} network errors, ${log.retried} retried, refused ${log.refused.join(',') || 'none'}), ${held.lost} lost, ${held.invented} never sent, submit ${Person.actionStatus(submitted)}, attempt ${attempt.status}`
	);
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
	if (process.getuid?.() !== 0)
		throw new Error('the multi-host test makes network namespaces: run it as root');
	if (!fs.existsSync(path.join(root, 'build/index.js')))
		throw new Error('no production build: npm run build');
	const t0 = performance.now();
	network('up');
	const hosts = new Hosts();
	let failed = false;
	try {
		await hosts.startPrimary();
		const migrated = await openPostgres(primaryUrl, 1);
		await migrated.migrate(path.join(root, 'drizzle'));
		await migrated.close();
		const s = await seed(
			primaryUrl,
			{ ...QUICK, people: 200, levels: [2, 2, 4, 8], open: 20, crowd: 20, flow: 40 },
			() => {}
		);
		await hosts.startReplica();
		// one host first: the first process to boot applies migrations (already done here) under an advisory lock
		await hosts.startApp('app1');
		await hosts.startApp('app2');
		await hosts.startBalancer();
		console.log(
			`hosts ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (files in ${hosts.dir}); app hosts on Node ${process.version}`
		);
		const sql = postgres(primaryUrl, { max: 2, onnotice: () => {} });
		try {
			for (const scenario of [
				signInOnOneContinueOnOther,
				signInLimitCountsAcrossHosts,
				quizAlternatingHosts,
				dashboardLiveAcrossHosts,
				leaderboardFromReplica,
				essayUploadedOnOneHostReadOnOther,
				hostStoppedMidQuiz
			]) {
				try {
					await scenario(s, sql, hosts);
				} catch (err) {
					check(scenario.name, false, `threw: ${err instanceof Error ? err.message : err}`);
				}
			}
		} finally {
			await sql.end();
		}
		await until('replica to catch up', () => hosts.replicaCaughtUp(5000).then(() => true), 10_000).catch(
			() => {}
		);
	} catch (err) {
		failed = true;
		console.error(err);
	} finally {
		if (failed || results.some((r) => !r.ok)) console.log(hosts.tails());
		await hosts.stopAll();
		if (!process.env.MH_KEEP) hosts.remove();
		network('down');
	}
	const passed = results.filter((r) => r.ok).length;
	const failedCount = results.length - passed + (failed ? 1 : 0);
	console.log(
		`multihost: ${passed} passed, ${failedCount} failed (${((performance.now() - t0) / 1000).toFixed(0)} s)`
	);
	// .ci/run adds this to its totals (a "plain" report: counts only)
	if (process.env.TEST_REPORT_DIR) {
		fs.writeFileSync(
			path.join(process.env.TEST_REPORT_DIR, `multihost${process.env.TEST_REPORT_TAG ?? ''}.json`),
			JSON.stringify({ plain: true, passed, failed: failedCount, node: process.version })
		);
	}
	process.exit(failedCount === 0 && passed > 0 ? 0 : 1);
}

await main();
