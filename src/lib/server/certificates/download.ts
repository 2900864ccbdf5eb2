import { readConfig } from '../config';
import { db } from '../db';
import { fileStore } from '../files';
import { renderCertificates } from './pdf';
import type { CertificateText } from './queries';
import { printTemplateOf } from './settings';

const { origin } = readConfig();

/** A PDF as a download named `fileName` (Vietnamese kept in filename*, an ASCII fallback in filename). */
export function pdfResponse(bytes: Uint8Array, fileName: string) {
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

/** One certificate as a download, printed with its contest's template; the QR code points at ORIGIN, else the request's. */
export async function certificatePdfResponse(
	certificate: CertificateText,
	fileName: string,
	requestOrigin: string
) {
	const template = await printTemplateOf(db(), fileStore(), certificate.contestId);
	const bytes = await renderCertificates([certificate], { origin: origin ?? requestOrigin, template });
	return pdfResponse(bytes, fileName);
}
