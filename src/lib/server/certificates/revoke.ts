import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import { certificates } from '../db/schema';

/** Revoking keeps the row (the code then verifies as revoked); restoring undoes it. */
export async function setCertificateRevoked(
	db: Db,
	contestId: number,
	certificateId: number,
	revoked: boolean,
	now = new Date(),
	actorId: number | null = null
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.update(certificates)
			.set({ revokedAt: revoked ? now : null })
			.where(and(eq(certificates.id, certificateId), eq(certificates.contestId, contestId)))
			.returning({ id: certificates.id, code: certificates.code });
		if (rows.length !== 1) return false;
		// a certificate is an official document: taking it back or restoring it leaves a trace
		await recordAudit(tx, {
			actorId,
			contestId,
			entity: 'certificate',
			entityId: certificateId,
			action: revoked ? 'certificate.revoke' : 'certificate.restore',
			after: { code: rows[0].code, revokedAt: revoked ? now : null },
			at: now
		});
		return true;
	});
}
