import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { readDb } from '$lib/server/db';
import { publicResults } from '$lib/server/essays/results';
import type { PageServerLoad } from './$types';

const idParam = z.coerce.number().int().positive();

// Public on purpose: published results are announced to everyone; nothing here exists before publication (404).
export const load: PageServerLoad = async ({ params, locals, setHeaders }) => {
	const parsed = idParam.safeParse(params.contestId);
	if (!parsed.success) error(404, m.error_404_text());
	const results = await publicResults(readDb(), parsed.data);
	if (!results) error(404, m.error_404_text());
	// The layout puts the signed-in person's name in the header: only the anonymous page may sit in shared caches.
	setHeaders({ 'cache-control': `${locals.user ? 'private' : 'public'}, max-age=60`, vary: 'cookie' });
	return { results };
};
