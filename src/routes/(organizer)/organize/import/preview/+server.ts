import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { previewImport } from '$lib/server/import/preview';
import { MAX_FILE_BYTES } from '$lib/server/import/read-table';
import { IMPORT_KINDS } from '$lib/server/import/types';
import type { ErrorResponse, PreviewResponse } from '../api';
import { fileErrorMessage, problemView } from '../import-messages';
import type { RequestHandler } from './$types';

const input = z.object({ kind: z.enum(IMPORT_KINDS), file: z.instanceof(File) });

/** POST multipart (kind, file): checks the file, stores a previewed batch, answers PreviewResponse. */
export const POST: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const form = await event.request.formData().catch(() => null);
	const parsed = input.safeParse({ kind: form?.get('kind'), file: form?.get('file') });
	if (!parsed.success) error(400, m.import_invalid_request());
	const { kind, file } = parsed.data;
	// the unit tree is the whole organization's: only a global organizer (or an administrator) reshapes it
	if (kind === 'units' && user.organizer.kind !== 'global')
		return json({ message: m.import_units_global_only() } satisfies ErrorResponse, { status: 403 });
	if (file.size > MAX_FILE_BYTES)
		return json(
			{ message: m.import_file_too_large({ maxMb: MAX_FILE_BYTES / 1024 / 1024 }) } satisfies ErrorResponse,
			{
				status: 413
			}
		);

	const result = await previewImport(db(), {
		kind,
		fileName: file.name,
		bytes: new Uint8Array(await file.arrayBuffer()),
		userId: user.id,
		scope: user.organizer
	});
	if (!result.ok)
		return json({ message: fileErrorMessage(result.error) } satisfies ErrorResponse, { status: 400 });
	const { preview } = result;
	return json({
		batchId: preview.batchId,
		kind: preview.kind,
		fileName: preview.fileName,
		counts: preview.counts,
		canApply: preview.counts.errors === 0,
		problems: preview.problems.map((p) => problemView(p)),
		headcountWarnings: preview.headcountWarnings
	} satisfies PreviewResponse);
};
