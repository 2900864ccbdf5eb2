import { createHash } from 'node:crypto';
import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { fileStore } from '$lib/server/files';
import { storeFilePictures } from '$lib/server/quiz/pictures/import';
import { type ImportTarget, importQuestions, listTopics, planImport } from '$lib/server/quiz/bank';
import { MAX_FILE_BYTES, MAX_QUESTIONS, parseQuestionFile } from '$lib/server/quiz/parsers';
import { fileErrorMessage, problemView } from '../bank-messages';
import type { ImportPreview, PreviewQuestion } from './preview';
import type { Actions, PageServerLoad } from './$types';

const upload = z.object({
	target: z.union([z.literal('file'), z.coerce.number().int().positive()]),
	file: z.instanceof(File),
	digest: z.string().max(100).optional()
});

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'organizer', 'admin');
	const wanted = Number(event.url.searchParams.get('topic'));
	const topics = (await listTopics(db())).map((t) => ({ id: t.id, name: t.name }));
	return {
		topics,
		selected: topics.some((t) => t.id === wanted) ? wanted : null,
		limits: { maxMb: MAX_FILE_BYTES / 1024 / 1024, maxQuestions: MAX_QUESTIONS }
	};
};

/** The same file for the same target gives the same digest: the confirmation must post what was previewed. */
const digestOf = (bytes: Uint8Array, target: string) =>
	createHash('sha256').update(target).update(bytes).digest('base64url');

/** Reads and parses the posted file; every refusal is a fail() with a sentence for the page. */
async function readUpload(request: Request) {
	const form = await request.formData().catch(() => null);
	const parsed = upload.safeParse({
		target: form?.get('target') ?? undefined,
		file: form?.get('file') ?? undefined,
		digest: form?.get('digest') ?? undefined
	});
	if (!parsed.success || parsed.data.file.size === 0) {
		const file = form?.get('file');
		if (!form?.get('target'))
			return { failure: fail(400, { error: m.bank_import_choose_target(), field: 'target' as const }) };
		const error =
			!(file instanceof File) || file.size === 0 ? m.bank_import_choose_file() : m.bank_e_bad_request();
		return { failure: fail(400, { error }) };
	}
	const { target, file } = parsed.data;
	if (file.size > MAX_FILE_BYTES)
		return { failure: fail(413, { error: m.bank_file_too_large({ maxMb: MAX_FILE_BYTES / 1024 / 1024 }) }) };
	const bytes = new Uint8Array(await file.arrayBuffer());
	const result = await parseQuestionFile(bytes);
	if (!result.ok) return { failure: fail(400, { error: fileErrorMessage(result.error) }) };
	const importTarget: ImportTarget = target === 'file' ? { byTopicName: true } : { topicId: target };
	return {
		file: result,
		target: importTarget,
		fileName: file.name.split(/[\\/]/).pop()?.slice(0, 200) ?? '',
		digest: digestOf(bytes, String(target)),
		posted: parsed.data.digest,
		withProblems: new Set(result.problems.map((p) => p.line))
	};
}

export const actions: Actions = {
	/** Parses the file and plans the import: writes nothing. */
	preview: async (event) => {
		requireRole(event, 'organizer', 'admin');
		const read = await readUpload(event.request);
		if ('failure' in read) return read.failure;
		const { file, target } = read;
		const plan = await planImport(db(), target, file.questions, read.withProblems);
		if (!plan.ok) return fail(404, { error: m.bank_e_topic_not_found() });
		const problems = [...file.problems, ...plan.value.problems].sort((a, b) => a.line - b.line);
		const problemLines = new Set(problems.map((p) => p.line));
		const questions: PreviewQuestion[] = file.questions.map((q, i) => ({
			number: q.number,
			line: q.line,
			text: q.text,
			options: q.options.map((text, position) => ({ text, isCorrect: q.correct.includes(position) })),
			explanation: q.explanation,
			difficulty: q.difficulty,
			topic: q.topic,
			status: problemLines.has(q.line)
				? 'problem'
				: plan.value.statuses[i] === 'existing'
					? 'existing'
					: 'new'
		}));
		const preview: ImportPreview = {
			fileName: read.fileName,
			format: file.format,
			digest: read.digest,
			counts: plan.value.counts,
			problems: problems.map(problemView),
			ignored: file.ignored.slice(0, 20),
			ignoredCount: file.ignored.length,
			questions
		};
		return { preview };
	},

	/** Re-reads the same file (the browser posts it again) and imports it, if it is the file that was previewed. */
	import: async (event) => {
		const user = requireRole(event, 'organizer', 'admin');
		const read = await readUpload(event.request);
		if ('failure' in read) return read.failure;
		if (read.posted !== read.digest) return fail(409, { error: m.bank_import_changed() });
		const pictures = await storeFilePictures(db(), fileStore(), read.file, user.id);
		const result = await importQuestions(db(), read.target, read.file.questions, {
			createdBy: user.id,
			withProblems: read.withProblems,
			pictures
		});
		if (!result.ok) return fail(404, { error: m.bank_e_topic_not_found() });
		return {
			imported: {
				...result.value,
				topicId: 'topicId' in read.target ? read.target.topicId : null
			}
		};
	}
};
