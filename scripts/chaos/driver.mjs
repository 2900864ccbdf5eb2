// Participants as the quiz page drives the server: the start form, the answer queue of answer-sync.svelte.ts (one
// save at a time per attempt, a sequence number that rises with every change, a save kept until the server
// acknowledges it, refused for good on 404/409/422, sent again after a network error, a 429 or a 5xx) and the
// submit of QuizRunner.svelte (flush the queue first, retry honouring Retry-After). Every save sent and every
// acknowledgement is logged: the checks compare the database with these logs.
import { jsonOf, request, sleep } from './http.mjs';

const rand = (n) => Math.floor(Math.random() * n);
const between = (a, b) => a + Math.random() * (b - a);

export function createDriver({ app, cookieOf, rounds, limits }) {
	const log = { sent: [], acks: [], refusals: [] };
	/** attemptId → what the participant knows of it */
	const attempts = new Map();
	const tally = new Map();
	const unclear = [];
	const stalls = []; // no answer at all while the app was up: a timeout or a reset connection
	const violations = [];
	const tokens = { doubleStart: 0, doubleSubmit: 0, reorder: 0 };
	const health = { appDown: false, lastKillAt: 0 };
	let inflightSaves = 0;
	let stopping = false;

	const count = (key) => tally.set(key, (tally.get(key) ?? 0) + 1);

	const headers = (userId, kind) => ({
		cookie: cookieOf(userId),
		origin: app.origin,
		accept: 'application/json',
		...(kind === 'form'
			? { 'content-type': 'application/x-www-form-urlencoded', 'x-sveltekit-action': 'true' }
			: { 'content-type': 'application/json' })
	});

	/** one request, classified: ok, refused (a clear 4xx), retry (429/503 + Retry-After), conn (no answer), unclear */
	async function call(kind, options) {
		let res;
		try {
			res = await request(app.base, options);
		} catch (err) {
			// the app is down (killed, restarting) or was killed with this request in flight
			const down = health.appDown || Date.now() - health.lastKillAt < 2000;
			count(`${kind}: connection error (${down ? 'app down' : 'app up'})`);
			if (!down) stalls.push(`${kind}: ${err.code ?? err.message} while the app was up`);
			return { kind: 'conn', retryAfterMs: between(300, 800) };
		}
		const body = jsonOf(res.body);
		const retryAfter = Number(res.headers['retry-after']);
		const retryable = (status) => (status === 429 || status === 503) && retryAfter > 0;
		const action = body?.type !== undefined;
		const status = action && body.type === 'failure' ? body.status : res.status;
		if (retryable(status)) {
			count(`${kind}: ${status} + Retry-After`);
			return { kind: 'retry', retryAfterMs: retryAfter * 1000 + between(0, 500), status };
		}
		if (res.status === 200 && (body?.ok === true || body?.type === 'redirect')) {
			count(`${kind}: ok${body.stale ? ' (stale)' : ''}`);
			return { kind: 'ok', body };
		}
		const reason = body?.code ?? (action ? (body.data ?? body.error?.message) : body?.message);
		if (status >= 400 && status < 500 && reason) {
			count(`${kind}: ${status} ${body?.code ?? ''}`.trim());
			return { kind: 'refused', status, code: body?.code ?? String(status), body };
		}
		count(`${kind}: unclear ${res.status}`);
		unclear.push(`${kind}: ${res.status} ${res.body.slice(0, 160)}`);
		return { kind: 'unclear', retryAfterMs: between(300, 800), status: res.status };
	}

	function saveRequest(attempt, item, tag) {
		const entry = {
			attemptId: attempt.id,
			position: item.position,
			choices: item.choices,
			seq: item.seq,
			tag,
			at: Date.now()
		};
		log.sent.push(entry);
		inflightSaves++;
		return call('save', {
			method: 'POST',
			path: `/quiz/${attempt.id}/save`,
			headers: headers(attempt.userId, 'json'),
			body: JSON.stringify({ position: item.position, choices: item.choices, seq: item.seq })
		}).then((out) => {
			inflightSaves--;
			if (out.kind === 'ok') log.acks.push({ ...entry, stale: out.body.stale === true, ackAt: Date.now() });
			if (out.kind === 'refused') log.refusals.push({ ...entry, code: out.code });
			return out;
		});
	}

	/** The page's answer queue for one attempt (answer-sync.svelte.ts). */
	class AnswerQueue {
		pending = new Map();
		running = null;
		lastSeq = 0;
		closed = false;
		abandoned = false;
		// sequence numbers count milliseconds from a base every save of this attempt shares
		base = Date.now() - 24 * 3600 * 1000;
		constructor(attempt) {
			this.attempt = attempt;
		}
		nextSeq() {
			this.lastSeq = Math.max(this.lastSeq + 1, Math.floor(Date.now() - this.base));
			return this.lastSeq;
		}
		choose(position, choices) {
			this.pending.set(position, { position, choices, seq: this.nextSeq() });
			void this.flush();
		}
		flush() {
			this.running ??= this.drain().finally(() => (this.running = null));
			return this.running;
		}
		async drain() {
			// bounded: a queue gives up after 60 failed sends in a row (the page would keep it in localStorage)
			for (let failures = 0; failures < 60 && this.pending.size > 0 && !this.closed && !this.abandoned;) {
				const item = [...this.pending.values()][0];
				const out = await saveRequest(this.attempt, item, 'queue');
				if (out.kind === 'ok') {
					if (this.pending.get(item.position)?.seq === item.seq) this.pending.delete(item.position);
					failures = 0;
				} else if (out.kind === 'refused') {
					this.pending.delete(item.position);
					if (out.status !== 422) this.closed = true;
					failures = 0;
				} else {
					failures++;
					await sleep(Math.min(out.retryAfterMs, 5000));
				}
			}
		}
	}

	/** POST ?/start as the round page's form, retried like a person would after a busy answer; the attempt id */
	async function start(userId, round) {
		for (let tries = 0; tries < 20 && !stopping; tries++) {
			const send = () =>
				call('start', {
					method: 'POST',
					path: `/rounds/${round.id}?/start`,
					headers: headers(userId, 'form'),
					body: ''
				});
			const double = tokens.doubleStart > 0 && (tokens.doubleStart--, true);
			const outs = double ? await Promise.all([send(), send()]) : [await send()];
			if (double) count('fault: double start');
			const ids = outs
				.filter((o) => o.kind === 'ok')
				.map((o) => Number(/\/quiz\/(\d+)/.exec(o.body.location ?? '')?.[1]));
			if (ids.length === 2 && ids[0] !== ids[1])
				violations.push(`double start made attempts ${ids[0]} and ${ids[1]}`);
			if (ids.length > 0 && ids[0]) return ids[0];
			const out = outs[0];
			if (out.kind === 'refused') return null;
			await sleep(Math.min(out.retryAfterMs ?? 500, 5000));
		}
		return null;
	}

	/** POST ?/submit as QuizRunner: after the queue is flushed, retried with Retry-After honoured (bounded) */
	async function submit(attempt, auto) {
		await Promise.race([attempt.queue.flush(), sleep(30_000)]);
		const send = () =>
			call('submit', {
				method: 'POST',
				path: `/quiz/${attempt.id}?/submit`,
				headers: headers(attempt.userId, 'form'),
				body: `auto=${auto ? 1 : 0}&prediction=`
			});
		for (let tries = 0; tries < 30; tries++) {
			const double = tokens.doubleSubmit > 0 && (tokens.doubleSubmit--, true);
			const outs = double ? await Promise.all([send(), send()]) : [await send()];
			if (double) count('fault: double submit');
			if (outs.some((o) => o.kind === 'ok')) {
				attempt.submitted = true;
				return true;
			}
			const out = outs[0];
			if (out.kind === 'refused') return false;
			await sleep(Math.min(out.retryAfterMs ?? 500, 5000));
		}
		return false;
	}

	/** A save pair sent newest first (a device's requests overtaking each other): the older one must not win. */
	async function reordered(attempt) {
		const position = rand(attempt.questionCount);
		const older = { position, choices: [rand(4)], seq: attempt.queue.nextSeq() };
		const newer = { position, choices: [(older.choices[0] + 1) % 4], seq: attempt.queue.nextSeq() };
		// the queue's own pending save for this position is older than both: drop it as the page would overwrite it
		attempt.queue.pending.delete(position);
		const first = saveRequest(attempt, newer, 'reorder');
		await sleep(rand(5));
		await Promise.all([first, saveRequest(attempt, older, 'reorder')]);
		count('fault: reordered saves');
	}

	async function participant(userId) {
		for (let round = 0; round < limits.attemptsPerParticipant && !stopping; round++) {
			const open = rounds.pickOpen();
			if (!open) {
				await sleep(300);
				continue;
			}
			const attemptId = await start(userId, open);
			if (!attemptId) {
				await sleep(between(200, 600));
				continue;
			}
			let attempt = attempts.get(attemptId);
			if (!attempt) {
				attempt = {
					id: attemptId,
					userId,
					roundId: open.id,
					questionCount: open.questionCount,
					// the latest the deadline can be; the real one may be earlier (the round closes)
					latestEnd:
						Math.min(Date.now() + open.timeLimitSeconds * 1000, open.closesAt) + open.graceSeconds * 1000,
					submitted: false
				};
				attempt.queue = new AnswerQueue(attempt);
				attempts.set(attemptId, attempt);
			} else {
				attempt.queue.abandoned = false; // back to an attempt still in progress (start resumes it)
			}
			const queue = attempt.queue;
			const ending = Math.random();
			const steps = ending < 0.15 ? 400 : 4 + rand(16); // 15%: keep answering until the deadline refuses
			for (let i = 0; i < steps && !queue.closed && !stopping && Date.now() < attempt.latestEnd + 3000; i++) {
				if (tokens.reorder > 0 && (tokens.reorder--, true)) await reordered(attempt);
				else {
					const multi = Math.random() < 0.2;
					const choices = multi ? [0, 1, 2, 3].filter(() => Math.random() < 0.5) : [rand(4)];
					queue.choose(rand(attempt.questionCount), choices);
				}
				await sleep(between(40, 250));
			}
			if (ending > 0.9 && !stopping) {
				queue.abandoned = true; // the tab closed: the sweep finishes it after deadline + grace
				count('participant: abandoned an attempt');
				continue;
			}
			await submit(attempt, queue.closed);
		}
	}

	return {
		log,
		attempts,
		tally,
		unclear,
		stalls,
		violations,
		tokens,
		health,
		get inflightSaves() {
			return inflightSaves;
		},
		stop: () => (stopping = true),
		participant,
		submit,
		saveRequest,
		count,
		call,
		headers
	};
}
