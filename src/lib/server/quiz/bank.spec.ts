import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, type DbHandle, rowsOf } from '../db/client';
import { questionOptions, questions } from '../db/schema';
import { createTestDb } from '../testing/db';
import {
	countDrawable,
	createQuestion,
	createTopic,
	currentVersionId,
	editQuestion,
	getQuestion,
	importQuestions,
	listQuestions,
	listTopics,
	planImport,
	previousVersions,
	type QuestionInput,
	setQuestionActive,
	updateTopic
} from './bank';
import type { ParsedQuestion } from './parsers/types';

let handle: DbHandle;

beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(async () => {
	await handle?.close();
});

async function topic(name: string) {
	const result = await createTopic(handle.db, { name });
	if (!result.ok) throw new Error(result.error);
	return result.value.id;
}

const sample = (text: string, correct = [1]): QuestionInput => ({
	text,
	explanation: 'Vì vậy.',
	difficulty: 2,
	options: ['Một', 'Hai', 'Ba', 'Bốn'].map((t, i) => ({ text: t, isCorrect: correct.includes(i) }))
});

async function create(topicId: number, text: string, correct = [1]) {
	const result = await createQuestion(handle.db, { topicId, ...sample(text, correct) });
	if (!result.ok) throw new Error(result.error);
	return result.value.id;
}

/** The handle, noting every insert statement built through it or its transactions. */
function countingInserts(db: Db, log: string[]): Db {
	return new Proxy(db, {
		get(target, prop, receiver) {
			if (prop === 'insert') log.push('insert');
			if (prop === 'transaction')
				return (run: (tx: Db) => Promise<unknown>) =>
					target.transaction((tx) => run(countingInserts(tx as unknown as Db, log)));
			return Reflect.get(target, prop, receiver);
		}
	});
}

const parsed = (n: number, extra: Partial<ParsedQuestion> = {}): ParsedQuestion => ({
	number: n,
	line: n,
	text: `Câu hỏi số ${n} về quy tắc ứng xử của cán bộ, công chức?`,
	options: ['Đúng', 'Sai', `Phương án ${n}`, 'Không rõ'],
	correct: [n % 4],
	...extra
});

describe('topics', () => {
	it('keeps names unique regardless of case and stores them NFC', async () => {
		const created = await createTopic(handle.db, { name: '  Quy tắc   ứng xử '.normalize('NFD') });
		expect(created).toMatchObject({ ok: true, value: { name: 'Quy tắc ứng xử' } });
		expect(await createTopic(handle.db, { name: 'QUY TẮC ỨNG XỬ' })).toEqual({
			ok: false,
			error: 'name_taken'
		});
	});

	it('renames and describes a topic, refusing a name another topic has', async () => {
		const a = await topic('Chủ đề đổi tên A');
		await topic('Chủ đề đổi tên B');
		expect(await updateTopic(handle.db, a, { name: 'chủ đề đổi tên b', description: '' })).toEqual({
			ok: false,
			error: 'name_taken'
		});
		const renamed = await updateTopic(handle.db, a, { name: 'Chủ đề mới', description: 'Mô tả' });
		expect(renamed).toMatchObject({ ok: true, value: { name: 'Chủ đề mới', description: 'Mô tả' } });
		expect(await updateTopic(handle.db, 999_999, { name: 'X y', description: '' })).toEqual({
			ok: false,
			error: 'not_found'
		});
	});

	it('counts active and inactive current questions, not earlier versions', async () => {
		const t = await topic('Đếm câu hỏi');
		const a = await create(t, 'Câu đếm thứ nhất?');
		const b = await create(t, 'Câu đếm thứ hai?');
		await create(t, 'Câu đếm thứ ba?');
		await editQuestion(handle.db, a, sample('Câu đếm thứ nhất, đã sửa?'));
		await setQuestionActive(handle.db, b, false);
		const summary = (await listTopics(handle.db)).find((x) => x.id === t);
		expect(summary).toMatchObject({ activeCount: 2, inactiveCount: 1 });
		const other = await topic('Chủ đề trống');
		expect(await countDrawable(handle.db, [t, other, 987_654])).toEqual(
			new Map([
				[t, 2],
				[other, 0],
				[987_654, 0]
			])
		);
	});
});

