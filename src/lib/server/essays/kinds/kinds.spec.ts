// Judged contests that are not essays: a video contest and a stage performance, their rules in the domain and in
// the database (performance never blind, the kind's columns, the order of appearance, entries frozen once
// submissions close), open judging showing the team, and the live scoreboard settling on the last judge.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../../db/client';
import { assignments, auditLog, entries, essaySettings } from '../../db/schema';
import { createTestDb } from '../../testing/db';
import { makeUnit, makeUser } from '../../testing/fixtures';
import { createEntry } from '../entries';
import { entryForJudge, judgeQueue } from '../judge-side';
import { autoAssign, openRound } from '../judging';
import { saveScore } from '../marking';
import { addJudge, createEssayContest, createRound, type EssayContestInput, setPublished } from '../setup';
import { liveBoard } from './live';
import { listContestEntries, registerEntry } from './register';

let handle: DbHandle;
let db: Db;
let units: { authors: number; judges: number; root: number };
let organizer: number;
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	const root = await makeUnit(db, 'KND');
	const authors = await makeUnit(db, 'KND-A', root.id);
	const judges = await makeUnit(db, 'KND-J', root.id);
	units = { root: root.id, authors: authors.id, judges: judges.id };
	organizer = (await makeUser(db, root.id, { fullName: 'Ban Tổ Chức' })).id;
});
afterAll(() => handle?.close());

/** Inside the submission window; the window itself is past, so judging may open today. */
const DURING = new Date('2026-04-10T02:00:00Z');
let prefixes = 0;

function contestInput(kind: EssayContestInput['entryKind'], blind: boolean): EssayContestInput {
	prefixes++;
	return {
		title: `Hội thi ${kind} ${prefixes}`,
		description: '',
		rules: '',
		eligibleUnitId: units.root,
		codePrefix: `KND${prefixes}`,
		opensAt: new Date('2026-04-01T00:00:00Z'),
		closesAt: new Date('2026-05-01T00:00:00Z'),
		entriesPerAuthor: 1,
		minWords: null,
		maxWords: null,
		requirement: 'text_or_file',
		maxFileBytes: 1024 * 1024,
		entryKind: kind,
		blind
	};
}

/** A published contest of the kind with a one-round rubric (two judges per entry, 10 + 10 points). */
async function openContest(kind: 'video' | 'performance', blind = false) {
	const made = await createEssayContest(db, { ...contestInput(kind, blind), createdBy: organizer });
	if (!made.ok) throw new Error(made.error);
	const contestId = made.value.id;
	const round = await createRound(db, contestId, {
		name: 'Chung kết',
		scale: 20,
		judgesPerEntry: 2,
		disagreementThreshold: 20,
		settleRule: 'mean',
		advanceRule: null,
		advanceValue: null,
		closesAt: null,
		criteria: [
			{ name: 'Nội dung', maxPoints: 10 },
			{ name: 'Biểu diễn', maxPoints: 10 }
		]
	});
	if (!round.ok) throw new Error(round.error);
	expect((await setPublished(db, contestId, true)).ok).toBe(true);
	return { contestId, roundId: round.value.round.id, criteria: round.value.criteria.map((c) => c.id) };
}

/** The database's refusal, as its message (drizzle wraps the driver's error as the cause). */
async function refusal(query: PromiseLike<unknown>): Promise<string> {
	try {
		await query;
	} catch (err) {
		const cause = (err as { cause?: { message?: string } }).cause;
		return cause?.message ?? String(err);
	}
	return 'accepted';
}

async function contact(name: string) {
	return (await makeUser(db, units.authors, { fullName: name })).id;
}

describe('a contest of another kind', () => {
	it('cannot be a blind stage performance, in the domain and in the database', async () => {
		expect(await createEssayContest(db, { ...contestInput('performance', true), createdBy: null })).toEqual({
			ok: false,
			error: 'performance_blind'
		});
		const { contestId } = await openContest('performance');
		expect(
			await refusal(
				db.update(essaySettings).set({ blind: true }).where(eq(essaySettings.contestId, contestId))
			)
		).toMatch(/essay_settings_performance_open/);
		// a video contest may be judged either way
		const video = await createEssayContest(db, { ...contestInput('video', true), createdBy: null });
		expect(video.ok && video.value.settings).toMatchObject({ entryKind: 'video', blind: true });
	});

	it('keeps its kind once it has entries', async () => {
		const { contestId } = await openContest('video');
		const reg = await registerEntry(db, {
			contestId,
			organizerId: organizer,
			contactUserId: await contact('Liên Hệ Video'),
			teamName: 'Đội Tuyên truyền măng non',
			title: 'Bác Hồ với thiếu nhi',
			videoUrl: 'https://youtu.be/dQw4w9WgXcQ',
			now: DURING
		});
		expect(reg.ok).toBe(true);
		expect(
			await refusal(
				db.update(essaySettings).set({ entryKind: 'essay' }).where(eq(essaySettings.contestId, contestId))
			)
		).toMatch(/kind_locked/);
	});
});

