import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { fileStore } from '$lib/server/files';
import { getPicture } from '$lib/server/quiz/pictures/pictures';
import { pictureResponse } from '$lib/server/quiz/pictures/respond';
import type { RequestHandler } from './$types';

/** A bank picture, for those who edit the bank (the same roles as the bank's pages). */
export const GET: RequestHandler = async (event) => {
	requireRole(event, 'organizer', 'admin');
	const picture = await getPicture(db(), event.params.sha256);
	const response = picture ? await pictureResponse(fileStore(), picture) : null;
	if (!response) error(404, m.error_404_text());
	return response;
};