describe('questions', () => {
	it('refuses fewer than 2 or more than 6 options, no correct option, empty texts', async () => {
		const t = await topic('Kiểm tra dữ liệu');
		const base = { topicId: t, text: 'Câu?', difficulty: 2 };
		const opts = (n: number, correct = 0) =>
			Array.from({ length: n }, (_, i) => ({ text: `PA ${i}`, isCorrect: i === correct }));
		expect(await createQuestion(handle.db, { ...base, options: opts(1) })).toMatchObject({
			error: 'too_few_options'
		});
		expect(await createQuestion(handle.db, { ...base, options: opts(7) })).toMatchObject({
			error: 'too_many_options'
		});
		expect(await createQuestion(handle.db, { ...base, options: opts(3, -1) })).toMatchObject({
			error: 'no_correct'
		});
		expect(await createQuestion(handle.db, { ...base, text: '  ', options: opts(2) })).toMatchObject({
			error: 'empty_text'
		});
		expect(
			await createQuestion(handle.db, {
				...base,
				options: [
					{ text: 'A', isCorrect: true },
					{ text: ' ', isCorrect: false }
				]
			})
		).toMatchObject({ error: 'empty_option' });
		expect(await createQuestion(handle.db, { ...base, topicId: 999_999, options: opts(2) })).toMatchObject({
			error: 'topic_not_found'
		});
		expect(await createQuestion(handle.db, { ...base, options: opts(6) })).toMatchObject({ ok: true });
	});

	it('marks a question with several correct options as multi', async () => {
		const t = await topic('Nhiều đáp án');
		const single = await getQuestion(handle.db, await create(t, 'Một đáp án?', [2]));
		const multi = await getQuestion(handle.db, await create(t, 'Hai đáp án?', [0, 3]));
		expect(single?.multi).toBe(false);
		expect(multi?.multi).toBe(true);
		expect(multi?.options.filter((o) => o.isCorrect).map((o) => o.position)).toEqual([0, 3]);
	});

	it('refuses a duplicate in the same topic (same text and options, any case), allows it in another', async () => {
		const t = await topic('Trùng lặp');
		await create(t, 'Phát biểu nào sau đây đúng?');
		const again = await createQuestion(handle.db, {
			topicId: t,
			...sample('PHÁT BIỂU NÀO   SAU ĐÂY ĐÚNG?'.normalize('NFD'))
		});
		expect(again).toEqual({ ok: false, error: 'duplicate' });
		// the same stem with other options is another question
		const otherOptions = await createQuestion(handle.db, {
			topicId: t,
			text: 'Phát biểu nào sau đây đúng?',
			options: [
				{ text: 'Khác', isCorrect: true },
				{ text: 'Nữa', isCorrect: false }
			]
		});
		expect(otherOptions.ok).toBe(true);
		expect(
			(
				await createQuestion(handle.db, {
					topicId: await topic('Trùng lặp 2'),
					...sample('Phát biểu nào sau đây đúng?')
				})
			).ok
		).toBe(true);
	});

	it('an edit writes a new version and leaves the old one, its options and its answers intact', async () => {
		const t = await topic('Phiên bản');
		const oldId = await create(t, 'Thủ đô của Việt Nam là?', [1]);
		const before = await getQuestion(handle.db, oldId);
		const edited = await editQuestion(handle.db, oldId, {
			text: 'Thủ đô của nước Cộng hoà xã hội chủ nghĩa Việt Nam là?',
			difficulty: 1,
			options: [
				{ text: 'Hà Nội', isCorrect: true },
				{ text: 'Huế', isCorrect: false },
				{ text: 'Đà Nẵng', isCorrect: false }
			]
		});
		expect(edited).toMatchObject({ ok: true, value: { changed: true } });
		if (!edited.ok) return;
		const newId = edited.value.id;
		expect(newId).not.toBe(oldId);

		const old = await getQuestion(handle.db, oldId);
		expect(old?.supersededAt).toBeInstanceOf(Date);
		expect({ ...old, supersededAt: null }).toEqual({ ...before, supersededAt: null });
		const current = await getQuestion(handle.db, newId);
		expect(current).toMatchObject({ replacesId: oldId, supersededAt: null, difficulty: 1, multi: false });
		expect(current?.options.map((o) => o.text)).toEqual(['Hà Nội', 'Huế', 'Đà Nẵng']);

		const page = await listQuestions(handle.db, t);
		expect(page.items.map((q) => q.id)).toEqual([newId]);
		expect(page.items[0].edited).toBe(true);
		expect(await currentVersionId(handle.db, oldId)).toBe(newId);
		expect((await previousVersions(handle.db, newId)).map((v) => v.id)).toEqual([oldId]);
	});

	it('refuses to edit or switch off a version that is no longer current', async () => {
		const t = await topic('Phiên bản cũ');
		const oldId = await create(t, 'Câu sẽ được sửa?');
		const first = await editQuestion(handle.db, oldId, sample('Câu đã sửa lần một?'));
		expect(first.ok).toBe(true);
		expect(await editQuestion(handle.db, oldId, sample('Câu sửa từ bản cũ?'))).toEqual({
			ok: false,
			error: 'stale'
		});
		expect(await setQuestionActive(handle.db, oldId, false)).toEqual({ ok: false, error: 'stale' });
		expect(await editQuestion(handle.db, 999_999, sample('Không có?'))).toEqual({
			ok: false,
			error: 'not_found'
		});
	});

	it('of two simultaneous edits of one version, exactly one wins', async () => {
		const t = await topic('Sửa đồng thời');
		const id = await create(t, 'Câu sửa đồng thời?');
		const results = await Promise.all([
			editQuestion(handle.db, id, sample('Bản sửa thứ nhất?')),
			editQuestion(handle.db, id, sample('Bản sửa thứ hai?'))
		]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, error: 'stale' }]);
		expect((await listQuestions(handle.db, t)).items).toHaveLength(1);
	});

	it('an edit that changes nothing writes no version; an inactive question stays inactive when edited', async () => {
		const t = await topic('Không đổi');
		const id = await create(t, 'Câu không đổi?');
		expect(await editQuestion(handle.db, id, sample('Câu không đổi?'))).toEqual({
			ok: true,
			value: { id, changed: false }
		});
		await setQuestionActive(handle.db, id, false);
		const edited = await editQuestion(handle.db, id, sample('Câu đã đổi?'));
		expect(edited.ok && (await getQuestion(handle.db, edited.value.id))?.active).toBe(false);
	});

	it('lists current questions by keyset pages and finds them without diacritics', async () => {
		const t = await topic('Danh sách');
		const ids: number[] = [];
		for (let i = 1; i <= 5; i++) ids.push(await create(t, `Đường lối đổi mới câu ${i}?`));
		await create(t, 'Tư tưởng Hồ Chí Minh về đạo đức?');
		const first = await listQuestions(handle.db, t, { limit: 4 });
		expect(first.items.map((q) => q.id)).toEqual(ids.slice(0, 4));
		const second = await listQuestions(handle.db, t, { limit: 4, after: first.nextAfter! });
		expect(second.items).toHaveLength(2);
		expect(second.nextAfter).toBeNull();
		expect(second.items[1].options.map((o) => o.position)).toEqual([0, 1, 2, 3]);

		const found = await listQuestions(handle.db, t, { query: 'tu tuong ho chi minh' });
		expect(found.items.map((q) => q.text)).toEqual(['Tư tưởng Hồ Chí Minh về đạo đức?']);
		expect((await listQuestions(handle.db, t, { query: 'ĐƯỜNG LỐI' })).items).toHaveLength(5);
		expect((await listQuestions(handle.db, t, { query: '100%' })).items).toHaveLength(0);
	});
});

