import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DbHandle, rowsOf } from '../db/client';
import { finishAttempt, startAttempt } from '../quiz/attempts';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { LiveHub, liveHub, postgresTransport, startLive, stopLive } from './hub';
import { liveStream } from './sse';

// the PostgreSQL-only cases need the URL of this file's database; on PGlite the hub runs in-process
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

let handle: DbHandle;
let unitId: number;
let url = '';

beforeAll(async () => {
	handle = await createTestDb();
	unitId = (await makeUnit(handle.db, 'LIVE')).id;
	if (handle.kind === 'postgres') {
		const [{ name }] = rowsOf<{ name: string }>(
			await handle.db.execute(sql`select current_database() as name`)
		);
		const u = new URL(process.env.TEST_DATABASE_URL!);
		u.pathname = `/${name}`;
		url = u.toString();
	}
	// this process's hub, as the server starts it: finishAttempt publishes through it
	await startLive(handle.kind === 'postgres' ? { url } : { pglite: handle.pglite! });
});

afterAll(async () => {
	await stopLive();
	await handle.close();
});

/** A participant takes and submits an attempt in the round, through the quiz code. */
async function submitOne(roundId: number) {
	const user = await makeUser(handle.db, unitId);
	const started = await startAttempt(handle.db, { roundId, userId: user.id, unitId });
	if (!started.ok) throw new Error(started.error);
	const finished = await finishAttempt(handle.db, {
		attemptId: started.attemptId,
		userId: user.id,
		endedBy: 'submitted'
	});
	expect(finished.ok).toBe(true);
}

/** Resolves with the text of the next `changed` event on the stream, or rejects after `ms`. */
async function nextEvent(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number): Promise<string> {
	const decoder = new TextDecoder();
	const deadline = Date.now() + ms;
	for (;;) {
		const left = deadline - Date.now();
		if (left <= 0) throw new Error('no event in time');
		const chunk = await Promise.race([
			reader.read(),
			new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no event in time')), left))
		]);
		if (chunk.done) throw new Error('stream ended');
		const text = decoder.decode(chunk.value);
		if (text.includes('event: changed')) return text;
	}
}

describe('live hub (this process)', () => {
	it("a submitted attempt reaches an SSE client of the round's contest within seconds, and no one else's", async () => {
		const hub = liveHub()!;
		const { contest, round } = await makeQuizRound(handle.db, { perAttempt: 3, bankSize: 5 });
		const other = await makeQuizRound(handle.db, { perAttempt: 3, bankSize: 5 });
		const abort = new AbortController();
		const reader = liveStream(hub, contest.id, abort.signal).body!.getReader();
		let otherEvents = 0;
		const unsubscribe = hub.subscribe(other.contest.id, () => otherEvents++);
		try {
			await submitOne(round.id);
			expect(await nextEvent(reader, 5000)).toBe(`event: changed\ndata: ${contest.id}\n\n`);
			expect(otherEvents).toBe(0);
		} finally {
			abort.abort();
			unsubscribe();
		}
		expect(hub.subscriberCount()).toBe(0);
	});

	it('a practice round does not wake the dashboard (it is not on it)', async () => {
		const hub = liveHub()!;
		const { contest, round } = await makeQuizRound(handle.db, { perAttempt: 3, bankSize: 5, practice: true });
		let events = 0;
		const unsubscribe = hub.subscribe(contest.id, () => events++);
		await submitOne(round.id);
		await new Promise((r) => setTimeout(r, 1500));
		unsubscribe();
		expect(events).toBe(0);
	});

	it('a readiness probe comes back through the real LISTEN connection', async () => {
		expect(await liveHub()!.probe(2000)).toBe(true);
	});
});

describe.runIf(onPostgres)('live hub across processes (PostgreSQL)', () => {
	it('a finish committed through one connection reaches an SSE client of a hub listening on another', async () => {
		// hub A is "process A" (the one finishAttempt publishes through); hub B has its own connection
		const b = new LiveHub(postgresTransport(url));
		await b.start();
		const { contest, round } = await makeQuizRound(handle.db, { perAttempt: 3, bankSize: 5 });
		const abort = new AbortController();
		const reader = liveStream(b, contest.id, abort.signal).body!.getReader();
		try {
			const sent = Date.now();
			await submitOne(round.id);
			expect(await nextEvent(reader, 5000)).toContain(`data: ${contest.id}`);
			expect(Date.now() - sent).toBeLessThan(5000);

			// B's LISTEN connection is killed: postgres.js reconnects it, B tells its clients to reload (notifications
			// may have been missed), and later finishes arrive again
			const killed = rowsOf<{ ok: boolean }>(
				await handle.db.execute(sql`
					select pg_terminate_backend(pid) as ok from pg_stat_activity
					where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`)
			);
			expect(killed.length).toBeGreaterThan(0);
			expect(await nextEvent(reader, 10_000)).toContain(`data: ${contest.id}`);
			await new Promise((r) => setTimeout(r, 2100)); // past both windows
			await submitOne(round.id);
			expect(await nextEvent(reader, 8000)).toContain(`data: ${contest.id}`);
		} finally {
			abort.abort();
			await b.close();
		}
	}, 30_000);
});