describe('registering teams', () => {
	it('checks the video link and stores it, audited, while the contest takes entries', async () => {
		const { contestId } = await openContest('video');
		const base = {
			contestId,
			organizerId: organizer,
			contactUserId: await contact('Liên Hệ Một'),
			teamName: 'Chi đoàn Kỹ thuật',
			title: 'Tuổi trẻ làm theo lời Bác',
			now: DURING
		};
		expect(await registerEntry(db, { ...base, videoUrl: 'http://youtu.be/dQw4w9WgXcQ' })).toEqual({
			ok: false,
			error: 'video_url_not_https'
		});
		expect(await registerEntry(db, { ...base, videoUrl: '' })).toEqual({
			ok: false,
			error: 'video_url_invalid'
		});
		expect(await registerEntry(db, { ...base, teamName: '  ', videoUrl: 'https://vimeo.com/1' })).toEqual({
			ok: false,
			error: 'team_required'
		});
		const made = await registerEntry(db, { ...base, videoUrl: 'https://vimeo.com/76979871' });
		expect(made).toEqual({ ok: true, entryId: expect.any(Number), code: `KND${prefixes}-0001` });
		const [row] = await listContestEntries(db, contestId);
		expect(row).toMatchObject({
			teamName: 'Chi đoàn Kỹ thuật',
			videoUrl: 'https://vimeo.com/76979871',
			status: 'submitted',
			contactName: 'Liên Hệ Một'
		});
		const audit = await db
			.select({ action: auditLog.action, actorId: auditLog.actorId })
			.from(auditLog)
			.where(eq(auditLog.contestId, contestId));
		expect(audit).toContainEqual({ action: 'entry.register', actorId: organizer });
		// participants cannot send an entry of their own to a video contest
		expect(
			await createEntry(db, {
				contestId,
				authorId: base.contactUserId,
				authorUnitId: units.authors,
				title: 'Bài riêng',
				now: DURING
			})
		).toEqual({ ok: false, error: 'registered_by_organizer' });
	});

	it('gives each performance its own place in the order, refused twice in the database too', async () => {
		const { contestId } = await openContest('performance');
		const one = {
			contestId,
			organizerId: organizer,
			contactUserId: await contact('Liên Hệ Hai'),
			teamName: 'Đội văn nghệ Phường 1',
			title: 'Hát về Bác',
			appearanceNo: 2,
			now: DURING
		};
		expect((await registerEntry(db, one)).ok).toBe(true);
		expect(await registerEntry(db, { ...one, teamName: 'Đội B' })).toEqual({
			ok: false,
			error: 'appearance_taken'
		});
		expect(await registerEntry(db, { ...one, appearanceNo: null })).toEqual({
			ok: false,
			error: 'appearance_required'
		});
		// a performance entry without its place, or with a video link, is not one the database takes
		const [entry] = await db.select().from(entries).where(eq(entries.contestId, contestId));
		expect(
			await refusal(db.update(entries).set({ appearanceNo: null }).where(eq(entries.id, entry.id)))
		).toMatch(/entry_kind/);
		expect(
			await refusal(
				db.update(entries).set({ videoUrl: 'https://youtu.be/dQw4w9WgXcQ' }).where(eq(entries.id, entry.id))
			)
		).toMatch(/entry_kind/);
		expect(
			await refusal(db.update(entries).set({ appearanceNo: 1000 }).where(eq(entries.id, entry.id)))
		).toMatch(/entries_appearance_no/);
	});

	it('registers nothing once submissions are closed, and the frozen entries keep their order', async () => {
		const { contestId } = await openContest('performance');
		const reg = await registerEntry(db, {
			contestId,
			organizerId: organizer,
			contactUserId: await contact('Liên Hệ Ba'),
			teamName: 'Đội C',
			title: 'Tiết mục C',
			appearanceNo: 1,
			now: DURING
		});
		if (!reg.ok) throw new Error(reg.error);
		// the window is past: submissions are closed
		const late = await registerEntry(db, {
			contestId,
			organizerId: organizer,
			contactUserId: await contact('Liên Hệ Trễ'),
			teamName: 'Đội trễ',
			title: 'Trễ',
			appearanceNo: 5
		});
		expect(late).toEqual({ ok: false, error: 'stage' });
		await db.update(essaySettings).set({ stage: 'closed' }).where(eq(essaySettings.contestId, contestId));
		expect(
			await refusal(db.update(entries).set({ appearanceNo: 9 }).where(eq(entries.id, reg.entryId)))
		).toMatch(/entry_frozen/);
	});
});

