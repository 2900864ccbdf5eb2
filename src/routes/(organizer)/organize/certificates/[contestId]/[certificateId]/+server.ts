import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { formatCertificateCode } from '$lib/server/certificates/codes';
import { certificatePdfResponse } from '$lib/server/certificates/download';
import { certificateOfContest } from '$lib/server/certificates/queries';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

const id = z.coerce.number().int().positive();

/** One certificate of the contest as a PDF (organizers print any, revoked ones too: they verify as revoked). */
export const GET: RequestHandler = async (event) => {
	await requireContestOrganizer(event, event.params.contestId);
	const contestId = id.safeParse(event.params.contestId);
	const certificateId = id.safeParse(event.params.certificateId);
	if (!contestId.success || !certificateId.success) error(404, m.error_404_text());
	const certificate = await certificateOfContest(db(), contestId.data, certificateId.data);
	if (!certificate) error(404, m.error_404_text());
	return certificatePdfResponse(
		certificate,
		m.cert_file_one({ name: certificate.fullName, code: formatCertificateCode(certificate.code) }),
		event.url.origin
	);
};
