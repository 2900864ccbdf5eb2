import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { limits } from '$lib/server/auth/rate-limit';
import { clientAddress } from '$lib/server/auth/request';
import { formatCertificateCode } from '$lib/server/certificates/codes';
import { verifyCertificateWithFallback } from '$lib/server/certificates/queries';
import { db, readDb } from '$lib/server/db';
import type { PageServerLoad } from './$types';

// Public on purpose: the QR code on a printed certificate opens this page for anyone. It answers for one exact code
// (50 random bits: not guessable), lookups are limited per address, and a revoked certificate names nobody.
export const load: PageServerLoad = async (event) => {
	const limited = await limits.certificateVerifyPerIp.hit(db(), clientAddress(event));
	if (!limited.ok) {
		event.setHeaders({ 'retry-after': String(limited.retryAfter) });
		error(429, m.cert_verify_too_many({ seconds: limited.retryAfter }));
	}
	event.setHeaders({ 'cache-control': 'no-store' });
	const result = await verifyCertificateWithFallback(readDb(), db(), event.params.code);
	if (result.status === 'replaced')
		return { result: { ...result, replacedBy: formatCertificateCode(result.replacedBy) } };
	if (result.status !== 'valid') return { result };
	const code = formatCertificateCode(result.certificate.code);
	return { result: { ...result, certificate: { ...result.certificate, code } } };
};
