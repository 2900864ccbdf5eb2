import { json } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { fileStore } from '$lib/server/files';
import { MAX_PICTURE_BYTES, readLimited, storePicture } from '$lib/server/quiz/pictures/pictures';
import { pictureErrorMessage } from '../bank-messages';
import type { RequestHandler } from './$types';

/**
 * The question editor's upload: the picture's bytes as the body (its name and declared type are ignored: the
 * content decides). Answers the stored picture's hash and size, or a sentence for the field.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireRole(event, 'organizer', 'admin');
	const body = await readLimited(event.request, MAX_PICTURE_BYTES);
	if (!body.ok)
		return json(
			{ error: pictureErrorMessage(body.error) },
			{ status: body.error === 'too_large' ? 413 : 400 }
		);
	const stored = await storePicture(db(), fileStore(), body.value, user.id);
	if (!stored.ok) return json({ error: pictureErrorMessage(stored.error) }, { status: 400 });
	const { sha256, width, height } = stored.value;
	return json({ sha256, width, height, src: `/organize/bank/pictures/${sha256}` });
};
