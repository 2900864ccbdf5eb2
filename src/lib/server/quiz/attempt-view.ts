import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import type { AttemptView } from '../../quiz/types';
import {
	attemptQuestions,
	attempts,
	contests,
	questionOptions,
	questions,
	roundTopics,
	rounds
} from '../db/schema';

import { attemptPictureUrl, pictureSizes, pictureView } from './pictures/access';

export type { AttemptView } from '../../quiz/types';

export async function attemptView(
	db: Db,
	attemptId: number,
	userId: number,
	now = new Date()
): Promise<AttemptView | undefined> {
	const [head] = await db
		.select({ attempt: attempts, round: rounds, contestTitle: contests.title })
		.from(attempts)
		.innerJoin(rounds, eq(rounds.id, attempts.roundId))
		.innerJoin(contests, eq(contests.id, rounds.contestId))
		.where(and(eq(attempts.id, attemptId), eq(attempts.userId, userId)));
	if (!head) return undefined;
	const { attempt, round } = head;

	const shown = await db
		.select({
			position: attemptQuestions.position,
			questionId: attemptQuestions.questionId,
			optionOrder: attemptQuestions.optionOrder,
			selected: attemptQuestions.selected,
			correct: attemptQuestions.correct,
			text: questions.text,
			multi: questions.multi,
			explanation: questions.explanation,
			pictureSha256: questions.pictureSha256,
			pictureAlt: questions.pictureAlt
		})
		.from(attemptQuestions)
		.innerJoin(questions, eq(questions.id, attemptQuestions.questionId))
		.where(eq(attemptQuestions.attemptId, attemptId))
		.orderBy(asc(attemptQuestions.position));
	const options = shown.length
		? await db
				.select()
				.from(questionOptions)
				.where(
					inArray(
						questionOptions.questionId,
						shown.map((q) => q.questionId)
					)
				)
		: [];
	type BankOption = {
		text: string;
		isCorrect: boolean;
		pictureSha256: string | null;
		pictureAlt: string | null;
	};
	const byQuestion = new Map<number, Map<number, BankOption>>();
	for (const o of options) {
		const map = byQuestion.get(o.questionId) ?? new Map();
		map.set(o.position, o);
		byQuestion.set(o.questionId, map);
	}
	const sizes = await pictureSizes(db, [
		...shown.map((q) => q.pictureSha256),
		...options.map((o) => o.pictureSha256)
	]);

	const finished = attempt.status === 'finished';
	const policy = round.reviewPolicy;
	const review: AttemptView['review'] =
		policy === 'score_only'
			? 'never'
			: policy === 'immediate' || now.getTime() >= round.closesAt.getTime() + round.graceSeconds * 1000
				? 'shown'
				: 'after_close';
	const showAnswers = finished && review === 'shown';
	const heldBack = showAnswers ? await stillDrawable(db, attemptId, now) : new Set<number>();

	return {
		id: attempt.id,
		status: attempt.status,
		attemptNo: attempt.attemptNo,
		roundId: round.id,
		roundName: round.name,
		contestId: round.contestId,
		contestTitle: head.contestTitle,
		deadline: attempt.deadline.toISOString(),
		graceSeconds: round.graceSeconds,
		serverNow: now.toISOString(),
		predictionEnabled: round.predictionEnabled,
		prediction: attempt.prediction,
		questionCount: attempt.questionCount,
		questions: shown.map((q) => {
			const bank = byQuestion.get(q.questionId) ?? new Map<number, BankOption>();
			const chosen = (q.selected ?? []).map((p) => q.optionOrder.indexOf(p)).filter((i) => i >= 0);
			const picture = pictureView(
				sizes,
				q.pictureSha256,
				q.pictureAlt,
				attemptPictureUrl(attemptId, q.position, 'q')
			);
			const optionPictures = q.optionOrder.map((p, i) => {
				const o = bank.get(p);
				return pictureView(
					sizes,
					o?.pictureSha256 ?? null,
					o?.pictureAlt ?? null,
					attemptPictureUrl(attemptId, q.position, i)
				);
			});
			return {
				position: q.position,
				text: q.text,
				multi: q.multi,
				options: q.optionOrder.map((p) => bank.get(p)?.text ?? ''),
				...(picture ? { picture } : {}),
				...(optionPictures.some((p) => p !== null) ? { optionPictures } : {}),
				chosen,
				...(showAnswers && heldBack.has(q.questionId) ? { heldBack: true } : {}),
				...(showAnswers && !heldBack.has(q.questionId)
					? {
							review: {
								correct: q.correct === true,
								correctChoices: q.optionOrder
									.map((p, i) => (bank.get(p)?.isCorrect ? i : -1))
									.filter((i) => i >= 0),
								explanation: q.explanation
							}
						}
					: {})
			};
		}),
		...(finished
			? {
					result: {
						correctCount: attempt.correctCount ?? 0,
						durationMs: attempt.durationMs ?? 0,
						finishedAt: (attempt.finishedAt ?? attempt.deadline).toISOString(),
						endedBy: attempt.endedBy
					}
				}
			: {}),
		review
	};
}

/**
 * The attempt's questions that a ranked round (of any contest: topics are shared) can still draw, now or later: a
 * review holds their answers back, so no answer shown can decide a prize (docs/QUIZ.md, "the answer key").
 */
async function stillDrawable(db: Db, attemptId: number, now: Date): Promise<Set<number>> {
	const rows = rowsOf<{ id: number }>(
		await db.execute(sql`
			select distinct q.id from ${attemptQuestions} aq
			join ${questions} q on q.id = aq.question_id
			join ${roundTopics} rt on rt.topic_id = q.topic_id
			join ${rounds} r on r.id = rt.round_id
			where aq.attempt_id = ${attemptId} and not r.practice and q.active and q.superseded_at is null
				and r.closes_at + make_interval(secs => r.grace_seconds) > ${now.toISOString()}::timestamptz`)
	);
	return new Set(rows.map((r) => Number(r.id)));
}

/** The person's attempts in a round, newest first (for "my attempts"). */
export async function myAttempts(db: Db, roundId: number, userId: number) {
	return db
		.select({
			id: attempts.id,
			attemptNo: attempts.attemptNo,
			status: attempts.status,
			startedAt: attempts.startedAt,
			finishedAt: attempts.finishedAt,
			correctCount: attempts.correctCount,
			questionCount: attempts.questionCount,
			durationMs: attempts.durationMs
		})
		.from(attempts)
		.where(and(eq(attempts.roundId, roundId), eq(attempts.userId, userId)))
		.orderBy(asc(attempts.attemptNo));
}
