import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOfContest } from '../audit';
import { issueEssayCertificates } from '../certificates/issue';
import { verifyCertificate } from '../certificates/queries';
import type { Db, DbHandle } from '../db/client';
import { assignments, certificates, entries, entryAwards, entryVersions } from '../db/schema';
import { DiskStore } from '../files/disk-store';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { createEntry, submitEntry, updateDraft, withdrawEntry } from './entries';
import { entryForJudge } from './judge-side';
import { autoAssign, openRound } from './judging';
import { saveScore } from './marking';
import { correctResults, publishResults, unpublishResults } from './publication';
import { publicResults, saveEntryAwards } from './results';
import { closeRound } from './rounds-admin';
import {
	addJudge,
	createEssayContest,
	createRound,
	getEssayContest,
	setAwardTiers,
	setPublished,
	updateEssayContest
} from './setup';
import {
	allows,
	closeSubmissions,
	deleteDraftContest,
	deleteDraftRound,
	unsettleResults,
	effectiveStage,
	reopenSubmissions,
	settleResults,
	stageOf
} from './stages';

let handle: DbHandle;
let db: Db;
let unitId: number;
let judgeUnitId: number;
let no = 0;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	const top = await makeUnit(db, 'STROOT');
	unitId = (await makeUnit(db, 'STA', top.id)).id;
	judgeUnitId = (await makeUnit(db, 'STJ', top.id)).id;
});
afterAll(() => handle.close());

const OPENS = new Date('2026-04-01T00:00:00Z');
const CLOSES = new Date('2026-06-01T00:00:00Z');
const DURING = new Date('2026-05-01T00:00:00Z');
const LATER = new Date('2026-05-10T00:00:00Z');
const AFTER = new Date('2026-06-10T00:00:00Z');
const files = new DiskStore('/nonexistent');

/** A published contest with one round (90 + 10), tiers Nhất 1 / Nhì 1 / Ba 1, two judges, accepting entries. */
async function contest() {
	no++;
	const made = await createEssayContest(db, {
		title: `Cuộc thi giai đoạn ${no}`,
		description: '',
		rules: '',
		eligibleUnitId: null,
		codePrefix: `GD${no}`,
		opensAt: OPENS,
		closesAt: CLOSES,
		entriesPerAuthor: 1,
		minWords: null,
		maxWords: null,
		requirement: 'text',
		maxFileBytes: 1024 * 1024,
		createdBy: null
	});
	if (!made.ok) throw new Error(made.error);
	const contestId = made.value.id;
	const round = await createRound(db, contestId, {
		name: 'Sơ khảo',
		scale: 100,
		judgesPerEntry: 2,
		disagreementThreshold: 20,
		settleRule: 'mean',
		advanceRule: null,
		advanceValue: null,
		closesAt: null,
		criteria: [
			{ name: 'Nội dung', maxPoints: 90 },
			{ name: 'Hình thức', maxPoints: 10 }
		]
	});
	if (!round.ok) throw new Error(round.error);
	const roundId = round.value.round.id;
	const criteria = round.value.criteria.map((c) => String(c.id));
	expect((await setPublished(db, contestId, true)).ok).toBe(true);
	await setAwardTiers(db, contestId, [
		{ name: 'Nhất', count: 1 },
		{ name: 'Nhì', count: 1 },
		{ name: 'Ba', count: 1 }
	]);
	const judges: number[] = [];
	for (const name of ['Giám Khảo Một', 'Giám Khảo Hai']) {
		const u = await makeUser(db, judgeUnitId, { fullName: name });
		await addJudge(db, contestId, u.id);
		judges.push(u.id);
	}
	async function entry(title: string, body = 'Đoạn văn của bài dự thi.') {
		const author = await makeUser(db, unitId, { fullName: `Tác Giả ${title}` });
		const created = await createEntry(db, {
			contestId,
			authorId: author.id,
			authorUnitId: unitId,
			title,
			now: DURING
		});
		if (!created.ok) throw new Error(created.error);
		const sent = await submitEntry(db, {
			entryId: created.entryId,
			authorId: author.id,
			title,
			body,
			files,
			now: DURING
		});
		if (!sent.ok) throw new Error(sent.error);
		return { id: created.entryId, authorId: author.id };
	}
	/** every judge gives `total` to the entry */
	async function scoreAll(totals: Map<number, number>) {
		for (const judgeId of judges) {
			const mine = await db
				.select({ assignmentId: assignments.id, entryId: assignments.entryId })
				.from(assignments)
				.where(and(eq(assignments.roundId, roundId), eq(assignments.judgeId, judgeId)));
			for (const item of mine) {
				const total = totals.get(item.entryId)!;
				const points = { [criteria[0]]: total - 10, [criteria[1]]: 10 };
				const saved = await saveScore(
					db,
					item.assignmentId,
					judgeId,
					{ points, comment: '', submit: true },
					AFTER
				);
				if (!saved.ok) throw new Error(saved.error);
			}
		}
	}
	return { contestId, roundId, judges, entry, scoreAll };
}

