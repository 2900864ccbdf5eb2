/**
 * A contest's certificates as one PDF, in award order, a part of at most PRINT_PART pages at a time (pdf-lib builds a
 * document in memory: a 500-page part peaks at ~75 MB). Called by the organizer's download and meant for a background
 * job: it takes plain values and returns the bytes, or null when nothing is left to print.
 */
import type { Db } from '../db/client';
import type { FileStore } from '../files/store';
import { renderCertificates } from './pdf';
import { type CertificateFilter, certificatesToPrint, PRINT_PART } from './queries';
import { printTemplateOf } from './settings';

export type BulkPrint = CertificateFilter & {
	/** the site's public address the QR codes open */
	origin: string;
	/** 1-based */
	part?: number;
};

export async function contestCertificatesPdf(
	db: Db,
	store: FileStore,
	contestId: number,
	options: BulkPrint
): Promise<{ bytes: Uint8Array; pages: number } | null> {
	const part = options.part ?? 1;
	const [list, template] = await Promise.all([
		certificatesToPrint(
			db,
			contestId,
			{ roundId: options.roundId, kind: options.kind },
			{ offset: (part - 1) * PRINT_PART, limit: PRINT_PART }
		),
		printTemplateOf(db, store, contestId)
	]);
	if (list.length === 0) return null;
	const bytes = await renderCertificates(list, { origin: options.origin, template });
	return { bytes, pages: list.length };
}
