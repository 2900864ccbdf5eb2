import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { entryErrorMessage, type EntryField } from '$lib/components/essays/entry-errors';
import { countWords } from '$lib/components/essays/word-count';
import { m } from '$lib/paraglide/messages';
import { entryFormSchema } from '$lib/schemas/essays-entry';
import { requireUser } from '$lib/server/auth/guards';
import { limits } from '$lib/server/auth/rate-limit';
import { retryAfter } from '$lib/server/auth/request';
import type { SessionUser } from '$lib/server/auth/session';
import { db } from '$lib/server/db';
import {
	attachFile,
	type AuthorEntry,
	type EntryError,
	getEntryForAuthor,
	submitEntry,
	updateDraft,
	withdrawEntry
} from '$lib/server/essays/entries';
import { participantResults } from '$lib/server/essays/results';
import { fileStore } from '$lib/server/files';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const idParam = z.coerce.number().int().positive();

async function ownEntry(event: RequestEvent, userId: number): Promise<AuthorEntry> {
	const parsed = idParam.safeParse(event.params.entryId);
	if (!parsed.success) error(404, m.error_404_text());
	const found = await getEntryForAuthor(db(), parsed.data, userId);
	if (!found) error(404, m.error_404_text());
	return found;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const { entry, contest, editable } = await ownEntry(event, user.id);
	// nothing about scores, rounds or tiers before the results are published
	const results = await participantResults(db(), contest.id, user.id);
	return {
		result: results.published
			? {
					publishedAt: results.publishedAt,
					entry: results.entries.find((r) => r.entryId === entry.id) ?? null
				}
			: null,
		entry: {
			id: entry.id,
			code: entry.code,
			title: entry.title,
			body: entry.body,
			wordCount: entry.wordCount,
			fileName: entry.fileName,
			fileKind: entry.fileKind,
			status: entry.status,
			submittedAt: entry.submittedAt,
			updatedAt: entry.updatedAt
		},
		contest: {
			id: contest.id,
			title: contest.title,
			closesAt: contest.closesAt,
			state: contest.state,
			requirement: contest.requirement,
			minWords: contest.minWords,
			maxWords: contest.maxWords,
			maxFileBytes: contest.maxFileBytes,
			entryKind: contest.entryKind
		},
		editable
	};
};

type Values = { title: string; body: string };

function refused(status: number, values: Values, code: EntryError, found: AuthorEntry, fileKept = false) {
	const words = countWords(values.body);
	const { field, text } = entryErrorMessage(code, {
		wordCount: words > 0 ? words : found.entry.wordCount,
		minWords: found.contest.minWords,
		maxWords: found.contest.maxWords,
		maxFileBytes: found.contest.maxFileBytes
	});
	const errors: Partial<Record<EntryField, string>> = { [field]: text };
	return fail(status, { values, errors, fileKept });
}

async function saveAndMaybeSubmit(event: RequestEvent, user: SessionUser, submit: boolean) {
	const found = await ownEntry(event, user.id);
	const form = await event.request.formData();
	const values: Values = { title: String(form.get('title') ?? ''), body: String(form.get('body') ?? '') };
	const limited = await limits.essayWritePerUser.hit(db(), String(user.id));
	if (!limited.ok) {
		retryAfter(event, limited.retryAfter);
		return fail(429, {
			values,
			errors: { form: m.rate_limited({ seconds: limited.retryAfter }) },
			fileKept: false
		});
	}
	const file = form.get('file');
	const parsed = entryFormSchema.safeParse({ ...values, file: file instanceof File ? file : undefined });
	if (!parsed.success) {
		const errors: Partial<Record<EntryField, string>> = {};
		for (const issue of parsed.error.issues) {
			const field = (issue.path[0] as EntryField | undefined) ?? 'form';
			errors[field] ??= issue.message;
		}
		return fail(400, { values, errors, fileKept: false });
	}
	const edit = {
		entryId: found.entry.id,
		authorId: user.id,
		title: parsed.data.title,
		body: parsed.data.body,
		files: fileStore()
	};
	// The text is saved first, so that a refused file never costs the author what they typed.
	const saved = await updateDraft(db(), edit);
	if (!saved.ok) return refused(409, values, saved.error, found);
	if (parsed.data.file) {
		const bytes = new Uint8Array(await parsed.data.file.arrayBuffer());
		const attached = await attachFile(
			db(),
			edit.files,
			found.entry.id,
			user.id,
			bytes,
			parsed.data.file.name
		);
		if (!attached.ok) return refused(400, values, attached.error, found, true);
	}
	if (submit && found.entry.status === 'draft') {
		const submitted = await submitEntry(db(), edit);
		if (!submitted.ok) {
			const after = await getEntryForAuthor(db(), found.entry.id, user.id);
			return refused(409, values, submitted.error, after ?? found);
		}
		return { done: 'submitted' as const };
	}
	return { done: found.entry.status === 'submitted' ? ('saved_submitted' as const) : ('saved' as const) };
}

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		return saveAndMaybeSubmit(event, user, false);
	},
	submit: async (event) => {
		const user = requireUser(event);
		return saveAndMaybeSubmit(event, user, true);
	},
	withdraw: async (event) => {
		const user = requireUser(event);
		const found = await ownEntry(event, user.id);
		const result = await withdrawEntry(db(), { entryId: found.entry.id, authorId: user.id });
		if (!result.ok) {
			const values = { title: found.entry.title, body: found.entry.body };
			return refused(409, values, result.error, found);
		}
		return { done: 'withdrawn' as const };
	}
};
