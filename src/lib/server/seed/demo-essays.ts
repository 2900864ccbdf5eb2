import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { users, units } from '../db/schema';
import { createEntry, submitEntry, updateDraft, withdrawEntry } from '../essays/entries';
import { addJudge, createEssayContest, createRound, setAwardTiers, setPublished } from '../essays/setup';
import { PostgresStore } from '../files/postgres-store';
import { demoEssayBody, demoEssayTitle, sectorOf } from './demo-essay-texts';
import { replayDemoScoring } from './demo-essay-scoring';
import { DAY, DEMO_ESSAY, DEMO_ESSAY_JUDGE_UNITS, HOUR, prng, vietnamAt } from './demo-essay-plan';

export { demoEssayBody, sectorOf } from './demo-essay-texts';
export { DEMO_ESSAY, DEMO_ESSAY_JUDGE_UNITS, prng, vietnamAt } from './demo-essay-plan';

// The demo's essay contest, caught in the middle of judging: the submission window closed a week ago, the
// preliminary round ("Sơ khảo") is open with its entries assigned to four judges, most of them scored, a few
// with a third judge called in on disagreement, and the demo judge with a handful of entries still to score.
// Everything goes through the domain functions (entries, setup, judging), so the data obeys the same rules as
// data typed in the app. Deterministic: the same texts, assignments and points on every seed.

export interface DemoEssaySummary {
	contestId: number;
	roundId: number;
	submitted: number;
	drafts: number;
	withdrawn: number;
	judges: number;
	assignments: number;
	scoresSubmitted: number;
	thirdJudges: number;
	/** what the demo judge finds on signing in */
	demoJudgeLeft: number;
}

/**
 * Seeds the essay contest into a freshly seeded demo (seedDemo calls it after the people exist). `now` decides
 * where the windows fall: submissions opened five weeks ago and closed a week ago, the preliminary round closes
 * in two weeks.
 */
