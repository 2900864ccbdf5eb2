// The faults, one at a time. Infrastructure faults (the app killed, PostgreSQL restarted, the pool's connections cut)
// are each followed by a probe that measures how long until the service answers again; request faults (replays,
// reordered and double requests, late saves and submits) are checked by the answers and the final database.
import { request, sleep } from './http.mjs';

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const between = (a, b) => Math.round(a + Math.random() * (b - a));

export const WEIGHTS = {
	'app SIGKILL mid-save + restart': 4,
	'PostgreSQL restart (fast)': 4,
	'PostgreSQL restart (immediate)': 4,
	'pool connections dropped (FIN)': 10,
	'pool connections reset (RST)': 10,
	'pool traffic delayed 0.3–1.5 s': 7,
	'new pool connections refused 0.3–1.2 s': 7,
	'save replayed': 14,
	'saves reordered': 10,
	'double submit': 8,
	'double start': 6,
	'save after deadline + grace': 8,
	'submit after deadline + grace': 4,
	'save with an option that does not exist': 4
};

export function drawFault() {
	const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
	let r = Math.random() * total;
	for (const [kind, w] of Object.entries(WEIGHTS)) if ((r -= w) < 0) return kind;
	return 'save replayed';
}

/** ms from the fault's end until an authenticated request that needs the database answers 200 (bounded: 20 s) */
async function recovery(ctx, endedAt) {
	for (let i = 0; i < 400; i++) {
		try {
			const res = await request(ctx.app.base, {
				path: '/quiz/1/save',
				headers: { cookie: ctx.probeCookie, accept: 'application/json' },
				timeoutMs: 3000
			});
			if (res.status === 200) return Date.now() - endedAt;
		} catch {
			// not up yet
		}
		await sleep(50);
	}
	return Infinity;
}

async function waitFor(condition, ms) {
	const until = Date.now() + ms;
	while (!condition() && Date.now() < until) await sleep(5);
	return condition();
}

/** Injects one fault; resolves to { injected, recoveryMs? } (a request fault with no target is not injected). */
export async function inject(kind, ctx) {
	const { app, cluster, proxy, driver } = ctx;
	const now = Date.now();
	const attempts = [...driver.attempts.values()];
	const late = attempts.filter((a) => a.latestEnd + 1500 < now);
	const live = attempts.filter((a) => !a.submitted && a.latestEnd > now + 1000);
	switch (kind) {
		case 'app SIGKILL mid-save + restart': {
			await waitFor(() => driver.inflightSaves > 0, 2000);
			driver.health.appDown = true;
			driver.health.lastKillAt = Date.now();
			await app.kill();
			const endedAt = Date.now();
			await app.start();
			driver.health.appDown = false;
			return { injected: true, recoveryMs: await recovery(ctx, endedAt) };
		}
		case 'PostgreSQL restart (fast)':
		case 'PostgreSQL restart (immediate)': {
			await waitFor(() => driver.inflightSaves > 0, 1000);
			await cluster.restart(kind.includes('fast') ? 'fast' : 'immediate');
			return { injected: true, recoveryMs: await recovery(ctx, Date.now()) };
		}
		case 'pool connections dropped (FIN)':
			await waitFor(() => driver.inflightSaves > 0, 1000);
			proxy.drop();
			return { injected: true, recoveryMs: await recovery(ctx, Date.now()) };
		case 'pool connections reset (RST)':
			await waitFor(() => driver.inflightSaves > 0, 1000);
			proxy.reset();
			return { injected: true, recoveryMs: await recovery(ctx, Date.now()) };
		case 'pool traffic delayed 0.3–1.5 s':
			proxy.setDelay(between(300, 1500));
			await sleep(between(500, 1500));
			proxy.setDelay(0);
			return { injected: true, recoveryMs: await recovery(ctx, Date.now()) };
		case 'new pool connections refused 0.3–1.2 s':
			proxy.setRefusing(true);
			proxy.reset();
			await sleep(between(300, 1200));
			proxy.setRefusing(false);
			return { injected: true, recoveryMs: await recovery(ctx, Date.now()) };
		case 'save replayed': {
			const sent = driver.log.sent;
			if (sent.length === 0) return { injected: false };
			const old = sent[Math.floor(Math.random() * sent.length)];
			const attempt = driver.attempts.get(old.attemptId);
			await driver.saveRequest(attempt, old, 'replay');
			return { injected: true };
		}
		case 'saves reordered':
		case 'double submit':
		case 'double start': {
			// taken by the next participant that chooses, submits or starts
			const token = {
				'saves reordered': 'reorder',
				'double submit': 'doubleSubmit',
				'double start': 'doubleStart'
			}[kind];
			driver.tokens[token]++;
			const taken = await waitFor(() => driver.tokens[token] === 0, 8000);
			if (!taken) driver.tokens[token] = 0;
			return { injected: taken };
		}
		case 'save after deadline + grace': {
			if (late.length === 0) return { injected: false };
			const attempt = pick(late);
			const item = { position: 0, choices: [Math.floor(Math.random() * 4)], seq: attempt.queue.nextSeq() };
			const out = await driver.saveRequest(attempt, item, 'late');
			if (out.kind === 'ok')
				driver.violations.push(`a save after deadline + grace was accepted (attempt ${attempt.id})`);
			return { injected: true };
		}
		case 'submit after deadline + grace': {
			const unsubmitted = late.filter((a) => !a.submitted);
			if (unsubmitted.length === 0) return { injected: false };
			await driver.submit(pick(unsubmitted), true);
			return { injected: true };
		}
		case 'save with an option that does not exist': {
			if (live.length === 0) return { injected: false };
			const attempt = pick(live);
			const item = { position: 0, choices: [4], seq: attempt.queue.nextSeq() };
			const out = await driver.saveRequest(attempt, item, 'invalid');
			if (out.kind === 'ok')
				driver.violations.push(`a save of option 5 of 4 was accepted (attempt ${attempt.id})`);
			return { injected: true };
		}
	}
	throw new Error(`unknown fault ${kind}`);
}
