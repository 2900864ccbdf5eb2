import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../../db/client';
import {
	assignments,
	contests,
	entries,
	essayRounds,
	essaySettings,
	roleGrants,
	roundEntries,
	rubricCriteria,
	scores
} from '../../db/schema';
import { createTestDb } from '../../testing/db';
import { makeUnit, makeUser } from '../../testing/fixtures';
import { essayScoresExport } from '../../exports/essays';
import { tableStream } from '../../exports/table-stream';
import { roundReliability } from './round';

let handle: DbHandle;
let db: Db;
beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle.close());

/**
 * A round on a 20-point scale (Nội dung 10 + Hình thức 10) judged by An, Bình and Chi:
 * - entries 1–4: An and Bình, An always 3 points above Bình (totals An 10/13/16/19, Bình 7/10/13/16);
 * - entry 5: An submitted 12, Chi only a draft of 2 (a draft does not count);
 * - entry 6: An and Bình 10 each, Chi as the extra (third) judge 12.
 */
let seeded = 0;

async function seededRound() {
	seeded++;
	const root = await makeUnit(db, `REL${seeded}`);
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: 'Tin cậy', eligibleUnitId: root.id, published: true })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `TC${seeded}`,
		opensAt: new Date('2026-01-01T00:00:00Z'),
		closesAt: new Date('2026-06-01T00:00:00Z')
	});
	const [round] = await db
		.insert(essayRounds)
		.values({ contestId: contest.id, position: 1, name: 'Sơ khảo', scale: 20, judgesPerEntry: 2 })
		.returning();
	const [content, style] = await db
		.insert(rubricCriteria)
		.values([
			{ roundId: round.id, position: 1, name: 'Nội dung', maxPoints: 10 },
			{ roundId: round.id, position: 2, name: 'Hình thức', maxPoints: 10 }
		])
		.returning();
	const judge = {
		an: (await makeUser(db, root.id, { fullName: 'GK An' })).id,
		binh: (await makeUser(db, root.id, { fullName: 'GK Bình' })).id,
		chi: (await makeUser(db, root.id, { fullName: 'GK Chi' })).id
	};
	for (const id of Object.values(judge))
		await db.insert(roleGrants).values({ userId: id, role: 'judge', contestId: contest.id });
	const entryIds: number[] = [];
	for (let no = 1; no <= 6; no++) {
		const author = await makeUser(db, root.id, { fullName: `Tác Giả ${no}` });
		const [e] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: no,
				code: `TC${seeded}-000${no}`,
				authorId: author.id,
				authorUnitId: root.id,
				slot: 1,
				title: `Bài số ${no}`,
				status: 'submitted',
				submittedAt: new Date('2026-02-01T00:00:00Z')
			})
			.returning();
		await db.insert(roundEntries).values({ roundId: round.id, entryId: e.id });
		entryIds.push(e.id);
	}
	let minute = 0;
	const score = async (
		no: number,
		judgeId: number,
		[a, b]: [number, number],
		status: 'draft' | 'submitted' = 'submitted',
		source: 'auto' | 'third' = 'auto'
	) => {
		const [row] = await db
			.insert(assignments)
			.values({ roundId: round.id, entryId: entryIds[no - 1], judgeId, source })
			.returning();
		await db.insert(scores).values({
			assignmentId: row.id,
			points: { [content.id]: a, [style.id]: b },
			total: a + b,
			status,
			submittedAt: status === 'submitted' ? new Date(Date.UTC(2026, 2, 1, 0, minute++)) : null
		});
	};
	const bình: [number, number][] = [
		[3, 4],
		[5, 5],
		[6, 7],
		[8, 8]
	];
	const an: [number, number][] = [
		[5, 5],
		[6, 7],
		[8, 8],
		[9, 10]
	];
	for (let no = 1; no <= 4; no++) {
		await score(no, judge.binh, bình[no - 1]);
		await score(no, judge.an, an[no - 1]);
	}
	await score(5, judge.an, [6, 6]);
	await score(5, judge.chi, [1, 1], 'draft');
	await score(6, judge.an, [5, 5]);
	await score(6, judge.binh, [5, 5]);
	await score(6, judge.chi, [6, 6], 'submitted', 'third');
	return { roundId: round.id, judge };
}