export async function seedDemoEssays(
	db: Db,
	input: { rootUnitId: number; organizerId: number; judgeId: number; participantId: number; now?: Date }
): Promise<DemoEssaySummary> {
	const now = input.now ?? new Date();
	const random = prng(4042026);
	const opensAt = vietnamAt(now, -35, 7);
	const closesAt = vietnamAt(now, -7, 17);

	const created = await createEssayContest(db, {
		title: DEMO_ESSAY.title,
		description:
			'Cuộc thi viết về những tấm gương bình dị mà cao quý trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, dành cho cán bộ, đảng viên trong Đảng bộ Khối.',
		rules:
			'Mỗi tác giả gửi 01 bài viết từ 300 đến 3.000 chữ, nhập trực tiếp hoặc gửi tệp .docx / .pdf.\nBài viết kể về người thật, việc thật ở cơ quan, đơn vị; không ghi tên tác giả trong bài.\nBan giám khảo chấm vòng sơ khảo (2 giám khảo mỗi bài) và vòng chung khảo (3 giám khảo).',
		eligibleUnitId: input.rootUnitId,
		codePrefix: DEMO_ESSAY.codePrefix,
		opensAt,
		closesAt,
		entriesPerAuthor: 1,
		minWords: 300,
		maxWords: 3000,
		requirement: 'text_or_file',
		maxFileBytes: 10 * 1024 * 1024,
		createdBy: input.organizerId
	});
	if (!created.ok) throw new Error(`demo essay contest: ${created.error}`);
	const contestId = created.value.id;
	const rubric = [
		{
			name: 'Nội dung',
			maxPoints: 60,
			levels:
				'50–60: người thật, việc thật, chi tiết cụ thể, cảm động, có sức lan tỏa\n35–49: đúng chủ đề, có câu chuyện nhưng ít chi tiết\n0–34: chung chung, chưa thấy con người cụ thể'
		},
		{
			name: 'Tính sáng tạo',
			maxPoints: 30,
			levels: '25–30: cách kể mới, góc nhìn riêng\n15–24: có điểm riêng\n0–14: kể theo lối mòn'
		},
		{
			name: 'Hình thức trình bày',
			maxPoints: 10,
			levels: '8–10: bố cục rõ, câu văn trong sáng, không lỗi chính tả\n0–7: còn lỗi diễn đạt, chính tả'
		}
	];
	const first = await createRound(db, contestId, {
		name: 'Sơ khảo',
		scale: 100,
		judgesPerEntry: 2,
		disagreementThreshold: 20,
		settleRule: 'mean',
		advanceRule: 'top_k',
		advanceValue: 10,
		closesAt: vietnamAt(now, 14, 17),
		criteria: rubric
	});
	if (!first.ok) throw new Error(`demo essay round: ${first.error}`);
	const final = await createRound(db, contestId, {
		name: 'Chung khảo',
		scale: 100,
		judgesPerEntry: 3,
		disagreementThreshold: 20,
		settleRule: 'closest_two',
		advanceRule: null,
		advanceValue: null,
		closesAt: null,
		criteria: rubric
	});
	if (!final.ok) throw new Error(`demo essay round: ${final.error}`);
	const tiers = await setAwardTiers(db, contestId, [
		{ name: 'Nhất', count: 1 },
		{ name: 'Nhì', count: 2 },
		{ name: 'Ba', count: 3 },
		{ name: 'Khuyến khích', count: 5 }
	]);
	if (!tiers.ok) throw new Error(`demo essay tiers: ${tiers.error}`);
	const published = await setPublished(db, contestId, true);
	if (!published.ok) throw new Error(`demo essay publish: ${published.error}`);

	// Judges: the demo judge and the first person of each other judging unit.
	const judgeUnits = await db
		.select({ id: units.id, code: units.code })
		.from(units)
		.where(inArray(units.code, [...DEMO_ESSAY_JUDGE_UNITS]));
	const judgeUnitIds = judgeUnits.map((u) => u.id);
	const judgeIds = [input.judgeId];
	for (const code of DEMO_ESSAY_JUDGE_UNITS.slice(1)) {
		const unitId = judgeUnits.find((u) => u.code === code)!.id;
		const [person] = await db
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.unitId, unitId), ne(users.id, input.participantId)))
			.orderBy(asc(users.id))
			.limit(1);
		judgeIds.push(person.id);
	}
	for (const id of judgeIds) {
		const added = await addJudge(db, contestId, id, input.organizerId);
		if (!added.ok) throw new Error(`demo essay judge: ${added.error}`);
	}

	// Authors: the demo participant, then people taken in turn from each unit that has no judge.
	const candidates = await db
		.select({ id: users.id, unitId: users.unitId, unitCode: units.code })
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(eq(units.depth, 2))
		.orderBy(asc(users.id));
	const participant = candidates.find((c) => c.id === input.participantId);
	const byUnit = new Map<number, typeof candidates>();
	for (const c of candidates) {
		if (judgeUnitIds.includes(c.unitId) || judgeIds.includes(c.id) || c.id === input.participantId) continue;
		byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
	}
	const authors = participant ? [participant] : [];
	const total = DEMO_ESSAY.submitted + DEMO_ESSAY.drafts + DEMO_ESSAY.withdrawn;
	for (let turn = 0; authors.length < total; turn++) {
		for (const list of byUnit.values()) {
			// every other person of the unit, so the authors are not simply its first accounts
			const person = list[turn * 2 + 1];
			if (person && authors.length < total) authors.push(person);
		}
	}

	// Entries, each created and submitted at its own moment of the window.
	const span = closesAt.getTime() - opensAt.getTime() - DAY;
	const usedTitles = new Set<string>();
	// the demo's entries are typed text: the store is never read, any driver does
	const files = new PostgresStore(db);
	for (const [i, author] of authors.entries()) {
		const sector = sectorOf(author.unitCode);
		let title = '';
		do title = demoEssayTitle(sector, random);
		while (usedTitles.has(title));
		usedTitles.add(title);
		const at = new Date(opensAt.getTime() + DAY / 2 + Math.floor((span * (i + random())) / total));
		const body = demoEssayBody(sector, random);
		const made = await createEntry(db, {
			contestId,
			authorId: author.id,
			authorUnitId: author.unitId,
			title,
			now: at
		});
		if (!made.ok) throw new Error(`demo essay entry: ${made.error}`);
		const edit = { entryId: made.entryId, authorId: author.id, title, files, now: at };
		if (i >= DEMO_ESSAY.submitted && i < DEMO_ESSAY.submitted + DEMO_ESSAY.drafts) {
			// a draft left half-written when the window closed
			const saved = await updateDraft(db, { ...edit, body: body.split('\n\n').slice(0, 2).join('\n\n') });
			if (!saved.ok) throw new Error(`demo essay draft: ${saved.error}`);
			continue;
		}
		const sent = await submitEntry(db, { ...edit, body });
		if (!sent.ok) throw new Error(`demo essay submit: ${sent.error}`);
		if (i >= DEMO_ESSAY.submitted) {
			const gone = await withdrawEntry(db, { ...edit, now: new Date(at.getTime() + 2 * HOUR) });
			if (!gone.ok) throw new Error(`demo essay withdraw: ${gone.error}`);
		}
	}

	const roundId = first.value.round.id;
	const judging = await replayDemoScoring(db, {
		roundId,
		criteria: first.value.criteria,
		judgeIds,
		judgeId: input.judgeId,
		organizerId: input.organizerId,
		closesAt,
		now,
		random
	});
	return {
		contestId,
		roundId,
		submitted: DEMO_ESSAY.submitted,
		drafts: DEMO_ESSAY.drafts,
		withdrawn: DEMO_ESSAY.withdrawn,
		judges: judgeIds.length,
		...judging
	};
}
