import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { readDb } from '$lib/server/db';
import { publicRoundResults } from '$lib/server/quiz/public-results';
import type { PageServerLoad } from './$types';

const idParam = z.coerce.number().int().positive().max(2_147_483_647);

// Public on purpose: a round's results are announced to everyone once published; before that the page does not
// exist (404), so nothing of a hidden or frozen ranking leaks.
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const parsed = idParam.safeParse(params.roundId);
	if (!parsed.success) error(404, m.error_404_text());
	const results = await publicRoundResults(readDb(), parsed.data);
	if (!results) error(404, m.error_404_text());
	// The layout puts the signed-in person's name in the header: only the anonymous page may sit in shared caches.
	setHeaders({ 'cache-control': `${locals.user ? 'private' : 'public'}, max-age=60`, vary: 'cookie' });
	return { results };
};