describe('a round’s judge reliability', () => {
	it('measures agreement between the regular judges on submitted scores only', async () => {
		const { roundId } = await seededRound();
		const figures = (await roundReliability(db, roundId))!;
		// 4 + 4 + 1 (An on entry 5) + 3 (entry 6) submitted scores; Chi's draft is left out
		expect(figures.scores).toBe(12);
		// totals An/Bình on entries 1–4 and 6: (10,7) (13,10) (16,13) (19,16) (10,10); grand mean 12.4
		// SS entries 104.4 → MSR 26.1; SS judges 14.4 → MSC 14.4; SS error 3.6 → MSE 0.9
		// ICC(2,1) = (26.1 − 0.9) / (26.1 + 0.9 + 2·(14.4 − 0.9)/5) = 25.2 / 32.4 = 0.7778
		expect(figures.overall.icc).toMatchObject({ ok: true, entries: 5, judges: 2 });
		expect(figures.overall.icc.ok && figures.overall.icc.icc).toBeCloseTo(25.2 / 32.4, 10);
		// alpha: D_o = 2·(4·3²)/10 = 7.2; D_e = 2·10·122.4/(10·9) = 27.2; α = 1 − 7.2/27.2 = 0.7353
		// (entry 5 has one submitted score: not pairable; Chi, the extra judge on entry 6, is not counted)
		expect(figures.overall.alpha).toMatchObject({ ok: true, entries: 5, values: 10 });
		expect(figures.overall.alpha.ok && figures.overall.alpha.alpha).toBeCloseTo(1 - 7.2 / 27.2, 10);
		expect(figures.criteria.map((c) => [c.name, c.agreement.icc.entries, c.agreement.alpha.entries])).toEqual(
			[
				['Nội dung', 5, 5],
				['Hình thức', 5, 5]
			]
		);
	});

	it('flags the lenient judge with the offset and the entries behind it', async () => {
		const { roundId, judge } = await seededRound();
		const figures = (await roundReliability(db, roundId))!;
		const an = figures.judges.find((j) => j.id === judge.an)!;
		// +3 on entries 1–4, and 10 against Bình 10 / Chi 12 (mean 11) on entry 6: (12 − 1) / 5 = 2.2 ≥ 10 % of 20
		expect(an.name).toBe('GK An');
		expect(an.leniency).toEqual({ offset: 2.2, entries: 5 });
		expect(an.flags).toContainEqual({ code: 'lenient', points: 2.2, entries: 5 });
		const chi = figures.judges.find((j) => j.id === judge.chi)!;
		expect(chi.scores).toBe(1);
		expect(figures.judges.map((j) => j.name)).toEqual(['GK An', 'GK Bình', 'GK Chi']);
	});

	it('carries each judge’s offset and flags into the round’s scores export', async () => {
		const { roundId } = await seededRound();
		const table = await essayScoresExport(db, { id: roundId, contestId: 0, name: 'Sơ khảo' }, 'names');
		const text = Buffer.from(await new Response(tableStream(table, 'csv')).arrayBuffer()).toString('utf8');
		const anRow = text.split('\r\n').find((line) => line.includes('GK An'))!;
		expect(anRow).toContain('2.2,"Chấm cao hơn các giám khảo khác trung bình 2,2 điểm trên 5 bài chung"');
	});

	it('says "not enough data" for a round nobody has scored, and null for a missing round', async () => {
		const root = await makeUnit(db, 'RELX');
		const [contest] = await db
			.insert(contests)
			.values({ kind: 'essay', title: 'Trống', eligibleUnitId: root.id, published: true })
			.returning();
		const [round] = await db
			.insert(essayRounds)
			.values({ contestId: contest.id, position: 1, name: 'Sơ khảo' })
			.returning();
		const figures = (await roundReliability(db, round.id))!;
		expect(figures.overall.icc).toMatchObject({ ok: false, reason: 'not_enough_data', entries: 0 });
		expect(figures.overall.alpha).toMatchObject({ ok: false, reason: 'not_enough_data' });
		expect(figures.judges).toEqual([]);
		expect(await roundReliability(db, 987654)).toBeNull();
	});
});
