import { DiskStore } from '../../files/disk-store';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOfContest } from '../../audit';
import type { Db, DbHandle } from '../../db/client';
import { entries, jobs, roundEntries, similarityPairs } from '../../db/schema';
import { latestJob } from '../../jobs/runs';
import type { JobQueue } from '../../jobs/queue';
import { testQueue, waitForRun } from '../../jobs/testing';
import { createTestDb } from '../../testing/db';
import { makeUnit, makeUser } from '../../testing/fixtures';
import { createEntry, submitEntry } from '../entries';
import { judgeQueue } from '../judge-side';
import { closeSubmissions } from '../stages';
import { autoAssign, openRound } from '../judging';
import { addJudge, createEssayContest, createRound, setPublished } from '../setup';
import { ESSAY, UNRELATED, everyFifthChanged, reordered } from './fixtures';
import { SIMILARITY_JOB, similarityJob, startSimilarityCheck } from './job';
import { addReference, checkCoverage } from './references';
import { disqualifyEntry, markAcceptable, pairDetail, pairsAbove } from './review';

let handle: DbHandle;
let db: Db;
let unitId: number;
let organizerId: number;
let no = 0;
let queue: JobQueue;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	queue = await testQueue(handle, new DiskStore('/nonexistent'), [similarityJob]);
	unitId = (await makeUnit(db, 'SIMROOT')).id;
	organizerId = (await makeUser(db, unitId, { fullName: 'Người Tổ Chức' })).id;
});
afterAll(async () => {
	await queue.stop(1_000);
	await handle.close();
});

const DURING = new Date('2026-05-01T00:00:00Z');

async function contest(
	opensAt = new Date('2026-04-01T00:00:00Z'),
	closesAt = new Date('2026-06-01T00:00:00Z')
) {
	no++;
	const made = await createEssayContest(db, {
		title: `Cuộc thi tương đồng ${no}`,
		description: '',
		rules: '',
		eligibleUnitId: null,
		codePrefix: `TD${no}`,
		opensAt,
		closesAt,
		entriesPerAuthor: 1,
		minWords: null,
		maxWords: null,
		requirement: 'text',
		maxFileBytes: 1024 * 1024,
		createdBy: null
	});
	if (!made.ok) throw new Error(made.error);
	const contestId = made.value.id;
	expect((await setPublished(db, contestId, true)).ok).toBe(true);
	async function entry(body: string, now = new Date(opensAt.getTime() + 86_400_000)) {
		const author = await makeUser(db, unitId, { fullName: `Tác Giả ${no}` });
		const created = await createEntry(db, {
			contestId,
			authorId: author.id,
			authorUnitId: unitId,
			title: 'Bài',
			now
		});
		if (!created.ok) throw new Error(created.error);
		const sent = await submitEntry(db, {
			entryId: created.entryId,
			authorId: author.id,
			title: `Bài ${created.entryId}`,
			body,
			files: new DiskStore('/nonexistent'),
			now
		});
		if (!sent.ok) throw new Error(sent.error);
		return created.entryId;
	}
	return { contestId, entry };
}

async function check(contestId: number) {
	const started = await startSimilarityCheck(queue, db, { contestId, actorId: organizerId });
	if (!started.ok) throw new Error(started.error);
	expect((await waitForRun(handle, started.jobId)).status).toBe('done');
	return started.jobId;
}

const other = (p: Awaited<ReturnType<typeof pairsAbove>>[number]) =>
	p.other.kind === 'entry' ? `e${p.other.id}` : `r${p.other.id}`;

