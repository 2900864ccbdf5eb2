import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { roundReliability } from '$lib/server/essays/reliability/round';
import { FLAG_THRESHOLDS } from '$lib/server/essays/reliability/judges';
import { roundOfParams } from '../../round.server';
import type { PageServerLoad } from './$types';

/** Organizer-only: it names judges and how they score. Judges never reach it (the guard). */
export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const roundId = await roundOfParams(event.params);
	const figures = await roundReliability(readDb(), roundId);
	if (!figures) error(404, m.error_404_text());
	return { figures, thresholds: FLAG_THRESHOLDS };
};
