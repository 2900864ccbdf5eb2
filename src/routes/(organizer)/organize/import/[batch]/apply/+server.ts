import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { applyImport, findApplicableBatch } from '$lib/server/import/apply';
import type { ApplyLine, ErrorResponse } from '../../api';
import { APPLY_ERROR_STATUS, applyErrorMessage, problemView } from '../../import-messages';
import type { RequestHandler } from './$types';

const params = z.object({ batch: z.uuid() });

/**
 * POST: applies a previewed batch and streams NDJSON (ApplyLine): progress while hashing initial passwords and
 * writing, then one final line with the counts and the new people's initial passwords, or the problems.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireOrganizer(event);
	const parsed = params.safeParse(event.params);
	if (!parsed.success) error(404, m.import_apply_not_found());
	const batchId = parsed.data.batch;
	const actor = { id: user.id, isAdmin: user.roles.includes('admin'), scope: user.organizer };
	// the usual refusals come back as plain JSON errors, before any streaming starts
	const found = await findApplicableBatch(db(), batchId, actor);
	if (!found.ok)
		return json({ message: applyErrorMessage(found.error) } satisfies ErrorResponse, {
			status: APPLY_ERROR_STATUS[found.error]
		});

	// the stream outlives the request's i18n context: fix the language now
	const locale = getLocale();
	const encoder = new TextEncoder();
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const send = (line: ApplyLine) => {
				try {
					controller.enqueue(encoder.encode(JSON.stringify(line) + '\n'));
				} catch {
					// the browser went away: the import still finishes (or rolls back) on its own
				}
			};
			const run = async () => {
				try {
					const result = await applyImport(db(), batchId, actor, { onProgress: (p) => send(p) });
					if (result.ok) {
						const { counts, credentials } = result;
						const n = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB').format;
						const figures = {
							new: n(counts.new),
							updated: n(counts.updated),
							unchanged: n(counts.unchanged)
						};
						send({ done: true, ok: true, message: m.import_done(figures, { locale }), counts, credentials });
					} else
						send({
							done: true,
							ok: false,
							message: applyErrorMessage(result.error, { locale }),
							problems: result.problems.map((p) => problemView(p, { locale }))
						});
				} catch (err) {
					console.error('import apply failed', batchId, err);
					send({ done: true, ok: false, message: m.import_apply_failed({}, { locale }), problems: [] });
				} finally {
					try {
						controller.close();
					} catch {
						// already closed by a cancelled reader
					}
				}
			};
			void run();
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'application/x-ndjson; charset=utf-8',
			'cache-control': 'no-store',
			// a proxy in front (nginx) must pass each line on as it comes
			'x-accel-buffering': 'no'
		}
	});
};