describe('the similarity check as a job', () => {
	it('finds copies among entries, of an earlier contest and of a reference, above the threshold only', async () => {
		const earlier = await contest(new Date('2025-04-01T00:00:00Z'), new Date('2025-06-01T00:00:00Z'));
		const old = await earlier.entry(UNRELATED);
		const c = await contest();
		const original = await c.entry(ESSAY);
		const moved = await c.entry(reordered(ESSAY));
		const spun = await c.entry(everyFifthChanged(ESSAY));
		const fromOld = await c.entry(`${UNRELATED}\n\nVà một câu kết rất riêng của tác giả.`);
		const quote = ESSAY.split('\n\n')[3];
		const own = await c.entry(
			'Bài viết về biển đảo quê hương với những suy nghĩ chân thành của người lính trẻ nơi đảo xa.'
		);
		const ref = await addReference(db, {
			contestId: c.contestId,
			title: 'Sách tham khảo',
			text: `Lời mở đầu.\n\n${quote}`,
			actorId: organizerId
		});
		if (!ref.ok) throw new Error(ref.error);

		const jobId = await check(c.contestId);
		const job = await latestJob(db, SIMILARITY_JOB, c.contestId);
		expect(job).toMatchObject({ id: jobId, status: 'done', error: null });
		expect(job!.done).toBe(job!.total);
		expect(await checkCoverage(db, c.contestId)).toEqual({ entries: 5, checked: 5 });

		const pairs = await pairsAbove(db, c.contestId, 20);
		const found = new Map(pairs.map((p) => [`e${p.entry.id}-${other(p)}`, p]));
		expect(found.get(`e${original}-e${moved}`)!.aInB).toBeGreaterThan(95);
		expect(found.get(`e${original}-e${spun}`)!.aInB).toBeGreaterThan(35);
		expect(found.get(`e${original}-e${spun}`)!.aInB).toBeLessThan(45);
		expect(found.get(`e${fromOld}-e${old}`)!.bInA).toBe(100);
		expect(found.get(`e${fromOld}-e${old}`)!.other).toMatchObject({
			contestTitle: expect.stringContaining('tương đồng')
		});
		// the reference's paragraph is a fifth of the essay: the reference is almost all inside it
		expect(found.get(`e${original}-r${ref.id}`)!.bInA).toBeGreaterThan(80);
		expect(pairs.some((p) => p.entry.id === own || (p.other.kind === 'entry' && p.other.id === own))).toBe(
			false
		);
		// most overlapping first
		const tops = pairs.map((p) => Math.max(p.aInB, p.bInA));
		expect(tops).toEqual([...tops].sort((a, b) => b - a));

		const detail = await pairDetail(db, c.contestId, found.get(`e${original}-r${ref.id}`)!.id, null);
		const highlighted = detail!.left.pieces.filter((x) => x.shared).map((x) => x.text);
		expect(highlighted).toEqual([quote.slice(0, -1)]);
		expect(detail!.left.pieces.map((x) => x.text).join('')).toBe(ESSAY);
	});

	it('checks late entries incrementally, keeping earlier reviews', async () => {
		const c = await contest();
		const a = await c.entry(ESSAY);
		const b = await c.entry(reordered(ESSAY));
		await c.entry(UNRELATED);
		await check(c.contestId);
		const pair = (await pairsAbove(db, c.contestId, 20)).find((p) => p.entry.id === a && p.other.id === b)!;
		expect(
			(
				await markAcceptable(db, {
					contestId: c.contestId,
					pairId: pair.id,
					actorId: organizerId,
					reason: 'Hai bài cùng trích một văn bản gốc.'
				})
			).ok
		).toBe(true);

		const late = await c.entry(everyFifthChanged(UNRELATED), DURING);
		await check(c.contestId);
		const job = await latestJob(db, SIMILARITY_JOB, c.contestId);
		// only the late entry was compared; nothing else read again
		expect(job).toMatchObject({ status: 'done', done: 1, total: 1 });
		const pairs = await pairsAbove(db, c.contestId, 20);
		expect(pairs.find((p) => p.id === pair.id)).toMatchObject({
			status: 'reviewed_acceptable',
			entry: { id: a },
			other: { id: b }
		});
		expect(pairs.some((p) => p.entry.id === late || (p.other.kind === 'entry' && p.other.id === late))).toBe(
			true
		);
		const trail = await auditOfContest(db, c.contestId, { entity: 'similarity_pair', entityId: pair.id });
		expect(trail).toMatchObject([
			{ action: 'similarity.acceptable', reason: 'Hai bài cùng trích một văn bản gốc.' }
		]);

		// a third run has nothing left to do
		await check(c.contestId);
		expect(await latestJob(db, SIMILARITY_JOB, c.contestId)).toMatchObject({ done: 0, total: 0 });
	});

	it('refuses a second start while one runs, and takes over a run whose process died', async () => {
		const c = await contest();
		await c.entry(ESSAY);
		const old = new Date(Date.now() - 10 * 60_000);
		const [dead] = await db
			.insert(jobs)
			.values({ kind: SIMILARITY_JOB, contestId: c.contestId, startedAt: old, heartbeatAt: old, total: 1 })
			.returning();
		await check(c.contestId);
		const [after] = await db.select().from(jobs).where(eq(jobs.id, dead.id));
		expect(after).toMatchObject({ status: 'failed', error: 'interrupted' });
		expect(await checkCoverage(db, c.contestId)).toEqual({ entries: 1, checked: 1 });

		await db.insert(jobs).values({ kind: SIMILARITY_JOB, contestId: c.contestId });
		expect(await startSimilarityCheck(queue, db, { contestId: c.contestId, actorId: organizerId })).toEqual({
			ok: false,
			error: 'already_running'
		});
	});
});

