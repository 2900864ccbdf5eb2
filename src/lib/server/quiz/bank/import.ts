import type { Db } from '../../db/client';
import { questionOptions, questions, topics } from '../../db/schema';
import { questionKey } from '../parsers/draft';
import type { ParsedPicture, ParsedQuestion, ParseProblem } from '../parsers/types';
import { lockTopics, nameKey, type Result } from './common';
import { checkQuestion, type CleanQuestion, existingKeys, keyText, type PictureRef } from './content';
import { getTopic } from './topics';

// Bulk import of a parsed file: a plan of what would be written, then the writing in one transaction.

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

/** The file's pictures once stored: key → SHA-256 (pictures/import.ts). */
export type StoredPictures = Map<string, string>;

/** A parsed picture as a reference, or undefined when it names one that was not stored. */
function pictureRef(picture: ParsedPicture | null | undefined, stored: StoredPictures) {
	if (!picture) return null;
	const sha256 = stored.get(picture.key);
	return sha256 ? ({ sha256, alt: picture.alt } satisfies PictureRef) : undefined;
}

async function classify(
	db: Db,
	target: ImportTarget,
	list: ParsedQuestion[],
	invalid: Set<number>,
	stored: StoredPictures | 'planning'
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
		// a plan (nothing stored yet) reads a picture's key where its hash will be
		const refOf = (p: ParsedPicture | null | undefined) =>
			stored === 'planning' ? (p ? { sha256: p.key, alt: p.alt } : null) : pictureRef(p, stored);
		const picture = refOf(q.picture);
		const optionPictures = q.options.map((_, position) => refOf(q.optionPictures?.[position]));
		const clean = checkQuestion({
			text: q.text,
			explanation: q.explanation,
			difficulty: q.difficulty,
			picture: picture ?? null,
			options: q.options.map((text, position) => ({
				text,
				isCorrect: q.correct.includes(position),
				picture: optionPictures[position] ?? null
			}))
		});
		checked.push(clean.ok ? clean.value : null);
		const unstored = picture === undefined || optionPictures.includes(undefined);
		if (!clean.ok || unstored || invalid.has(i) || topicIds[i] === null) return 'skipped';
		const c = clean.value;
		const key = `${topicIds[i]}:${questionKey(
			keyText(c.text, c.picture),
			c.options.map((o) => keyText(o.text, o.picture))
		)}`;
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
	const result = await classify(db, target, list, invalidIndexes(list, withProblems), 'planning');
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
	options: { createdBy?: number | null; withProblems?: Iterable<number>; pictures?: StoredPictures } = {}
): Promise<Result<ImportCounts, 'topic_not_found'>> {
	return db.transaction(async (tx) => {
		if ('topicId' in target) await lockTopics(tx, [target.topicId]);
		else
			await lockTopics(
				tx,
				(await tx.select({ id: topics.id }).from(topics)).map((t) => t.id)
			);
		const plan = await classify(
			tx,
			target,
			list,
			invalidIndexes(list, options.withProblems ?? []),
			options.pictures ?? new Map()
		);
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
						pictureSha256: q.picture?.sha256 ?? null,
						pictureAlt: q.picture?.alt ?? null,
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
					isCorrect: o.isCorrect,
					pictureSha256: o.picture?.sha256 ?? null,
					pictureAlt: o.picture?.alt ?? null
				}))
			);
			for (let o = 0; o < optionRows.length; o += OPTION_CHUNK)
				await tx.insert(questionOptions).values(optionRows.slice(o, o + OPTION_CHUNK));
		}
		return { ok: true, value: counts };
	});
}