describe('stages', () => {
	it('tells what each stage allows, and counts submissions past the deadline as closed', () => {
		expect(allows('submissions', 'edit_entry')).toBe(true);
		expect(allows('closed', 'edit_entry')).toBe(false);
		expect(allows('submissions', 'open_round')).toBe(false);
		expect(allows('published', 'save_awards')).toBe(false);
		expect(allows('published', 'correct_results')).toBe(true);
		expect(effectiveStage({ stage: 'submissions', closesAt: CLOSES }, DURING)).toBe('submissions');
		expect(effectiveStage({ stage: 'submissions', closesAt: CLOSES }, AFTER)).toBe('closed');
	});
});

describe('operated stages', () => {
	it('deletes a contest only in draft without entries, and a round only before it opens', async () => {
		const c = await contest();
		expect(await deleteDraftContest(db, c.contestId, null)).toEqual({ ok: false, error: 'stage' });
		await setPublished(db, c.contestId, false);
		const spare = await createRound(db, c.contestId, {
			name: 'Chung khảo',
			scale: 100,
			judgesPerEntry: 1,
			disagreementThreshold: 20,
			settleRule: 'mean',
			advanceRule: null,
			advanceValue: null,
			closesAt: null,
			criteria: [{ name: 'Nội dung', maxPoints: 100 }]
		});
		if (!spare.ok) throw new Error(spare.error);
		expect(await deleteDraftRound(db, spare.value.round.id, null)).toEqual({ ok: true });
		expect(await deleteDraftContest(db, c.contestId, null)).toEqual({ ok: true });
		expect(await getEssayContest(db, c.contestId)).toBeUndefined();

		const judged = await contest();
		await judged.entry('Bài đã chấm');
		expect((await openRound(db, judged.roundId, { now: AFTER })).ok).toBe(true);
		expect(await deleteDraftRound(db, judged.roundId, null)).toEqual({ ok: false, error: 'round_opened' });
		expect(await deleteDraftContest(db, judged.contestId, null)).toEqual({ ok: false, error: 'stage' });
		const trail = await auditOfContest(db, c.contestId);
		expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['stage.delete', 'round.delete']));
	});

	it('settles only once the final round is closed, and unsettles with a reason', async () => {
		const c = await contest();
		await c.entry('Bài một');
		await openRound(db, c.roundId, { now: AFTER });
		expect(await settleResults(db, c.contestId, null, AFTER)).toEqual({
			ok: false,
			error: 'final_round_open'
		});
		await closeRound(db, c.roundId, AFTER);
		expect(await settleResults(db, c.contestId, null, AFTER)).toEqual({ ok: true });
		expect(await unsettleResults(db, c.contestId, { actorId: null, reason: 'ngắn' }, AFTER)).toEqual({
			ok: false,
			error: 'reason_required'
		});
		expect(
			await unsettleResults(
				db,
				c.contestId,
				{ actorId: null, reason: 'Chấm lại bài số 1 theo khiếu nại' },
				AFTER
			)
		).toEqual({ ok: true });
		expect((await stageOf(db, c.contestId, AFTER))?.stage).toBe('judging');
	});
});

