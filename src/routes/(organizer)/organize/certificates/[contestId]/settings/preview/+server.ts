import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { certificatePdfResponse } from '$lib/server/certificates/download';
import { issuerOf } from '$lib/server/certificates/issue';
import { contestForCertificates } from '$lib/server/certificates/queries';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

const VI = { locale: 'vi' } as const;

/** A sample certificate printed with the contest's template: what the organizer checks before printing hundreds. */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.contestId);
	const id = z.coerce.number().int().positive().safeParse(event.params.contestId);
	const contest = id.success ? await contestForCertificates(db(), id.data) : null;
	const issuer = contest ? await issuerOf(db(), contest.id) : null;
	if (!contest || !issuer) error(404, m.error_404_text());
	return certificatePdfResponse(
		{
			id: 0,
			// a code no certificate can have (U is not in the alphabet): a preview never verifies
			code: 'UUUUUUUUUU',
			kind: contest.kind === 'essay' ? 'essay_award' : 'quiz_award',
			contestId: contest.id,
			fullName: m.cert_preview_name({}, VI),
			unitName: m.cert_preview_unit({}, VI),
			contestTitle: contest.title,
			awardText: m.cert_preview_award({}, VI),
			detail: '',
			issuerName: issuer.issuerName,
			issuedAt: new Date()
		},
		`${m.cert_settings_preview({}, VI)} – ${contest.title}`,
		event.url.origin
	);
};
