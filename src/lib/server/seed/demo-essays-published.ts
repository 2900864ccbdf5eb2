/**
 * The demo's second essay contest, at the last stage: «Người tốt, việc tốt quanh ta» 2026, published a month ago.
 * It went through every stage by the same operated acts an organizer uses (publish, close submissions, open the
 * round, score, close the round, settle, award, publish results, issue certificates), so its audit log shows the
 * whole path and its public page, awards and certificates are there to look at. The demo participant holds a
 * second prize and its certificate.
 */
import { and, asc, eq, inArray, ne, notInArray } from 'drizzle-orm';
import { issueEssayCertificates } from '../certificates/issue';
import type { Db } from '../db/client';
import { assignments, units, users } from '../db/schema';
import { createEntry, submitEntry } from '../essays/entries';
import { autoAssign, openRound } from '../essays/judging';
import { saveScore } from '../essays/marking';
import { publishResults } from '../essays/publication';
import { finalRanking, saveEntryAwards } from '../essays/results';
import { closeRound } from '../essays/rounds-admin';
import { addJudge, createEssayContest, createRound, setAwardTiers, setPublished } from '../essays/setup';
import { closeSubmissions, settleResults } from '../essays/stages';
import { PostgresStore } from '../files/postgres-store';
import { DEMO_ESSAY_JUDGE_UNITS, demoEssayBody, prng, sectorOf, vietnamAt } from './demo-essays';

export const DEMO_PUBLISHED_ESSAY = {
	title: 'Cuộc thi viết «Người tốt, việc tốt quanh ta» 2026',
	codePrefix: 'NTVT-2026',
	entries: 12,
	tiers: [
		{ name: 'Nhất', count: 1 },
		{ name: 'Nhì', count: 1 },
		{ name: 'Ba', count: 2 },
		{ name: 'Khuyến khích', count: 3 }
	]
} as const;

const TITLES = [
	'Người giữ lửa ở chi bộ khu phố',
	'Chị tổ trưởng và mười năm sổ tay dân vận',
	'Thầy giáo vùng cao và chuyến đò mỗi sáng',
	'Người y tá thức trắng mùa dịch',
	'Anh cán bộ tư pháp tận tụy với dân',
	'Bàn tay nhân hậu nơi phòng khám xã',
	'Cô kế toán giữ từng đồng tiền công',
	'Người đảng viên già và con đường bê tông',
	'Những buổi tối tình nguyện ở thư viện phường',
	'Bác bảo vệ và tủ sách nhỏ cho con em công nhân',
	'Chuyện người thư ký tòa án',
	'Ngọn đèn khuya ở văn phòng Đảng ủy'
];

