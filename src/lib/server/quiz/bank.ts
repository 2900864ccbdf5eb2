// The question bank: topics, questions as immutable versions, listing and search, bulk import.
// Functions take a database (or transaction) handle and plain values, and answer error codes, not sentences.
import { and, asc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { cleanText, foldForSearch, likeEscape } from '../../text';
import { type Db, rowsOf } from '../db/client';
import { questionOptions, questions, type Topic, topics } from '../db/schema';
import { cleanBlock, questionKey } from './parsers/draft';
import {
	MAX_EXPLANATION,
	MAX_OPTION_TEXT,
	MAX_OPTIONS,
	MAX_TEXT,
	MIN_OPTIONS,
	type ParsedQuestion,
	type ParseProblem
} from './parsers/types';

export type Result<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

/** Serializes writes to one topic's questions (two-key advisory lock: this, topic id), so duplicates stay out. */
const TOPIC_LOCK = 7_245_010;
/** Serializes topic creation and renaming: names are unique regardless of case. */
const TOPIC_NAMES_LOCK = 7_245_011;

const nameKey = (name: string) => cleanText(name).toLocaleLowerCase('vi');

async function lockTopics(db: Db, topicIds: number[]) {
	for (const id of [...new Set(topicIds)].sort((a, b) => a - b))
		await db.execute(sql`select pg_advisory_xact_lock(${TOPIC_LOCK}, ${id})`);
}

// ---------------------------------------------------------------------------------------------------------------
// Topics

export type TopicError = 'not_found' | 'name_taken' | 'name_empty';

export interface TopicSummary {
	id: number;
	name: string;
	description: string;
	/** current, active questions: what a round can draw */
	activeCount: number;
	/** current questions switched off */
	inactiveCount: number;
}

async function nameTaken(db: Db, name: string, exceptId: number | null): Promise<boolean> {
	const rows = await db.select({ id: topics.id, name: topics.name }).from(topics);
	return rows.some((t) => t.id !== exceptId && nameKey(t.name) === nameKey(name));
}

export async function createTopic(
	db: Db,
	input: { name: string; description?: string; createdBy?: number | null }
): Promise<Result<Topic, TopicError>> {
	const name = cleanText(input.name);
	if (name === '') return { ok: false, error: 'name_empty' };
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${TOPIC_NAMES_LOCK})`);
		if (await nameTaken(tx, name, null)) return { ok: false, error: 'name_taken' };
		const [topic] = await tx
			.insert(topics)
			.values({ name, description: cleanBlock(input.description ?? ''), createdBy: input.createdBy ?? null })
			.returning();
		return { ok: true, value: topic };
	});
}

export async function updateTopic(
	db: Db,
	id: number,
	input: { name: string; description: string }
): Promise<Result<Topic, TopicError>> {
	const name = cleanText(input.name);
	if (name === '') return { ok: false, error: 'name_empty' };
	return db.transaction(async (tx) => {
		await tx.execute(sql`select pg_advisory_xact_lock(${TOPIC_NAMES_LOCK})`);
		if (await nameTaken(tx, name, id)) return { ok: false, error: 'name_taken' };
		const [topic] = await tx
			.update(topics)
			.set({ name, description: cleanBlock(input.description) })
			.where(eq(topics.id, id))
			.returning();
		return topic ? { ok: true, value: topic } : { ok: false, error: 'not_found' };
	});
}

export async function getTopic(db: Db, id: number): Promise<Topic | undefined> {
	const [topic] = await db.select().from(topics).where(eq(topics.id, id));
	return topic;
}

const collator = new Intl.Collator('vi');

/** Every topic in Vietnamese alphabetical order, with how many current questions are on and off. */
export async function listTopics(db: Db): Promise<TopicSummary[]> {
	const rows = await db
		.select({
			id: topics.id,
			name: topics.name,
			description: topics.description,
			activeCount: sql<number>`count(${questions.id}) filter (where ${questions.active})::int`,
			inactiveCount: sql<number>`count(${questions.id}) filter (where not ${questions.active})::int`
		})
		.from(topics)
		.leftJoin(questions, and(eq(questions.topicId, topics.id), isNull(questions.supersededAt)))
		.groupBy(topics.id);
	return rows.sort((a, b) => collator.compare(a.name, b.name));
}

/**
 * Active current questions per topic: what a round can draw from each. Every asked id is in the map (0 when the
 * topic has none or does not exist). Served by the partial index questions_drawable_idx.
 */
export async function countDrawable(db: Db, topicIds: number[]): Promise<Map<number, number>> {
	const counts = new Map(topicIds.map((id) => [id, 0]));
	if (topicIds.length === 0) return counts;
	const rows = await db
		.select({ topicId: questions.topicId, n: sql<number>`count(*)::int` })
		.from(questions)
		.where(
			and(inArray(questions.topicId, topicIds), eq(questions.active, true), isNull(questions.supersededAt))
		)
		.groupBy(questions.topicId);
	for (const row of rows) counts.set(row.topicId, row.n);
	return counts;
}

// ---------------------------------------------------------------------------------------------------------------
// Questions

export interface QuestionInput {
	text: string;
	explanation?: string;
	/** 1 easy, 2 medium (default), 3 hard */
	difficulty?: number;
	options: { text: string; isCorrect: boolean }[];
}

export type InvalidQuestion =
	| 'empty_text'
	| 'too_few_options'
	| 'too_many_options'
	| 'empty_option'
	| 'no_correct'
	| 'difficulty'
	| 'too_long';
export type QuestionError = InvalidQuestion | 'not_found' | 'topic_not_found' | 'stale' | 'duplicate';

interface CleanQuestion {
	text: string;
	explanation: string;
	difficulty: number;
	multi: boolean;
	options: { text: string; isCorrect: boolean }[];
}

/** NFC and tidy whitespace; the rules the database cannot hold alone (2–6 options, at least one correct). */
export function checkQuestion(input: QuestionInput): Result<CleanQuestion, InvalidQuestion> {
	const text = cleanBlock(input.text);
	const explanation = cleanBlock(input.explanation ?? '');
	const difficulty = input.difficulty ?? 2;
	const options = input.options.map((o) => ({ text: cleanText(o.text), isCorrect: o.isCorrect }));
	const fail = (error: InvalidQuestion) => ({ ok: false, error }) as const;
	if (text === '') return fail('empty_text');
	if (options.length < MIN_OPTIONS) return fail('too_few_options');
	if (options.length > MAX_OPTIONS) return fail('too_many_options');
	if (options.some((o) => o.text === '')) return fail('empty_option');
	const correct = options.filter((o) => o.isCorrect).length;
	if (correct === 0) return fail('no_correct');
	if (![1, 2, 3].includes(difficulty)) return fail('difficulty');
	if (
		text.length > MAX_TEXT ||
		explanation.length > MAX_EXPLANATION ||
		options.some((o) => o.text.length > MAX_OPTION_TEXT)
	)
		return fail('too_long');
	return { ok: true, value: { text, explanation, difficulty, multi: correct > 1, options } };
}

/** Every Vietnamese letter with a diacritic, and its plain letter: translate() folds text in SQL like foldForSearch. */
const FOLD = (() => {
	let from = '';
	let to = '';
	for (let code = 0xc0; code <= 0x1ef9; code++) {
		const char = String.fromCodePoint(code);
		if (!/\p{L}/u.test(char)) continue;
		const plain = foldForSearch(char);
		if (plain.length === 1 && /[a-z]/.test(plain) && char.toLowerCase() !== plain) {
			from += char;
			to += char === char.toUpperCase() ? plain.toUpperCase() : plain;
		}
	}
	return { from, to };
})();

/** A question's text folded in SQL (no diacritics, lower case, single spaces), to match foldForSearch(query). */
const foldedText = (column: typeof questions.text) =>
	sql`lower(translate(regexp_replace(${column}, '\\s+', ' ', 'g'), ${FOLD.from}, ${FOLD.to}))`;

/** The keys of the current questions of some topics (optionally only those whose text folds to `folded`). */
async function existingKeys(db: Db, topicIds: number[], folded?: string) {
	if (topicIds.length === 0) return [];
	const filters: SQL[] = [inArray(questions.topicId, topicIds), isNull(questions.supersededAt)];
	if (folded !== undefined) filters.push(sql`${foldedText(questions.text)} = ${folded}`);
	const rows = await db
		.select({
			id: questions.id,
			topicId: questions.topicId,
			text: questions.text,
			options: sql<string[]>`array_agg(${questionOptions.text} order by ${questionOptions.position})`
		})
		.from(questions)
		.innerJoin(questionOptions, eq(questionOptions.questionId, questions.id))
		.where(and(...filters))
		.groupBy(questions.id);
	return rows.map((r) => ({ id: r.id, topicId: r.topicId, key: questionKey(r.text, r.options) }));
}

async function isDuplicate(db: Db, topicId: number, q: CleanQuestion, exceptId: number | null) {
	const key = questionKey(
		q.text,
		q.options.map((o) => o.text)
	);
	const candidates = await existingKeys(db, [topicId], foldForSearch(q.text));
	return candidates.some((c) => c.id !== exceptId && c.key === key);
}

async function insertOptions(db: Db, questionId: number, options: CleanQuestion['options']) {
	await db
		.insert(questionOptions)
		.values(options.map((o, position) => ({ questionId, position, text: o.text, isCorrect: o.isCorrect })));
}

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
		if (await isDuplicate(tx, input.topicId, q, null)) return { ok: false, error: 'duplicate' };
		const [row] = await tx
			.insert(questions)
			.values({
				topicId: input.topicId,
				text: q.text,
				explanation: q.explanation,
				difficulty: q.difficulty,
				multi: q.multi,
				createdBy: input.createdBy ?? null
			})
			.returning({ id: questions.id });
		await insertOptions(tx, row.id, q.options);
		return { ok: true, value: { id: row.id } };
	});
}

const sameContent = (q: CleanQuestion, old: QuestionWithOptions) =>
	q.text === old.text &&
	q.explanation === old.explanation &&
	q.difficulty === old.difficulty &&
	q.options.length === old.options.length &&
	q.options.every((o, i) => o.text === old.options[i].text && o.isCorrect === old.options[i].isCorrect);

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

// ---------------------------------------------------------------------------------------------------------------
// Bulk import

/** Into one topic, or each question into the existing topic its file names ("Chủ đề"). */
export type ImportTarget = { topicId: number } | { byTopicName: true };

export type ImportStatus = 'new' | 'existing' | 'skipped';

export interface ImportCounts {
	/** questions given */
	total: number;
	/** written (import) or to be written (plan) */
	new: number;
	/** already in the bank (same text and options in the same topic): skipped */
	existing: number;
	/** not written: a problem in the file, an unknown topic, or invalid content */
	skipped: number;
}

export interface ImportPlan {
	/** for each question given, in order */
	statuses: ImportStatus[];
	topicIds: (number | null)[];
	/** problems found against the database: no topic named, unknown topic */
	problems: ParseProblem[];
	counts: ImportCounts;
}

async function classify(
	db: Db,
	target: ImportTarget,
	list: ParsedQuestion[],
	invalid: Set<number>
): Promise<Result<ImportPlan & { checked: (CleanQuestion | null)[] }, 'topic_not_found'>> {
	const problems: ParseProblem[] = [];
	let topicIds: (number | null)[];
	if ('topicId' in target) {
		if (!(await getTopic(db, target.topicId))) return { ok: false, error: 'topic_not_found' };
		topicIds = list.map(() => target.topicId);
	} else {
		const byName = new Map(
			(await db.select({ id: topics.id, name: topics.name }).from(topics)).map((t) => [nameKey(t.name), t.id])
		);
		topicIds = list.map((q) => {
			const id = q.topic ? byName.get(nameKey(q.topic)) : undefined;
			if (id !== undefined) return id;
			problems.push(
				q.topic
					? { number: q.number, line: q.line, code: 'unknown_topic', params: { topic: q.topic } }
					: { number: q.number, line: q.line, code: 'no_topic' }
			);
			return null;
		});
	}
	const wanted = [...new Set(topicIds.filter((id): id is number => id !== null))];
	const seen = new Set((await existingKeys(db, wanted)).map((e) => `${e.topicId}:${e.key}`));
	const checked: (CleanQuestion | null)[] = [];
	const statuses = list.map((q, i): ImportStatus => {
		const clean = checkQuestion({
			text: q.text,
			explanation: q.explanation,
			difficulty: q.difficulty,
			options: q.options.map((text, position) => ({ text, isCorrect: q.correct.includes(position) }))
		});
		checked.push(clean.ok ? clean.value : null);
		if (!clean.ok || invalid.has(i) || topicIds[i] === null) return 'skipped';
		const key = `${topicIds[i]}:${questionKey(q.text, q.options)}`;
		if (seen.has(key)) return 'existing';
		seen.add(key);
		return 'new';
	});
	const count = (s: ImportStatus) => statuses.filter((x) => x === s).length;
	return {
		ok: true,
		value: {
			statuses,
			topicIds,
			problems,
			checked,
			counts: {
				total: list.length,
				new: count('new'),
				existing: count('existing'),
				skipped: count('skipped')
			}
		}
	};
}

/**
 * What importing would do, without writing: each question new, already in the bank, or skipped (it has a problem
 * in the file: pass the `line` of those questions as `withProblems`; or its topic cannot be found).
 */
export async function planImport(
	db: Db,
	target: ImportTarget,
	list: ParsedQuestion[],
	withProblems: Iterable<number> = []
): Promise<Result<ImportPlan, 'topic_not_found'>> {
	const result = await classify(db, target, list, invalidIndexes(list, withProblems));
	if (!result.ok) return result;
	const { statuses, topicIds, problems, counts } = result.value;
	return { ok: true, value: { statuses, topicIds, problems, counts } };
}

/** By `line`, not by number: files restart "Câu 1" in each section, but a question's starting line is its own. */
function invalidIndexes(list: ParsedQuestion[], lines: Iterable<number>): Set<number> {
	const bad = new Set(lines);
	return new Set(list.flatMap((q, i) => (bad.has(q.line) ? [i] : [])));
}

const QUESTION_CHUNK = 1_000;
const OPTION_CHUNK = 3_000;

/**
 * Writes the new questions of a parsed file in one transaction, with multi-row inserts. Questions already in the
 * bank (same text and options, same topic, current version) are skipped and counted, so importing the same file
 * twice changes nothing. Questions in `withProblems` (by line), with an unknown topic or invalid are skipped.
 */
export async function importQuestions(
	db: Db,
	target: ImportTarget,
	list: ParsedQuestion[],
	options: { createdBy?: number | null; withProblems?: Iterable<number> } = {}
): Promise<Result<ImportCounts, 'topic_not_found'>> {
	return db.transaction(async (tx) => {
		if ('topicId' in target) await lockTopics(tx, [target.topicId]);
		else
			await lockTopics(
				tx,
				(await tx.select({ id: topics.id }).from(topics)).map((t) => t.id)
			);
		const plan = await classify(tx, target, list, invalidIndexes(list, options.withProblems ?? []));
		if (!plan.ok) return plan;
		const { statuses, topicIds, checked, counts } = plan.value;
		const rows = statuses.flatMap((status, i) =>
			status === 'new' ? [{ topicId: topicIds[i]!, q: checked[i]! }] : []
		);
		for (let start = 0; start < rows.length; start += QUESTION_CHUNK) {
			const chunk = rows.slice(start, start + QUESTION_CHUNK);
			const inserted = await tx
				.insert(questions)
				.values(
					chunk.map(({ topicId, q }) => ({
						topicId,
						text: q.text,
						explanation: q.explanation,
						difficulty: q.difficulty,
						multi: q.multi,
						createdBy: options.createdBy ?? null
					}))
				)
				.returning({ id: questions.id });
			// identity values are handed out in the order of the VALUES list
			const ids = inserted.map((r) => r.id).sort((a, b) => a - b);
			const optionRows = chunk.flatMap(({ q }, i) =>
				q.options.map((o, position) => ({
					questionId: ids[i],
					position,
					text: o.text,
					isCorrect: o.isCorrect
				}))
			);
			for (let o = 0; o < optionRows.length; o += OPTION_CHUNK)
				await tx.insert(questionOptions).values(optionRows.slice(o, o + OPTION_CHUNK));
		}
		return { ok: true, value: counts };
	});
}
