import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { formatCertificateCode } from '$lib/server/certificates/codes';
import { certificatePdfResponse } from '$lib/server/certificates/download';
import { certificateForOwner } from '$lib/server/certificates/queries';
import { db } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** The person's own certificate as a PDF; anyone else's is a 404, like one that does not exist. */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const id = z.coerce.number().int().positive().safeParse(event.params.id);
	if (!id.success) error(404, m.error_404_text());
	const certificate = await certificateForOwner(db(), id.data, user.id);
	if (!certificate) error(404, m.error_404_text());
	return certificatePdfResponse(
		certificate,
		m.cert_file_one({ name: certificate.fullName, code: formatCertificateCode(certificate.code) }),
		event.url.origin
	);
};