describe('reviewing a pair', () => {
	it('marks a pair acceptable or disqualifies an entry, with a reason, audited, out of judging', async () => {
		const c = await contest();
		const a = await c.entry(ESSAY);
		const b = await c.entry(everyFifthChanged(ESSAY));
		const keep = await c.entry(UNRELATED);
		await check(c.contestId);
		const pair = (await pairsAbove(db, c.contestId, 20)).find((p) => p.entry.id === a && p.other.id === b)!;
		const input = { contestId: c.contestId, pairId: pair.id, entryId: b, actorId: organizerId };

		expect(await markAcceptable(db, { ...input, reason: 'ngắn' })).toEqual({
			ok: false,
			error: 'reason_required'
		});
		expect(await disqualifyEntry(db, { ...input, reason: 'ngắn' })).toEqual({
			ok: false,
			error: 'reason_required'
		});
		// while authors may still edit, nobody is disqualified
		expect(
			await disqualifyEntry(db, { ...input, reason: 'Chép lại gần nguyên văn bài khác.' }, DURING)
		).toEqual({ ok: false, error: 'stage' });
		expect(
			await disqualifyEntry(db, { ...input, entryId: keep, reason: 'Chép lại gần nguyên văn bài khác.' })
		).toEqual({ ok: false, error: 'not_in_pair' });
		// once submissions are closed, the database refuses the status change by any other path
		expect((await closeSubmissions(db, c.contestId, organizerId)).ok).toBe(true);
		await expect(
			db.update(entries).set({ status: 'disqualified' }).where(eq(entries.id, a))
		).rejects.toThrow();

		expect(await disqualifyEntry(db, { ...input, reason: 'Chép lại gần nguyên văn bài khác.' })).toEqual({
			ok: true
		});
		const [entry] = await db.select({ status: entries.status }).from(entries).where(eq(entries.id, b));
		expect(entry.status).toBe('disqualified');
		expect(await markAcceptable(db, { ...input, reason: 'Đã xem lại, không sao.' })).toEqual({
			ok: false,
			error: 'reviewed'
		});
		const [stored] = await db.select().from(similarityPairs).where(eq(similarityPairs.id, pair.id));
		expect(stored).toMatchObject({
			status: 'disqualified',
			reviewedBy: organizerId,
			reason: 'Chép lại gần nguyên văn bài khác.'
		});
		const trail = await auditOfContest(db, c.contestId, { entity: 'entry', entityId: b });
		expect(trail[0]).toMatchObject({
			action: 'entry.disqualify',
			reason: 'Chép lại gần nguyên văn bài khác.',
			actorName: 'Người Tổ Chức',
			after: expect.objectContaining({ status: 'disqualified', pairId: pair.id })
		});

		// the disqualified entry takes no part in judging; the judge's queue says nothing of the check
		const round = await createRound(db, c.contestId, {
			name: 'Sơ khảo',
			scale: 100,
			judgesPerEntry: 1,
			disagreementThreshold: 20,
			settleRule: 'mean',
			advanceRule: null,
			advanceValue: null,
			closesAt: null,
			criteria: [{ name: 'Nội dung', maxPoints: 100 }]
		});
		if (!round.ok) throw new Error(round.error);
		const judge = await makeUser(db, (await makeUnit(db, `SIMJ${no}`)).id, { fullName: 'Giám Khảo' });
		await addJudge(db, c.contestId, judge.id);
		expect((await openRound(db, round.value.round.id)).ok).toBe(true);
		const inRound = await db
			.select()
			.from(roundEntries)
			.where(eq(roundEntries.roundId, round.value.round.id));
		expect(inRound.map((r) => r.entryId).sort()).toEqual([a, keep].sort());
		expect((await autoAssign(db, round.value.round.id, null)).ok).toBe(true);
		const queue = await judgeQueue(db, judge.id);
		const seen = JSON.stringify(queue);
		expect(queue.flatMap((r) => r.items ?? []).length).toBe(2);
		expect(seen).not.toMatch(/similar|overlap|disqualif|a_in_b|aInB/i);
	});
});
