import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { searchUnits } from '$lib/server/units';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

const query = z.object({ q: z.string().max(100).default('') });

// Public on purpose: the sign-up form picks a unit before there is an account. Only active units, names and codes.
export const GET: RequestHandler = async ({ url, setHeaders }) => {
	const parsed = query.safeParse({ q: url.searchParams.get('q') ?? undefined });
	if (!parsed.success) error(400, m.people_bad_request());
	setHeaders({ 'cache-control': 'public, max-age=60' });
	return json(await searchUnits(db(), parsed.data.q, 20));
};