describe('item 2: judging on entries that can still change', () => {
	it('refuses to open a judging round while submissions are open', async () => {
		const c = await contest();
		await c.entry('Bài một');
		expect(await openRound(db, c.roundId, { now: DURING })).toEqual({ ok: false, error: 'submissions_open' });
		expect((await stageOf(db, c.contestId, DURING))?.stage).toBe('submissions');
	});

	it('freezes entries when submissions close; the judge reads the entry as submitted', async () => {
		const c = await contest();
		const e = await c.entry('Tiêu đề gốc', 'Nội dung gốc.');
		expect(await closeSubmissions(db, c.contestId, null, LATER)).toEqual({ ok: true });
		expect((await getEssayContest(db, c.contestId))?.settings.closesAt).toEqual(LATER);
		const edit = { entryId: e.id, authorId: e.authorId, title: 'Tiêu đề mới', body: 'Nội dung mới.', files };
		expect(await updateDraft(db, { ...edit, now: LATER })).toEqual({ ok: false, error: 'closed' });
		expect((await openRound(db, c.roundId, { now: LATER })).ok).toBe(true);
		expect((await autoAssign(db, c.roundId, null)).ok).toBe(true);
		// the database refuses it too, whoever writes
		await expect(
			db.update(entries).set({ title: 'Tiêu đề mới' }).where(eq(entries.id, e.id))
		).rejects.toThrow();
		expect(await withdrawEntry(db, { entryId: e.id, authorId: e.authorId, now: LATER })).toEqual({
			ok: false,
			error: 'closed'
		});
		const [mine] = await db.select().from(assignments).where(eq(assignments.roundId, c.roundId));
		const read = await entryForJudge(db, mine.id, mine.judgeId, LATER);
		expect(read.ok && [read.entry.title, read.entry.body, read.entry.version]).toEqual([
			'Tiêu đề gốc',
			'Nội dung gốc.',
			1
		]);
		const trail = await auditOfContest(db, c.contestId);
		expect(trail.map((a) => a.action)).toEqual(
			expect.arrayContaining(['stage.close_submissions', 'stage.open_judging'])
		);
	});

	it('reopening submissions before judging lets the author change the entry as a new version', async () => {
		const c = await contest();
		const e = await c.entry('Bản đầu', 'Nội dung đầu.');
		await closeSubmissions(db, c.contestId, null, LATER);
		expect(
			await reopenSubmissions(db, c.contestId, { actorId: null, closesAt: CLOSES, reason: '' }, LATER)
		).toEqual({
			ok: false,
			error: 'reason_required'
		});
		expect(
			await reopenSubmissions(
				db,
				c.contestId,
				{ actorId: null, closesAt: CLOSES, reason: 'Gia hạn theo đề nghị' },
				LATER
			)
		).toEqual({ ok: true });
		const edit = {
			entryId: e.id,
			authorId: e.authorId,
			title: 'Bản hai',
			body: 'Nội dung sửa.',
			files,
			now: LATER
		};
		expect(await updateDraft(db, edit)).toEqual({ ok: true });
		const versions = await db.select().from(entryVersions).where(eq(entryVersions.entryId, e.id));
		expect(versions.map((v) => [v.versionNo, v.title])).toEqual([
			[1, 'Bản đầu'],
			[2, 'Bản hai']
		]);
		// once a round has opened, submissions stay closed
		expect((await openRound(db, c.roundId, { now: AFTER })).ok).toBe(true);
		expect(
			await reopenSubmissions(
				db,
				c.contestId,
				{ actorId: null, closesAt: new Date('2026-07-01T00:00:00Z'), reason: 'Gia hạn lần hai' },
				AFTER
			)
		).toEqual({ ok: false, error: 'stage' });
	});
});

