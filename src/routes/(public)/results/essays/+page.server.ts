import { readDb } from '$lib/server/db';
import { publishedResultsList } from '$lib/server/essays/results';
import type { PageServerLoad } from './$types';

// Public on purpose: the list of essay contests whose results are published, for everyone.
export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	setHeaders({ 'cache-control': `${locals.user ? 'private' : 'public'}, max-age=60`, vary: 'cookie' });
	return { contests: await publishedResultsList(readDb()) };
};
