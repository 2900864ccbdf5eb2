import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { attemptQuestions, rounds } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { attemptView } from './attempt-view';
import { finishAttempt, saveAnswer, startAttempt } from './attempts';

let handle: DbHandle;
let unitId: number;

beforeAll(async () => {
	handle = await createTestDb();
	unitId = (await makeUnit(handle.db, 'LEAK')).id;
});
afterAll(() => handle.close());

/** Every key path in a JSON value, e.g. "questions[].options[]". */
function keyPaths(value: unknown, prefix = ''): Set<string> {
	const out = new Set<string>();
	if (Array.isArray(value)) {
		for (const item of value) for (const p of keyPaths(item, `${prefix}[]`)) out.add(p);
	} else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) {
			const path = prefix ? `${prefix}.${k}` : k;
			out.add(path);
			for (const p of keyPaths(v, path)) out.add(p);
		}
	}
	return out;
}

/** What an attempt in progress may show: nothing here says which option is right. */
const ALLOWED_IN_PROGRESS = new Set([
	'id',
	'status',
	'attemptNo',
	'roundId',
	'roundName',
	'contestId',
	'contestTitle',
	'deadline',
	'graceSeconds',
	'serverNow',
	'predictionEnabled',
	'prediction',
	'questionCount',
	'questions',
	'questions[].position',
	'questions[].text',
	'questions[].multi',
	'questions[].options',
	'questions[].chosen',
	'review'
]);

describe('no answer key reaches the browser before the policy allows', () => {
	it('an attempt in progress carries only the allowed fields, whatever was answered', async () => {
		const { round } = await makeQuizRound(handle.db, { reviewPolicy: 'immediate' });
		const userId = (await makeUser(handle.db, unitId)).id;
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		const attemptId = started.ok ? started.attemptId : 0;
		await saveAnswer(handle.db, { attemptId, userId, position: 0, choices: [1], seq: 1 });
		const view = await attemptView(handle.db, attemptId, userId);
		const extra = [...keyPaths(JSON.parse(JSON.stringify(view)))].filter((p) => !ALLOWED_IN_PROGRESS.has(p));
		expect(extra).toEqual([]);
		expect(JSON.stringify(view)).not.toMatch(/correct|isCorrect|explanation|review"\s*:\s*\{/i);
	});

	it('after submitting, answers appear only under the "immediate" policy or once the round has closed', async () => {
		for (const policy of ['score_only', 'after_close', 'immediate'] as const) {
			// immediate answers belong to practice: a ranked round that is open holds back what it can draw again
			const { round } = await makeQuizRound(handle.db, {
				reviewPolicy: policy,
				...(policy === 'immediate' ? { practice: true, attemptsAllowed: null } : {})
			});
			const userId = (await makeUser(handle.db, unitId)).id;
			const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
			const attemptId = started.ok ? started.attemptId : 0;
			await finishAttempt(handle.db, { attemptId, userId, endedBy: 'submitted' });
			const view = await attemptView(handle.db, attemptId, userId);
			const shown = view!.questions.some((q) => q.review !== undefined);
			expect([policy, shown]).toEqual([policy, policy === 'immediate']);
			if (policy === 'after_close') {
				// within the grace after the close, late saves of others still count: no answers yet
				await handle.db
					.update(rounds)
					.set({ opensAt: new Date(Date.now() - 7_200_000), closesAt: new Date(Date.now() - 10_000) })
					.where(eq(rounds.id, round.id));
				const duringGrace = await attemptView(handle.db, attemptId, userId);
				expect(duringGrace!.questions.some((q) => q.review !== undefined)).toBe(false);
				await handle.db
					.update(rounds)
					.set({ closesAt: new Date(Date.now() - 31_000) })
					.where(eq(rounds.id, round.id));
				const later = await attemptView(handle.db, attemptId, userId);
				expect(later!.questions.every((q) => q.review !== undefined)).toBe(true);
			}
		}
	});

	it('the review marks the options shown as right in the order the participant saw them', async () => {
		const { round, correctOf } = await makeQuizRound(handle.db, {
			reviewPolicy: 'immediate',
			practice: true,
			attemptsAllowed: null
		});
		const userId = (await makeUser(handle.db, unitId)).id;
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		const attemptId = started.ok ? started.attemptId : 0;
		await finishAttempt(handle.db, { attemptId, userId, endedBy: 'submitted' });
		const view = await attemptView(handle.db, attemptId, userId);
		const rows = await handle.db
			.select()
			.from(attemptQuestions)
			.where(eq(attemptQuestions.attemptId, attemptId));
		for (const q of view!.questions) {
			const row = rows.find((r) => r.position === q.position)!;
			const expected = correctOf
				.get(row.questionId)!
				.map((p) => row.optionOrder.indexOf(p))
				.sort();
			expect([...q.review!.correctChoices].sort()).toEqual(expected);
		}
	});
});
