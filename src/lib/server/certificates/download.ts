import { readConfig } from '../config';
import { renderCertificates } from './pdf';
import type { CertificateText } from './queries';

const { origin, certificatePlace } = readConfig();

/** A PDF of `list` as a download; the QR codes point at the configured ORIGIN, else at the request's own. */
export async function certificatePdfResponse(
	list: CertificateText[],
	fileName: string,
	requestOrigin: string
) {
	const bytes = await renderCertificates(list, { origin: origin ?? requestOrigin, place: certificatePlace });
	const ascii = fileName
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/đ/g, 'd')
		.replace(/Đ/g, 'D')
		.replace(/[^A-Za-z0-9._-]+/g, '-');
	return new Response(bytes as Uint8Array<ArrayBuffer>, {
		headers: {
			'content-type': 'application/pdf',
			'content-length': String(bytes.length),
			'content-disposition': `attachment; filename="${ascii}.pdf"; filename*=UTF-8''${encodeURIComponent(fileName)}.pdf`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
