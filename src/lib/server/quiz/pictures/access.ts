// Who may see a picture. A participant reaches a picture only through a question of their own attempt, by the
// question's place in the attempt and the option's place as shown: the address says nothing about the bank's order
// or which option is right, and another person's attempt is a 404 like a missing one.
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { attemptQuestions, attempts, pictures, questionOptions, questions } from '../../db/schema';
import type { PictureView } from '../../../quiz/types';
import { getPicture } from './pictures';

/** 'q': the question's own picture; a number: the option at that place in the order shown. */
export type PictureSlot = 'q' | number;

export const attemptPictureUrl = (attemptId: number, position: number, slot: PictureSlot) =>
	`/quiz/${attemptId}/pictures/${position}/${slot === 'q' ? 'q' : `o${slot}`}`;

export function parseSlot(value: string): PictureSlot | null {
	if (value === 'q') return 'q';
	const match = /^o([0-5])$/.exec(value);
	return match ? Number(match[1]) : null;
}

export async function attemptPicture(
	db: Db,
	input: { attemptId: number; userId: number; position: number; slot: PictureSlot }
) {
	const [shown] = await db
		.select({
			questionId: attemptQuestions.questionId,
			optionOrder: attemptQuestions.optionOrder,
			picture: questions.pictureSha256
		})
		.from(attemptQuestions)
		.innerJoin(attempts, eq(attempts.id, attemptQuestions.attemptId))
		.innerJoin(questions, eq(questions.id, attemptQuestions.questionId))
		.where(
			and(
				eq(attemptQuestions.attemptId, input.attemptId),
				eq(attempts.userId, input.userId),
				eq(attemptQuestions.position, input.position)
			)
		);
	if (!shown) return undefined;
	let sha256 = shown.picture;
	if (input.slot !== 'q') {
		const bankPosition = shown.optionOrder[input.slot];
		if (bankPosition === undefined) return undefined;
		const [option] = await db
			.select({ picture: questionOptions.pictureSha256 })
			.from(questionOptions)
			.where(
				and(eq(questionOptions.questionId, shown.questionId), eq(questionOptions.position, bankPosition))
			);
		sha256 = option?.picture ?? null;
	}
	return sha256 ? getPicture(db, sha256) : undefined;
}

/** Width and height of some pictures, for pages that lay them out before they load. */
export async function pictureSizes(db: Db, hashes: (string | null)[]) {
	const wanted = [...new Set(hashes.filter((h): h is string => h !== null))];
	const sizes = new Map<string, { width: number; height: number }>();
	if (wanted.length === 0) return sizes;
	const rows = await db
		.select({ sha256: pictures.sha256, width: pictures.width, height: pictures.height })
		.from(pictures)
		.where(inArray(pictures.sha256, wanted));
	for (const r of rows) sizes.set(r.sha256, { width: r.width, height: r.height });
	return sizes;
}

export function pictureView(
	sizes: Map<string, { width: number; height: number }>,
	sha256: string | null,
	alt: string | null,
	src: string
): PictureView | null {
	const size = sha256 ? sizes.get(sha256) : undefined;
	return size ? { src, alt: alt ?? '', ...size } : null;
}