describe('import', () => {
	it('imports 500 questions in one call with multi-row inserts, and a second import changes nothing', async () => {
		const t = await topic('Nhập 500 câu');
		const list = Array.from({ length: 500 }, (_, i) =>
			parsed(i + 1, i % 10 === 0 ? { correct: [0, 2], explanation: 'Giải thích.', difficulty: 3 } : {})
		);
		const inserts: string[] = [];
		const counted = await importQuestions(countingInserts(handle.db, inserts), { topicId: t }, list);
		expect(counted).toEqual({ ok: true, value: { total: 500, new: 500, existing: 0, skipped: 0 } });
		// one insert for the questions, one for their 2,000 options
		expect(inserts).toEqual(['insert', 'insert']);

		const stored = await listQuestions(handle.db, t, { limit: 200 });
		expect(stored.items[0]).toMatchObject({ text: list[0].text, multi: true, difficulty: 3 });
		expect(stored.items[0].options.filter((o) => o.isCorrect).map((o) => o.position)).toEqual([0, 2]);
		expect(stored.items[1].options.filter((o) => o.isCorrect).map((o) => o.position)).toEqual([2]);
		expect((await countDrawable(handle.db, [t])).get(t)).toBe(500);

		const size = async () =>
			rowsOf<{ q: number; o: number }>(
				await handle.db.execute(
					sql`select (select count(*)::int from questions) as q, (select count(*)::int from question_options) as o`
				)
			)[0];
		const before = await size();
		expect(await importQuestions(handle.db, { topicId: t }, list)).toEqual({
			ok: true,
			value: { total: 500, new: 0, existing: 500, skipped: 0 }
		});
		expect(await size()).toEqual(before);
	});

	it('plans without writing: new, already in the bank, skipped for problems', async () => {
		const t = await topic('Kế hoạch nhập');
		await importQuestions(handle.db, { topicId: t }, [parsed(1)]);
		const before = await handle.db
			.select({ id: questions.id })
			.from(questions)
			.where(eq(questions.topicId, t));
		const plan = await planImport(handle.db, { topicId: t }, [parsed(1), parsed(2), parsed(3)], [3]);
		expect(plan).toMatchObject({
			ok: true,
			value: {
				statuses: ['existing', 'new', 'skipped'],
				counts: { total: 3, new: 1, existing: 1, skipped: 1 }
			}
		});
		const after = await handle.db
			.select({ id: questions.id })
			.from(questions)
			.where(eq(questions.topicId, t));
		expect(after).toEqual(before);
		expect(await planImport(handle.db, { topicId: 999_999 }, [parsed(1)])).toEqual({
			ok: false,
			error: 'topic_not_found'
		});
	});

	it('puts each question in the topic its file names, reporting unknown and missing topics by number', async () => {
		const a = await topic('Lịch sử Đảng');
		const b = await topic('Pháp luật');
		const list = [
			parsed(1, { topic: 'lịch sử đảng' }),
			parsed(2, { topic: 'PHÁP LUẬT' }),
			parsed(3, { topic: 'Không có chủ đề này' }),
			parsed(4)
		];
		const plan = await planImport(handle.db, { byTopicName: true }, list);
		expect(plan.ok && plan.value.problems).toEqual([
			{ number: 3, line: 3, code: 'unknown_topic', params: { topic: 'Không có chủ đề này' } },
			{ number: 4, line: 4, code: 'no_topic' }
		]);
		const done = await importQuestions(handle.db, { byTopicName: true }, list);
		expect(done).toEqual({ ok: true, value: { total: 4, new: 2, existing: 0, skipped: 2 } });
		expect((await countDrawable(handle.db, [a, b])).get(a)).toBe(1);
		expect((await countDrawable(handle.db, [a, b])).get(b)).toBe(1);
	});

	it('skips a duplicate given twice in one call and invalid content, and writes options 0-based', async () => {
		const t = await topic('Nhập trùng');
		const done = await importQuestions(handle.db, { topicId: t }, [
			parsed(1),
			parsed(2, { text: parsed(1).text, options: [...parsed(1).options].reverse() }),
			parsed(3, { correct: [] }),
			parsed(4, { options: ['Chỉ một'], correct: [0] })
		]);
		expect(done).toEqual({ ok: true, value: { total: 4, new: 1, existing: 1, skipped: 2 } });
		const [q] = await handle.db.select().from(questions).where(eq(questions.topicId, t));
		const options = await handle.db
			.select()
			.from(questionOptions)
			.where(eq(questionOptions.questionId, q.id));
		expect(options.map((o) => [o.position, o.isCorrect])).toEqual([
			[0, false],
			[1, true],
			[2, false],
			[3, false]
		]);
	});
});