describe('item 1: results reopened after publication', () => {
	async function published() {
		const c = await contest();
		const first = await c.entry('Bài giải nhất');
		const second = await c.entry('Bài giải nhì');
		const third = await c.entry('Bài giải ba');
		expect((await openRound(db, c.roundId, { now: AFTER })).ok).toBe(true);
		expect((await autoAssign(db, c.roundId, null)).ok).toBe(true);
		await c.scoreAll(
			new Map([
				[first.id, 90],
				[second.id, 80],
				[third.id, 70]
			])
		);
		await closeRound(db, c.roundId, AFTER);
		expect(await settleResults(db, c.contestId, null, AFTER)).toEqual({ ok: true });
		const saved = await saveEntryAwards(
			db,
			c.contestId,
			[
				{ entryId: first.id, tier: 'Nhất' },
				{ entryId: second.id, tier: 'Nhì' },
				{ entryId: third.id, tier: 'Ba' }
			],
			null
		);
		expect(saved.ok).toBe(true);
		expect((await publishResults(db, c.contestId, { actorId: null, now: AFTER })).ok).toBe(true);
		const issued = await issueEssayCertificates(db, c.contestId, { participation: false, issuedBy: null });
		expect(issued.ok).toBe(true);
		return { ...c, first, second, third };
	}
	const codeOf = async (entryId: number) =>
		(
			await db
				.select()
				.from(certificates)
				.where(and(eq(certificates.entryId, entryId), eq(certificates.kind, 'essay_award')))
		)[0];

	it('keeps entries, awards and certificates as published: no deadline move, withdrawal or rename', async () => {
		const c = await published();
		const before = await codeOf(c.first.id);
		const found = (await getEssayContest(db, c.contestId))!;
		const moved = await updateEssayContest(db, c.contestId, {
			title: found.title,
			description: found.description,
			rules: found.rules,
			eligibleUnitId: null,
			codePrefix: found.settings.codePrefix,
			opensAt: found.settings.opensAt,
			closesAt: new Date(Date.now() + 30 * 86_400_000),
			entriesPerAuthor: 1,
			minWords: null,
			maxWords: null,
			requirement: 'text',
			maxFileBytes: 1024 * 1024
		});
		expect(moved).toEqual({ ok: false, error: 'window_locked' });
		const now = new Date();
		expect(await withdrawEntry(db, { entryId: c.third.id, authorId: c.third.authorId, now })).toEqual({
			ok: false,
			error: 'closed'
		});
		const rename = {
			entryId: c.first.id,
			authorId: c.first.authorId,
			title: 'Tên mới',
			body: 'Đoạn văn của bài dự thi.',
			files,
			now
		};
		expect(await updateDraft(db, rename)).toEqual({ ok: false, error: 'closed' });
		await expect(
			db.update(entries).set({ status: 'withdrawn', slot: null }).where(eq(entries.id, c.third.id))
		).rejects.toThrow();
		await expect(db.delete(entryAwards).where(eq(entryAwards.entryId, c.third.id))).rejects.toThrow();
		expect(await unpublishResults(db, c.contestId)).toEqual({ ok: false, error: 'published' });

		const shown = await publicResults(db, c.contestId);
		expect(shown?.tiers.flatMap((t) => t.winners.map((w) => w.title))).toContain('Bài giải ba');
		const again = await issueEssayCertificates(db, c.contestId, { participation: false, issuedBy: null });
		expect(again.ok && again.value.created).toBe(0);
		expect((await codeOf(c.first.id)).code).toBe(before.code);
		expect((await verifyCertificate(db, before.code)).status).toBe('valid');
	});

	it('corrects a published result only with a reason, audited; old codes verify as replaced', async () => {
		const c = await published();
		const first = await codeOf(c.first.id);
		const third = await codeOf(c.third.id);
		expect(
			await correctResults(db, c.contestId, {
				actorId: null,
				reason: '',
				changes: [{ entryId: c.third.id, tier: null }]
			})
		).toEqual({ ok: false, error: 'reason_required' });
		const corrected = await correctResults(db, c.contestId, {
			actorId: null,
			reason: 'Quyết định điều chỉnh số 12: bài giải ba vi phạm thể lệ',
			changes: [
				{ entryId: c.third.id, tier: null },
				{ entryId: c.first.id, tier: 'Nhì' },
				{ entryId: c.second.id, tier: 'Nhất' }
			]
		});
		expect(corrected.ok).toBe(true);
		expect((await verifyCertificate(db, third.code)).status).toBe('revoked');
		const now = await codeOf(c.first.id);
		expect(now.code).not.toBe(first.code);
		expect(await verifyCertificate(db, first.code)).toMatchObject({
			status: 'replaced',
			replacedBy: now.code
		});
		expect(await verifyCertificate(db, now.code)).toMatchObject({
			status: 'valid',
			certificate: { awardText: 'Giải Nhì' }
		});
		const trail = await auditOfContest(db, c.contestId);
		const correction = trail.find((a) => a.action === 'results.correct');
		expect(correction?.reason).toMatch(/Quyết định điều chỉnh/);
		expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['stage.settle', 'results.publish']));
	});
});
