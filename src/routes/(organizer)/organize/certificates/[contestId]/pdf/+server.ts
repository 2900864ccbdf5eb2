import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { contestCertificatesPdf } from '$lib/server/certificates/bulk';
import { pdfResponse } from '$lib/server/certificates/download';
import { contestForCertificates } from '$lib/server/certificates/queries';
import { readConfig } from '$lib/server/config';
import { db } from '$lib/server/db';
import { fileStore } from '$lib/server/files';
import type { RequestHandler } from './$types';

const query = z.object({
	contestId: z.coerce.number().int().positive(),
	round: z.coerce.number().int().positive().optional(),
	kind: z.enum(['essay_award', 'quiz_award', 'participation', 'unit_award']).optional(),
	/** 1-based: a contest's certificates print PRINT_PART pages per file, so memory stays bounded */
	part: z.coerce.number().int().positive().max(10_000).default(1)
});

/** The valid certificates of a contest (or one round, or one kind) as one PDF, a page each, in award order. */
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
	const printed = await contestCertificatesPdf(db(), fileStore(), contestId, {
		roundId: round,
		kind,
		part,
		origin: readConfig().origin ?? event.url.origin
	});
	// 409, not 404: the error page shows its own text for a 404, and the organizer must read why
	if (!printed) error(409, m.cert_err_nothing_to_print());
	const roundName = round ? contest.rounds.find((r) => r.id === round)?.name : undefined;
	return pdfResponse(
		printed.bytes,
		m.cert_file_many({ contest: roundName ? `${contest.title} – ${roundName}` : contest.title, part })
	);
};
