import { eq, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Handle } from '../result';
import { certificates, contests, units, type CertificateKind } from '../db/schema';
import { newCertificateCode } from './codes';

/** What issuing essay and quiz certificates shares: the subject of a certificate and the upsert that issues it. */

export type Outcome<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };
export const fail = <E extends string>(error: E) => ({ ok: false, error }) as const;

export const VI = { locale: 'vi' } as const;
const BATCH = 1000;

export type Subject = {
	kind: CertificateKind;
	roundId: number | null;
	entryId: number | null;
	/** a person's certificate names them; a collective prize's names the unit */
	userId: number | null;
	unitId?: number | null;
	fullName: string;
	unitName: string;
	awardText: string;
	detail: string;
	/** print order: the tier's position or the rank */
	awardRank?: number | null;
};

export type IssueSummary = { created: number; refreshed: number; revoked: number };

/** The name printed at the top: the unit the contest is held for, or the application's name. */
export async function issuerOf(db: Handle, contestId: number) {
	const [row] = await db
		.select({ kind: contests.kind, title: contests.title, unitName: units.name })
		.from(contests)
		.leftJoin(units, eq(units.id, contests.eligibleUnitId))
		.where(eq(contests.id, contestId));
	if (!row) return null;
	return { kind: row.kind, title: row.title, issuerName: row.unitName ?? m.app_name({}, VI) };
}

const printedChanged = sql`(${certificates.fullName}, ${certificates.unitName}, ${certificates.contestTitle},
	${certificates.awardText}, ${certificates.detail}, ${certificates.issuerName})
	is distinct from (excluded.full_name, excluded.unit_name, excluded.contest_title, excluded.award_text,
	excluded.detail, excluded.issuer_name)`;

/**
 * Inserts new subjects with fresh codes and brings existing ones to the current text (a new code when the printed
 * text changes; revoked rows made valid). Counted per row from RETURNING (`xmax = 0`: inserted by this statement),
 * so two issues at once each report what they did. Returns how many rows were created.
 */
export async function upsert(
	tx: Handle,
	contest: { id: number; title: string; issuerName: string },
	subjects: Subject[],
	issuedBy: number | null,
	now: Date,
	keepExisting = false
): Promise<number> {
	let created = 0;
	for (let i = 0; i < subjects.length; i += BATCH) {
		const rows = subjects.slice(i, i + BATCH).map((s) => ({
			...s,
			unitId: s.unitId ?? null,
			awardRank: s.awardRank ?? null,
			code: newCertificateCode(),
			contestId: contest.id,
			contestTitle: contest.title,
			issuerName: contest.issuerName,
			issuedBy,
			issuedAt: now
		}));
		if (keepExisting) {
			const done = await tx
				.insert(certificates)
				.values(rows)
				.onConflictDoNothing()
				.returning({ id: certificates.id });
			created += done.length;
			continue;
		}
		const done = await tx
			.insert(certificates)
			.values(rows)
			.onConflictDoUpdate({
				target: [
					certificates.kind,
					certificates.contestId,
					certificates.roundId,
					certificates.entryId,
					certificates.userId,
					certificates.unitId
				],
				set: {
					code: sql`case when ${printedChanged} then excluded.code else ${certificates.code} end`,
					issuedAt: sql`case when ${printedChanged} then excluded.issued_at else ${certificates.issuedAt} end`,
					issuedBy: sql`case when ${printedChanged} then excluded.issued_by else ${certificates.issuedBy} end`,
					fullName: sql`excluded.full_name`,
					unitName: sql`excluded.unit_name`,
					contestTitle: sql`excluded.contest_title`,
					awardText: sql`excluded.award_text`,
					detail: sql`excluded.detail`,
					issuerName: sql`excluded.issuer_name`,
					awardRank: sql`excluded.award_rank`,
					revokedAt: sql`null`
				}
			})
			.returning({ inserted: sql<boolean>`(xmax = 0)` });
		created += done.filter((r) => r.inserted === true || String(r.inserted) === 'true').length;
	}
	return created;
}
