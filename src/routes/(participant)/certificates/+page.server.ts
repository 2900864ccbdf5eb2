import { requireUser } from '$lib/server/auth/guards';
import { formatCertificateCode } from '$lib/server/certificates/codes';
import { myCertificates } from '$lib/server/certificates/queries';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const list = await myCertificates(db(), user.id);
	return {
		certificates: list.map((c) => ({
			id: c.id,
			code: formatCertificateCode(c.code),
			contestTitle: c.contestTitle,
			awardText: c.awardText,
			detail: c.detail,
			kind: c.kind,
			issuedAt: c.issuedAt
		}))
	};
};
