import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { cleanText } from '$lib/text';

/** Mirrors ENTRY_LIMITS in $lib/server/essays/entries.ts (server code cannot be imported here). */
export const ENTRY_TEXT_LIMITS = { title: 300, body: 200_000 } as const;

export const entryTitle = () =>
	z
		.string({ error: () => m.essay_err_title_required() })
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(1, { error: () => m.essay_err_title_required() })
				.max(ENTRY_TEXT_LIMITS.title, { error: () => m.v_too_long({ max: ENTRY_TEXT_LIMITS.title }) })
		);

/** The text keeps its line breaks (paragraphs); the server normalizes it (NFC, blank lines). */
export const entryBody = () =>
	z
		.string()
		.default('')
		.pipe(
			z.string().max(ENTRY_TEXT_LIMITS.body, { error: () => m.v_too_long({ max: ENTRY_TEXT_LIMITS.body }) })
		);

export const newEntrySchema = z.object({ title: entryTitle() });

export const entryFormSchema = z.object({
	title: entryTitle(),
	body: entryBody(),
	/** an empty file input sends an empty File: no new file */
	file: z
		.instanceof(File)
		.optional()
		.transform((f) => (f && f.size > 0 ? f : undefined))
});

/** "10 MB", "1,5 MB": a size in the reader's terms. */
export function formatMegabytes(bytes: number): string {
	const mb = bytes / (1024 * 1024);
	return `${mb.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}
