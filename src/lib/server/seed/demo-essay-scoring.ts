import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { assignments, entries } from '../db/schema';
import { autoAssign, openRound } from '../essays/judging';
import { saveScore } from '../essays/marking';
import { DAY, DEMO_ESSAY, HOUR } from './demo-essay-plan';

/**
 * The demo's judging: opens the preliminary round, assigns it, and replays a week of scoring in time order (some
 * entries left to each judge, a few disagreements, third judges called in and most of them scored).
 */
export async function replayDemoScoring(
	db: Db,
	input: {
		roundId: number;
		criteria: { id: number; maxPoints: number }[];
		judgeIds: number[];
		/** the demo judge */
		judgeId: number;
		organizerId: number;
		closesAt: Date;
		now: Date;
		random: () => number;
	}
) {
	const { roundId, criteria, judgeIds, closesAt, now, random } = input;
	// Judging: open the first round, assign, and replay a week of scoring in time order.
	const opened = await openRound(db, roundId);
	if (!opened.ok) throw new Error(`demo essay open round: ${opened.error}`);
	const assigned = await autoAssign(db, roundId, input.organizerId);
	if (!assigned.ok) throw new Error(`demo essay assign: ${assigned.error}`);
	const rows = await db
		.select({
			id: assignments.id,
			entryId: assignments.entryId,
			judgeId: assignments.judgeId,
			code: entries.code
		})
		.from(assignments)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.where(eq(assignments.roundId, roundId))
		.orderBy(asc(entries.code), asc(assignments.id));

	const bias = new Map(judgeIds.map((id, i) => [id, [0.03, -0.04, 0.01, -0.02][i % 4]]));
	const quality = new Map<number, number>();
	for (const r of rows) if (!quality.has(r.entryId)) quality.set(r.entryId, 0.5 + random() * 0.38);
	const half = (x: number) => Math.round(x * 2) / 2;
	const pointsFor = (fraction: number) => {
		const points: Record<string, number> = {};
		for (const c of criteria) {
			const f = Math.min(1, Math.max(0.2, fraction + (random() - 0.5) * 0.06));
			points[String(c.id)] = half(c.maxPoints * f);
		}
		return points;
	};
	const comments = [
		'Bài viết có nội dung chân thực, cảm động; cần chọn lọc chi tiết hơn.',
		'Bố cục rõ ràng, dẫn chứng cụ thể, liên hệ bản thân còn chung chung.',
		'Cách kể chuyện tự nhiên, tấm gương gần gũi, có sức lan tỏa.',
		'Ý tưởng quen thuộc, cần khai thác sâu hơn nét riêng của nhân vật.',
		'Trình bày mạch lạc, lời văn trong sáng.',
		''
	];

	const mine = rows.filter((r) => r.judgeId === input.judgeId);
	const left = new Set(mine.slice(-DEMO_ESSAY.judgeLeft).map((r) => r.id));
	const drafts = new Set(
		mine.slice(-DEMO_ESSAY.judgeLeft, -DEMO_ESSAY.judgeLeft + DEMO_ESSAY.judgeDrafts).map((r) => r.id)
	);
	// each other judge also has their last two entries still to do
	for (const id of judgeIds.slice(1))
		for (const r of rows.filter((x) => x.judgeId === id).slice(-2)) left.add(r.id);
	const entryIds = [...quality.keys()];
	const scoredFully = entryIds.filter((e) =>
		rows.filter((r) => r.entryId === e).every((r) => !left.has(r.id))
	);
	const split = new Set(scoredFully.filter((_, i) => i % 8 === 3).slice(0, DEMO_ESSAY.disagreements));

	let clock = closesAt.getTime() + DAY;
	const step = Math.floor((now.getTime() - 2 * HOUR - clock) / (rows.length + 10));
	const tick = () => new Date((clock += step));
	let scoresSubmitted = 0;
	for (const entryId of entryIds) {
		const onEntry = rows.filter((r) => r.entryId === entryId);
		for (const [k, r] of onEntry.entries()) {
			if (left.has(r.id) && !drafts.has(r.id)) continue;
			let fraction = quality.get(entryId)! + bias.get(r.judgeId)!;
			if (split.has(entryId)) fraction = quality.get(entryId)! + (k === 0 ? -0.14 : 0.14);
			const points = pointsFor(fraction);
			if (drafts.has(r.id)) {
				// a draft: the content criterion marked, the rest not yet
				const draft = { [String(criteria[0].id)]: points[String(criteria[0].id)] };
				const saved = await saveScore(
					db,
					r.id,
					r.judgeId,
					{ points: draft, comment: '', submit: false },
					tick()
				);
				if (!saved.ok) throw new Error(`demo essay draft score: ${saved.error}`);
				continue;
			}
			const comment = comments[Math.floor(random() * comments.length)];
			const saved = await saveScore(db, r.id, r.judgeId, { points, comment, submit: true }, tick());
			if (!saved.ok) throw new Error(`demo essay score: ${saved.error}`);
			scoresSubmitted++;
		}
	}

	// Third judges: those called in have scored, except the demo judge (a "third judge" badge waits there) and
	// the last one called.
	const thirds = await db
		.select({ id: assignments.id, entryId: assignments.entryId, judgeId: assignments.judgeId })
		.from(assignments)
		.where(and(eq(assignments.roundId, roundId), eq(assignments.source, 'third')))
		.orderBy(asc(assignments.id));
	for (const [i, t] of thirds.entries()) {
		if (t.judgeId === input.judgeId || i === thirds.length - 1) continue;
		const points = pointsFor(quality.get(t.entryId)! + bias.get(t.judgeId)!);
		const saved = await saveScore(
			db,
			t.id,
			t.judgeId,
			{ points, comment: comments[i % 5], submit: true },
			tick()
		);
		if (!saved.ok) throw new Error(`demo essay third score: ${saved.error}`);
		scoresSubmitted++;
	}
	return {
		assignments: rows.length + thirds.length,
		scoresSubmitted,
		thirdJudges: thirds.length,
		demoJudgeLeft:
			mine.filter((r) => left.has(r.id)).length + thirds.filter((t) => t.judgeId === input.judgeId).length
	};
}
