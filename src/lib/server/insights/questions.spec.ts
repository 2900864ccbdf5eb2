import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { attemptQuestions } from '../db/schema';
import { finishAttempt, saveAnswer, startAttempt } from '../quiz/attempts';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { flagsOf, pointBiserial, questionStats } from './questions';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

/** Pearson's r, the definition the point-biserial formula shortcuts. */
function pearson(x: number[], y: number[]): number {
	const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
	const mx = mean(x);
	const my = mean(y);
	let cov = 0;
	let vx = 0;
	let vy = 0;
	for (let i = 0; i < x.length; i++) {
		cov += (x[i] - mx) * (y[i] - my);
		vx += (x[i] - mx) ** 2;
		vy += (y[i] - my) ** 2;
	}
	return cov / Math.sqrt(vx * vy);
}

describe('point-biserial discrimination', () => {
	it('matches a hand-computed case', () => {
		// item [1,1,0,0], rest [3,2,1,2]: M1 2.5, M0 1.5, s √0.5, p ½ → (1 ÷ √0.5) × ½ = 0.7071
		const r = pointBiserial({
			shown: 4,
			right: 2,
			meanRestRight: 2.5,
			meanRestWrong: 1.5,
			sdRest: Math.sqrt(0.5)
		});
		expect(r).toBeCloseTo(0.7071, 4);
		expect(r).toBeCloseTo(pearson([1, 1, 0, 0], [3, 2, 1, 2]), 10);
	});

	it('is undefined when everyone or no one is right, or the rest score does not vary', () => {
		const base = { shown: 4, meanRestRight: 2, meanRestWrong: 1, sdRest: 1 };
		expect(pointBiserial({ ...base, right: 4 })).toBeNull();
		expect(pointBiserial({ ...base, right: 0 })).toBeNull();
		expect(pointBiserial({ ...base, right: 2, sdRest: 0 })).toBeNull();
	});
});

describe('flags', () => {
	const options = [
		{ position: 0, text: 'A', correct: true, chosen: 10 },
		{ position: 1, text: 'B', correct: false, chosen: 5 }
	];
	it('stay quiet below the minimum number of answers', () => {
		expect(flagsOf({ shown: 29, facility: 0, discrimination: -0.5, options })).toEqual([]);
	});
	it('name each sign of a broken question', () => {
		expect(flagsOf({ shown: 30, facility: 0.5, discrimination: 0.3, options })).toEqual([]);
		expect(flagsOf({ shown: 30, facility: 0.5, discrimination: -0.01, options })).toEqual([
			'negative_discrimination'
		]);
		expect(
			flagsOf({
				shown: 30,
				facility: 0.05,
				discrimination: null,
				options: [{ ...options[0], chosen: 1 }, options[1]]
			})
		).toEqual(['distractor_over_key', 'too_hard']);
		expect(flagsOf({ shown: 30, facility: 0.97, discrimination: null, options })).toEqual(['too_easy']);
	});
});

describe('question statistics of a round', () => {
	it('computes shown, facility, discrimination, option counts and flags from finished attempts', async () => {
		const unit = await makeUnit(handle.db, 'QS');
		const { round, contest, bank, correctOf } = await makeQuizRound(handle.db, {
			bankSize: 6,
			perAttempt: 6
		});
		const [q1, q2, q3, q4, q5, q6] = bank.map((b) => b.id);
		const wrongOf = (id: number) => {
			const key = correctOf.get(id)!;
			return [[0, 1, 2, 3].find((p) => !key.includes(p))!];
		};
		// strong people: q1 q4 q5 q6 right (4); weak: q2 q4 right (2); q3 always the same wrong option
		const plan = (strong: boolean): Record<number, number[]> => ({
			[q1]: strong ? correctOf.get(q1)! : wrongOf(q1),
			[q2]: strong ? wrongOf(q2) : correctOf.get(q2)!,
			[q3]: wrongOf(q3),
			[q4]: correctOf.get(q4)!,
			[q5]: strong ? correctOf.get(q5)! : wrongOf(q5),
			[q6]: strong ? correctOf.get(q6)! : wrongOf(q6)
		});
		const itemScores: Record<number, number[]> = { [q1]: [], [q2]: [] };
		const totals: number[] = [];
		for (let i = 0; i < 40; i++) {
			const strong = i < 20;
			const user = await makeUser(handle.db, unit.id);
			const started = await startAttempt(handle.db, { roundId: round.id, userId: user.id, unitId: unit.id });
			if (!started.ok) throw new Error(started.error);
			const rows = await handle.db
				.select()
				.from(attemptQuestions)
				.where(eq(attemptQuestions.attemptId, started.attemptId));
			const answers = plan(strong);
			for (const row of rows) {
				const choices = answers[row.questionId].map((p) => row.optionOrder.indexOf(p));
				await saveAnswer(handle.db, {
					attemptId: started.attemptId,
					userId: user.id,
					position: row.position,
					choices,
					seq: 1
				});
			}
			await finishAttempt(handle.db, { attemptId: started.attemptId, userId: user.id, endedBy: 'submitted' });
			itemScores[q1].push(strong ? 1 : 0);
			itemScores[q2].push(strong ? 0 : 1);
			totals.push(strong ? 4 : 2);
		}
		// an attempt still in progress is left out
		const late = await makeUser(handle.db, unit.id);
		await startAttempt(handle.db, { roundId: round.id, userId: late.id, unitId: unit.id });

		const stats = await questionStats(handle.db, { contestId: contest.id, roundId: round.id });
		const by = new Map(stats.map((s) => [s.questionId, s]));
		expect(stats).toHaveLength(6);
		expect(by.get(q1)).toMatchObject({ shown: 40, right: 20, facility: 0.5, flags: [] });
		const rest = (item: number[]) => totals.map((t, i) => t - item[i]);
		expect(by.get(q1)!.discrimination).toBeCloseTo(pearson(itemScores[q1], rest(itemScores[q1])), 10);
		expect(by.get(q1)!.discrimination).toBeGreaterThan(0.9);
		expect(by.get(q2)!.discrimination).toBeCloseTo(pearson(itemScores[q2], rest(itemScores[q2])), 10);
		expect(by.get(q2)!.flags).toEqual(['negative_discrimination']);
		expect(by.get(q3)).toMatchObject({ right: 0, facility: 0, discrimination: null });
		expect(by.get(q3)!.flags).toEqual(['distractor_over_key', 'too_hard']);
		expect(by.get(q3)!.options.find((o) => o.position === wrongOf(q3)[0])!.chosen).toBe(40);
		expect(by.get(q4)).toMatchObject({ facility: 1, discrimination: null, flags: ['too_easy'] });
		// the whole contest is the same here: one counted round
		const whole = await questionStats(handle.db, { contestId: contest.id, roundId: null });
		expect(whole.map((s) => [s.questionId, s.shown])).toEqual(stats.map((s) => [s.questionId, s.shown]));
		// another contest's id never reads this round
		expect(await questionStats(handle.db, { contestId: contest.id + 999, roundId: round.id })).toEqual([]);
	});
});
