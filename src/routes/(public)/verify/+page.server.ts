import { redirect } from '@sveltejs/kit';
import { formatCertificateCode, parseCertificateCode } from '$lib/server/certificates/codes';
import type { PageServerLoad } from './$types';

// Public on purpose: anyone holding a certificate may check it; this page only forwards a typed code.
export const load: PageServerLoad = async ({ url }) => {
	const typed = url.searchParams.get('code');
	if (typed === null) return { invalid: false };
	const code = parseCertificateCode(typed);
	if (!code) return { invalid: true };
	redirect(303, `/verify/${formatCertificateCode(code)}`);
};
