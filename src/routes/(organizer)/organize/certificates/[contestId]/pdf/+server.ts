import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { certificatePdfResponse } from '$lib/server/certificates/download';
import { PRINT_PART, certificatesToPrint, contestForCertificates } from '$lib/server/certificates/queries';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

const query = z.object({
	contestId: z.coerce.number().int().positive(),
	round: z.coerce.number().int().positive().optional(),
	kind: z.enum(['essay_award', 'quiz_award', 'participation']).optional(),
	/** 1-based: a contest's certificates print PRINT_PART pages per file, so memory stays bounded */
	part: z.coerce.number().int().positive().max(10_000).default(1)
});

/** The valid certificates of a contest (or one round, or one kind) as one PDF, a page each. */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.contestId);
	const q = event.url.searchParams;
	const parsed = query.safeParse({
		contestId: event.params.contestId,
		round: q.get('round') ?? undefined,
		kind: q.get('kind') ?? undefined,
		part: q.get('part') ?? undefined
	});
	if (!parsed.success) error(404, m.error_404_text());
	const { contestId, round, kind, part } = parsed.data;
	const contest = await contestForCertificates(db(), contestId);
	if (!contest) error(404, m.error_404_text());
	const list = await certificatesToPrint(
		db(),
		contestId,
		{ roundId: round, kind },
		{ offset: (part - 1) * PRINT_PART, limit: PRINT_PART }
	);
	// 409, not 404: the error page shows its own text for a 404, and the organizer must read why
	if (list.length === 0) error(409, m.cert_err_nothing_to_print());
	const roundName = round ? contest.rounds.find((r) => r.id === round)?.name : undefined;
	return certificatePdfResponse(
		list,
		m.cert_file_many({ contest: roundName ? `${contest.title} – ${roundName}` : contest.title, part }),
		event.url.origin
	);
};