describe('judging a live performance', () => {
	it('shows judges the team in order of appearance and settles each act the moment its last judge submits', async () => {
		const { contestId, roundId, criteria } = await openContest('performance');
		const acts = [
			{ team: 'Đội Ba', order: 3 },
			{ team: 'Đội Một', order: 1 },
			{ team: 'Đội Hai', order: 2 }
		];
		for (const act of acts) {
			const reg = await registerEntry(db, {
				contestId,
				organizerId: organizer,
				contactUserId: await contact(`Liên Hệ ${act.team}`),
				teamName: act.team,
				title: `Tiết mục của ${act.team}`,
				appearanceNo: act.order,
				now: DURING
			});
			if (!reg.ok) throw new Error(reg.error);
		}
		const judgeIds: number[] = [];
		for (const name of ['GK Một', 'GK Hai']) {
			const id = (await makeUser(db, units.judges, { fullName: name })).id;
			expect((await addJudge(db, contestId, id)).ok).toBe(true);
			judgeIds.push(id);
		}
		expect(await liveBoard(db, contestId)).toBeNull();
		expect((await openRound(db, roundId)).ok).toBe(true);
		const assigned = await autoAssign(db, roundId, null);
		expect(assigned.ok && assigned.created).toBe(6);

		const [queue] = await judgeQueue(db, judgeIds[0]);
		expect(queue.entryKind).toBe('performance');
		expect(queue.items.map((i) => [i.appearanceNo, i.teamName])).toEqual([
			[1, 'Đội Một'],
			[2, 'Đội Hai'],
			[3, 'Đội Ba']
		]);
		const first = await entryForJudge(db, queue.items[0].assignmentId, judgeIds[0]);
		expect(first.ok && first.entry).toMatchObject({
			entryKind: 'performance',
			appearanceNo: 1,
			identity: { teamName: 'Đội Một', unitName: 'Đơn vị KND-A' },
			video: null,
			body: ''
		});
		// open judging names the team and unit, never the contact person
		expect(JSON.stringify(first)).not.toContain('Liên Hệ');

		const board = async () =>
			(await liveBoard(db, contestId))!.acts.map((a) => [a.appearanceNo, a.scored, a.settled]);
		expect(await board()).toEqual([
			[1, 0, null],
			[2, 0, null],
			[3, 0, null]
		]);
		const scoreAct = async (judgeId: number, order: number, a: number, b: number) => {
			const [own] = await db
				.select({ id: assignments.id })
				.from(assignments)
				.innerJoin(entries, eq(entries.id, assignments.entryId))
				.where(
					and(
						eq(assignments.judgeId, judgeId),
						eq(entries.appearanceNo, order),
						eq(entries.contestId, contestId)
					)
				);
			const saved = await saveScore(db, own.id, judgeId, {
				points: { [criteria[0]]: a, [criteria[1]]: b },
				comment: '',
				submit: true
			});
			expect(saved.ok).toBe(true);
		};
		await scoreAct(judgeIds[0], 1, 8, 9);
		// one judge of two: the act shows progress but no score that could still move
		expect(await board()).toEqual([
			[1, 1, null],
			[2, 0, null],
			[3, 0, null]
		]);
		await scoreAct(judgeIds[1], 1, 7, 8);
		expect((await board())[0]).toEqual([1, 2, 16]);
		expect((await liveBoard(db, contestId))!.complete).toBe(false);
		for (const order of [2, 3]) for (const judgeId of judgeIds) await scoreAct(judgeId, order, 5, 5);
		const done = await liveBoard(db, contestId);
		expect(done!.complete).toBe(true);
		expect(done!.acts.map((a) => a.teamName)).toEqual(['Đội Một', 'Đội Hai', 'Đội Ba']);
	});

	it('keeps a blind video contest blind: no team for the judge, and the embed address for the player', async () => {
		const { contestId, roundId } = await openContest('video', true);
		const reg = await registerEntry(db, {
			contestId,
			organizerId: organizer,
			contactUserId: await contact('Liên Hệ Kín'),
			teamName: 'Đội Bí Mật',
			title: 'Phim ngắn',
			videoUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
			now: DURING
		});
		expect(reg.ok).toBe(true);
		const judgeId = (await makeUser(db, units.judges, { fullName: 'GK Kín' })).id;
		expect((await addJudge(db, contestId, judgeId)).ok).toBe(true);
		expect((await openRound(db, roundId)).ok).toBe(true);
		await db.execute(sql`update essay_rounds set judges_per_entry = 1 where id = ${roundId}`);
		expect((await autoAssign(db, roundId, null)).ok).toBe(true);
		const [queue] = await judgeQueue(db, judgeId);
		expect(queue.items[0].teamName).toBeNull();
		const seen = await entryForJudge(db, queue.items[0].assignmentId, judgeId);
		expect(seen.ok && seen.entry).toMatchObject({
			identity: null,
			video: {
				url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
				embed: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'
			}
		});
		expect(JSON.stringify(seen)).not.toContain('Bí Mật');
	});
});
