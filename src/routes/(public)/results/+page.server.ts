import { readDb } from '$lib/server/db';
import { publishedResultsList } from '$lib/server/essays/results';
import { publishedRoundsList } from '$lib/server/quiz/public-results';
import type { PageServerLoad } from './$types';

// Public on purpose: the list of published results (quiz rounds and essay contests), for everyone.
export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	// The layout shows the signed-in person's name: only the anonymous page may sit in shared caches.
	setHeaders({ 'cache-control': `${locals.user ? 'private' : 'public'}, max-age=60`, vary: 'cookie' });
	const [rounds, essays] = await Promise.all([publishedRoundsList(readDb()), publishedResultsList(readDb())]);
	return { rounds, essays };
};
