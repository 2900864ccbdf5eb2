import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { fileStore } from '$lib/server/files';
import { attemptPicture, parseSlot } from '$lib/server/quiz/pictures/access';
import { pictureResponse } from '$lib/server/quiz/pictures/respond';
import type { RequestHandler } from './$types';

const id = z.coerce.number().int().min(0).max(2_000_000_000);

/** A picture of a question in the caller's own attempt; anyone else's attempt is a 404, like a missing one. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const attemptId = id.safeParse(event.params.attemptId);
	const position = id.safeParse(event.params.position);
	const slot = parseSlot(event.params.slot);
	if (!attemptId.success || !position.success || slot === null) error(404, m.error_404_text());
	const picture = await attemptPicture(db(), {
		attemptId: attemptId.data,
		userId: user.id,
		position: position.data,
		slot
	});
	const response = picture ? await pictureResponse(fileStore(), picture) : null;
	if (!response) error(404, m.error_404_text());
	return response;
};