export async function seedPublishedEssayContest(
	db: Db,
	input: { rootUnitId: number; organizerId: number; participantId: number; now?: Date }
): Promise<{ contestId: number; awarded: number; certificates: number }> {
	const now = input.now ?? new Date();
	const random = prng(5122026);
	const opensAt = vietnamAt(now, -100, 7);
	const closesAt = vietnamAt(now, -60, 17);
	const made = await createEssayContest(db, {
		title: DEMO_PUBLISHED_ESSAY.title,
		description: 'Cuộc thi viết về người tốt, việc tốt ở cơ quan, đơn vị, đã công bố kết quả.',
		rules:
			'Mỗi tác giả gửi 01 bài viết từ 300 đến 3.000 chữ. Ban giám khảo chấm một vòng, 2 giám khảo mỗi bài.',
		eligibleUnitId: input.rootUnitId,
		codePrefix: DEMO_PUBLISHED_ESSAY.codePrefix,
		opensAt,
		closesAt: vietnamAt(now, -55, 17),
		entriesPerAuthor: 1,
		minWords: 300,
		maxWords: 3000,
		requirement: 'text_or_file',
		maxFileBytes: 10 * 1024 * 1024,
		createdBy: input.organizerId
	});
	if (!made.ok) throw new Error(`demo published contest: ${made.error}`);
	const contestId = made.value.id;
	const round = await createRound(db, contestId, {
		name: 'Chung khảo',
		scale: 100,
		judgesPerEntry: 2,
		disagreementThreshold: 20,
		settleRule: 'mean',
		advanceRule: null,
		advanceValue: null,
		closesAt: null,
		criteria: [
			{ name: 'Nội dung', maxPoints: 70 },
			{ name: 'Hình thức trình bày', maxPoints: 30 }
		]
	});
	if (!round.ok) throw new Error(`demo published round: ${round.error}`);
	const tiers = await setAwardTiers(db, contestId, [...DEMO_PUBLISHED_ESSAY.tiers]);
	if (!tiers.ok) throw new Error(`demo published tiers: ${tiers.error}`);
	const published = await setPublished(db, contestId, true, input.organizerId);
	if (!published.ok) throw new Error(`demo published publish: ${published.error}`);

	// two judges from judging units other than the demo judge's, so the demo judge's queue stays one contest
	const judgeUnits = await db
		.select({ id: units.id })
		.from(units)
		.where(inArray(units.code, DEMO_ESSAY_JUDGE_UNITS.slice(1, 3)));
	const judges = [];
	for (const u of judgeUnits) {
		const [person] = await db
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.unitId, u.id), ne(users.id, input.participantId)))
			.orderBy(asc(users.id))
			.offset(1)
			.limit(1);
		await addJudge(db, contestId, person.id, input.organizerId);
		judges.push(person.id);
	}

	const allJudgeUnits = await db
		.select({ id: units.id })
		.from(units)
		.where(inArray(units.code, [...DEMO_ESSAY_JUDGE_UNITS]));
	const candidates = await db
		.select({ id: users.id, unitId: users.unitId, unitCode: units.code })
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(
			and(
				eq(units.depth, 2),
				notInArray(
					users.unitId,
					allJudgeUnits.map((u) => u.id)
				)
			)
		)
		.orderBy(asc(users.id));
	const participant = candidates.find((c) => c.id === input.participantId);
	// every third person, from the end of the list: not the authors of the contest in judging
	const others = candidates.filter((c) => c.id !== input.participantId).reverse();
	const authors = [...(participant ? [participant] : []), ...others.filter((_, i) => i % 3 === 0)].slice(
		0,
		DEMO_PUBLISHED_ESSAY.entries
	);

	const quality = new Map<number, number>();
	for (const [i, author] of authors.entries()) {
		const at = new Date(opensAt.getTime() + (i + 1) * 3 * 86_400_000);
		const entry = await createEntry(db, {
			contestId,
			authorId: author.id,
			authorUnitId: author.unitId,
			title: TITLES[i % TITLES.length],
			now: at
		});
		if (!entry.ok) throw new Error(`demo published entry: ${entry.error}`);
		const body = demoEssayBody(sectorOf(author.unitCode), random);
		const sent = await submitEntry(db, {
			entryId: entry.entryId,
			authorId: author.id,
			title: TITLES[i % TITLES.length],
			body,
			files: new PostgresStore(db),
			now: at
		});
		if (!sent.ok) throw new Error(`demo published submit: ${sent.error}`);
		// the demo participant's entry comes second
		quality.set(entry.entryId, i === 0 ? 0.86 : 0.9 - i * 0.03 - random() * 0.01);
	}

	const closed = await closeSubmissions(db, contestId, input.organizerId, closesAt);
	if (!closed.ok) throw new Error(`demo published close: ${closed.error}`);
	const roundId = round.value.round.id;
	const judgingAt = vietnamAt(now, -58, 8);
	const opened = await openRound(db, roundId, { now: judgingAt, actorId: input.organizerId });
	if (!opened.ok) throw new Error(`demo published open: ${opened.error}`);
	const assigned = await autoAssign(db, roundId, input.organizerId);
	if (!assigned.ok) throw new Error(`demo published assign: ${assigned.error}`);
	const rows = await db
		.select({ id: assignments.id, entryId: assignments.entryId, judgeId: assignments.judgeId })
		.from(assignments)
		.where(eq(assignments.roundId, roundId))
		.orderBy(asc(assignments.id));
	const criteria = round.value.criteria;
	const half = (x: number) => Math.round(x * 2) / 2;
	for (const [k, r] of rows.entries()) {
		const fraction = quality.get(r.entryId)! + (r.judgeId === judges[0] ? 0.01 : -0.01);
		const points = Object.fromEntries(criteria.map((c) => [String(c.id), half(c.maxPoints * fraction)]));
		const at = new Date(judgingAt.getTime() + (k + 1) * 3_600_000);
		const saved = await saveScore(db, r.id, r.judgeId, { points, comment: '', submit: true }, at);
		if (!saved.ok) throw new Error(`demo published score: ${saved.error}`);
	}
	const settleAt = vietnamAt(now, -40, 9);
	await closeRound(db, roundId, settleAt);
	const settled = await settleResults(db, contestId, input.organizerId, settleAt);
	if (!settled.ok) throw new Error(`demo published settle: ${settled.error}`);

	const ranking = await finalRanking(db, contestId, settleAt);
	const awards: { entryId: number; tier: string }[] = [];
	let next = 0;
	for (const tier of DEMO_PUBLISHED_ESSAY.tiers)
		for (let n = 0; n < tier.count && next < ranking.ranked.length; n++)
			awards.push({ entryId: ranking.ranked[next++].entryId, tier: tier.name });
	const saved = await saveEntryAwards(db, contestId, awards, input.organizerId);
	if (!saved.ok) throw new Error(`demo published awards: ${saved.error}`);
	const publishedResults = await publishResults(db, contestId, {
		actorId: input.organizerId,
		now: vietnamAt(now, -30, 10)
	});
	if (!publishedResults.ok) throw new Error(`demo published results: ${publishedResults.error}`);
	const issued = await issueEssayCertificates(db, contestId, {
		participation: true,
		issuedBy: input.organizerId,
		now: vietnamAt(now, -29, 10)
	});
	if (!issued.ok) throw new Error(`demo published certificates: ${issued.error}`);
	return { contestId, awarded: awards.length, certificates: issued.value.created };
}
