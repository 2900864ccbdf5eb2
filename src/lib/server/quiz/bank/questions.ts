import { and, asc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { foldForSearch, likeEscape } from '../../../text';
import { type Db, rowsOf } from '../../db/client';
import { questionOptions, questions } from '../../db/schema';
import { questionKey } from '../parsers/draft';
import { lockTopics, type Result } from './common';
import {
	checkQuestion,
	type CleanQuestion,
	existingKeys,
	foldedText,
	type InvalidQuestion,
	keyText,
	type PictureRef,
	type QuestionInput
} from './content';
import { knownPictures } from '../pictures/pictures';
import { getTopic } from './topics';

// The bank's questions as immutable versions: create, edit, switch on or off, read, list and search.

export type QuestionError =
	InvalidQuestion | 'not_found' | 'topic_not_found' | 'stale' | 'duplicate' | 'picture_not_found';

async function isDuplicate(db: Db, topicId: number, q: CleanQuestion, exceptId: number | null) {
	const key = questionKey(
		keyText(q.text, q.picture),
		q.options.map((o) => keyText(o.text, o.picture))
	);
	const candidates = await existingKeys(db, [topicId], foldForSearch(q.text));
	return candidates.some((c) => c.id !== exceptId && c.key === key);
}

async function insertOptions(db: Db, questionId: number, options: CleanQuestion['options']) {
	await db.insert(questionOptions).values(
		options.map((o, position) => ({
			questionId,
			position,
			text: o.text,
			isCorrect: o.isCorrect,
			pictureSha256: o.picture?.sha256 ?? null,
			pictureAlt: o.picture?.alt ?? null
		}))
	);
}

/** Every picture the question names was stored through storePicture. */
async function picturesKnown(db: Db, q: CleanQuestion): Promise<boolean> {
	const hashes = [q.picture, ...q.options.map((o) => o.picture)].flatMap((p) => (p ? [p.sha256] : []));
	const known = await knownPictures(db, hashes);
	return hashes.every((h) => known.has(h));
}

const pictureColumns = (picture: PictureRef | null) => ({
	pictureSha256: picture?.sha256 ?? null,
	pictureAlt: picture?.alt ?? null
});

export async function createQuestion(
	db: Db,
	input: QuestionInput & { topicId: number; createdBy?: number | null }
): Promise<Result<{ id: number }, QuestionError>> {
	const checked = checkQuestion(input);
	if (!checked.ok) return checked;
	const q = checked.value;
	return db.transaction(async (tx) => {
		if (!(await getTopic(tx, input.topicId))) return { ok: false, error: 'topic_not_found' };
		await lockTopics(tx, [input.topicId]);
		if (!(await picturesKnown(tx, q))) return { ok: false, error: 'picture_not_found' };
		if (await isDuplicate(tx, input.topicId, q, null)) return { ok: false, error: 'duplicate' };
		const [row] = await tx
			.insert(questions)
			.values({
				topicId: input.topicId,
				text: q.text,
				explanation: q.explanation,
				difficulty: q.difficulty,
				multi: q.multi,
				...pictureColumns(q.picture),
				createdBy: input.createdBy ?? null
			})
			.returning({ id: questions.id });
		await insertOptions(tx, row.id, q.options);
		return { ok: true, value: { id: row.id } };
	});
}

const samePicture = (p: PictureRef | null, sha256: string | null, alt: string | null) =>
	(p?.sha256 ?? null) === sha256 && (p?.alt ?? null) === alt;

const sameContent = (q: CleanQuestion, old: QuestionWithOptions) =>
	q.text === old.text &&
	samePicture(q.picture, old.pictureSha256, old.pictureAlt) &&
	q.explanation === old.explanation &&
	q.difficulty === old.difficulty &&
	q.options.length === old.options.length &&
	q.options.every(
		(o, i) =>
			o.text === old.options[i].text &&
			o.isCorrect === old.options[i].isCorrect &&
			samePicture(o.picture, old.options[i].pictureSha256, old.options[i].pictureAlt)
	);

/**
 * An edit never changes a stored question: it inserts a new version (replacesId → the old one) with its options
 * and stamps the old one superseded, in one transaction. Attempts keep pointing at the version they showed.
 * Editing a version that is no longer current is refused ('stale'): someone else's edit came first.
 */
export async function editQuestion(
	db: Db,
	id: number,
	input: QuestionInput & { editedBy?: number | null }
): Promise<Result<{ id: number; changed: boolean }, QuestionError>> {
	const checked = checkQuestion(input);
	if (!checked.ok) return checked;
	const q = checked.value;
	return db.transaction(async (tx) => {
		const old = await getQuestion(tx, id);
		if (!old) return { ok: false, error: 'not_found' };
		if (old.supersededAt) return { ok: false, error: 'stale' };
		if (sameContent(q, old)) return { ok: true, value: { id, changed: false } };
		await lockTopics(tx, [old.topicId]);
		if (!(await picturesKnown(tx, q))) return { ok: false, error: 'picture_not_found' };
		if (await isDuplicate(tx, old.topicId, q, id)) return { ok: false, error: 'duplicate' };
		// the condition is re-checked under the row lock: of two simultaneous edits, one finds it superseded
		const superseded = await tx
			.update(questions)
			.set({ supersededAt: new Date() })
			.where(and(eq(questions.id, id), isNull(questions.supersededAt)))
			.returning({ id: questions.id });
		if (superseded.length === 0) return { ok: false, error: 'stale' };
		const [row] = await tx
			.insert(questions)
			.values({
				topicId: old.topicId,
				text: q.text,
				explanation: q.explanation,
				difficulty: q.difficulty,
				multi: q.multi,
				...pictureColumns(q.picture),
				active: old.active,
				replacesId: id,
				createdBy: input.editedBy ?? null
			})
			.returning({ id: questions.id });
		await insertOptions(tx, row.id, q.options);
		return { ok: true, value: { id: row.id, changed: true } };
	});
}

/** Switches a current question on or off for future draws (past attempts are not affected). */
export async function setQuestionActive(
	db: Db,
	id: number,
	active: boolean
): Promise<Result<null, 'not_found' | 'stale'>> {
	const [row] = await db
		.update(questions)
		.set({ active })
		.where(and(eq(questions.id, id), isNull(questions.supersededAt)))
		.returning({ id: questions.id });
	if (row) return { ok: true, value: null };
	const [exists] = await db.select({ id: questions.id }).from(questions).where(eq(questions.id, id));
	return { ok: false, error: exists ? 'stale' : 'not_found' };
}

export interface OptionView {
	position: number;
	text: string;
	isCorrect: boolean;
	pictureSha256: string | null;
	pictureAlt: string | null;
}
export type QuestionWithOptions = typeof questions.$inferSelect & { options: OptionView[] };

async function optionsOf(db: Db, ids: number[]): Promise<Map<number, OptionView[]>> {
	const byQuestion = new Map<number, OptionView[]>(ids.map((id) => [id, []]));
	if (ids.length === 0) return byQuestion;
	const rows = await db
		.select()
		.from(questionOptions)
		.where(inArray(questionOptions.questionId, ids))
		.orderBy(asc(questionOptions.questionId), asc(questionOptions.position));
	for (const { questionId, ...option } of rows) byQuestion.get(questionId)!.push(option);
	return byQuestion;
}

/** Any version, current or not, with its options in bank order. */
export async function getQuestion(db: Db, id: number): Promise<QuestionWithOptions | undefined> {
	const [row] = await db.select().from(questions).where(eq(questions.id, id));
	if (!row) return undefined;
	return { ...row, options: (await optionsOf(db, [id])).get(id)! };
}

/** The current version of the question that `id` is a version of (itself when current); null when unknown. */
export async function currentVersionId(db: Db, id: number): Promise<number | null> {
	const rows = rowsOf<{ id: number }>(
		await db.execute(sql`
			with recursive chain(id, superseded) as (
				select id, superseded_at is not null from questions where id = ${id}
				union all
				select q.id, q.superseded_at is not null from questions q join chain c on q.replaces_id = c.id
			)
			select id from chain where not superseded limit 1`)
	);
	return rows[0]?.id ?? null;
}

/** The earlier versions of a question, newest first (ids and when each was written). */
export async function previousVersions(db: Db, id: number): Promise<{ id: number; createdAt: Date }[]> {
	const rows = rowsOf<{ id: number; created_at: string | Date }>(
		await db.execute(sql`
			with recursive chain(id, replaces_id, created_at, depth) as (
				select id, replaces_id, created_at, 0 from questions where id = ${id}
				union all
				select q.id, q.replaces_id, q.created_at, c.depth + 1 from questions q join chain c on q.id = c.replaces_id
			)
			select id, created_at from chain where depth > 0 order by depth`)
	);
	return rows.map((r) => ({ id: r.id, createdAt: new Date(r.created_at) }));
}

export interface QuestionListItem {
	id: number;
	text: string;
	difficulty: number;
	multi: boolean;
	active: boolean;
	/** an edited question (an earlier version exists) */
	edited: boolean;
	options: OptionView[];
}

/**
 * One page of a topic's current questions, oldest first (the order they were added or imported), by keyset on
 * id: pass the last id of a page as `after` for the next. `query` matches the text without diacritics or case.
 */
export async function listQuestions(
	db: Db,
	topicId: number,
	options: { query?: string; after?: number; limit?: number; active?: boolean } = {}
): Promise<{ items: QuestionListItem[]; nextAfter: number | null }> {
	const limit = Math.min(Math.max(options.limit ?? 20, 1), 200);
	const filters: SQL[] = [eq(questions.topicId, topicId), isNull(questions.supersededAt)];
	if (options.after) filters.push(gt(questions.id, options.after));
	if (options.active !== undefined) filters.push(eq(questions.active, options.active));
	const folded = foldForSearch(options.query ?? '');
	if (folded) filters.push(sql`${foldedText(questions.text)} like ${`%${likeEscape(folded)}%`}`);
	const rows = await db
		.select({
			id: questions.id,
			text: questions.text,
			difficulty: questions.difficulty,
			multi: questions.multi,
			active: questions.active,
			replacesId: questions.replacesId
		})
		.from(questions)
		.where(and(...filters))
		.orderBy(asc(questions.id))
		.limit(limit + 1);
	const page = rows.slice(0, limit);
	const byQuestion = await optionsOf(
		db,
		page.map((r) => r.id)
	);
	return {
		items: page.map(({ replacesId, ...r }) => ({
			...r,
			edited: replacesId !== null,
			options: byQuestion.get(r.id)!
		})),
		nextAfter: rows.length > limit ? page[page.length - 1].id : null
	};
}
